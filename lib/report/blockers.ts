// What blocks an install, worst first: the blocking fails (not waived), then the blocking checks that could not be
// decided, then the manual items still open. The CLI's text report, the run page's panel and the install plan's
// "withheld" reason all list the same items, in this order.
import type { CheckResult, RunReport } from "@/lib/engine/types";

export interface Blocker {
  id: string;
  title: string;
  status: "fail" | "unknown" | "manual";
  /** One line: why it blocks (the reason of an unknown, the summary of a fail or an open manual item). */
  why: string;
}

const ORDER = { fail: 0, unknown: 1, manual: 2 } as const;

function oneLine(text: string): string {
  const first = text.split(/\r?\n/)[0]!.trim();
  return first.length > 240 ? `${first.slice(0, 239)}…` : first;
}

export function blockersOf(report: Pick<RunReport, "checks">): Blocker[] {
  const out: Blocker[] = [];
  for (const c of report.checks) {
    const blocking = blocks(c);
    if (blocking) out.push({ id: c.id, title: c.title, status: blocking, why: oneLine(c.status === "unknown" ? (c.reason ?? c.summary) : c.summary) });
  }
  return out.sort((a, b) => ORDER[a.status] - ORDER[b.status]);
}

/** As verdictOf decides: a blocking fail not waived, a blocking unknown, or any open manual item. */
function blocks(c: CheckResult): Blocker["status"] | undefined {
  if (c.status === "manual") return "manual";
  if (c.severity !== "blocking") return undefined;
  if (c.status === "fail" && !c.waiver) return "fail";
  if (c.status === "unknown") return "unknown";
  return undefined;
}
