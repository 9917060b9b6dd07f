// The terminal report: the verdict and what blocks the install first, then every check grouped like the prerequisites
// document, worst news first within each section, with the reason for every unknown and the commands to copy. Prose
// wraps at the terminal's width; commands never do (they are copied). Colors only when the caller says so.
import { SECTIONS } from "@/lib/checks/sections";
import { MODE_LABELS } from "@/lib/engine/plan";
import type { CheckResult, RunReport, Status, Verdict } from "@/lib/engine/types";
import { countByStatus } from "@/lib/engine/verdict";
import { blockersOf } from "./blockers";

export interface TextOptions {
  /** ANSI colors; the CLI enables them only for a TTY without NO_COLOR. */
  color?: boolean;
  /** Columns to wrap prose at (the terminal's width); without it (a file, a pipe) lines are not wrapped. */
  width?: number;
}

const MARKER: Record<Status, string> = {
  pass: "PASS",
  warn: "WARN",
  fail: "FAIL",
  unknown: "UNKNOWN",
  "not-applicable": "N/A",
  manual: "MANUAL",
};

const STATUS_ORDER: Record<Status, number> = { fail: 0, unknown: 1, manual: 2, warn: 3, pass: 4, "not-applicable": 5 };

const VERDICT_TEXT: Record<Verdict, string> = {
  ready: "READY",
  "ready-with-warnings": "READY WITH WARNINGS",
  incomplete: "INCOMPLETE",
  "not-ready": "NOT READY",
};

const VERDICT_EXPLAINED: Record<Verdict, string> = {
  ready: "every blocking prerequisite passed",
  "ready-with-warnings": "no blocking problem, but review the warnings",
  incomplete: "a blocking check could not be decided or a manual item is still open",
  "not-ready": "at least one blocking prerequisite failed",
};

type Paint = (code: number, s: string) => string;

export function toText(report: RunReport, options: TextOptions = {}): string {
  const paint: Paint = options.color ? (code, s) => `\u001b[${code}m${s}\u001b[0m` : (_code, s) => s;
  const bold = (s: string) => paint(1, s);
  const dim = (s: string) => paint(2, s);
  const lines: string[] = [];
  const { target, plan } = report;
  const width = options.width === undefined ? Infinity : Math.max(60, options.width);
  const wrapAt = (text: string, indent: string) => wrap(text, width, indent);

  // A header row: its label, then its value wrapped under itself.
  const row = (label: string, value: string) => {
    const [first, ...rest] = wrapAt(value, "            ");
    lines.push(`  ${label.padEnd(10)}${first!.trimStart()}`, ...rest);
  };
  lines.push(bold("Dynatrace Operator readiness"));
  row("Cluster", `${target.name} (context ${target.context}, ${target.server})`);
  if (target.tenant) row("Tenant", tenantLine(target.tenant));
  row("Plan", `${MODE_LABELS[plan.mode]}, operator ${plan.operatorVersion}, namespace ${plan.namespace}, CSI driver ${plan.csiDriver ? "on" : "off"}`);
  row("Run", `${report.startedAt}, ${formatDuration(report.durationMs)}`);
  if (report.replayOf) row("Replay", `judged again with the current checks, facts collected ${report.replayOf.collectedAt}`);
  lines.push("");
  lines.push(verdictLine(report, paint, bold));
  const blockers = blockersOf(report);
  if (blockers.length > 0) {
    lines.push(bold(`What blocks this install (${blockers.length}):`));
    for (const b of blockers) {
      lines.push(`  ${paint(statusColor(b.status), `[${MARKER[b.status]}]`.padEnd(9))} ${b.title} ${dim(b.id)}`);
      lines.push(...wrapAt(b.why, "            "));
    }
  }
  lines.push("");

  for (const section of SECTIONS) {
    const checks = report.checks
      .filter((c) => c.section === section.id)
      .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
    if (checks.length === 0) continue;
    lines.push(bold(`${section.number}. ${section.title}`));
    for (const c of checks) lines.push(...checkLines(c, paint, dim, wrapAt));
    lines.push("");
  }

  const counts = countByStatus(report.checks);
  const parts = (["pass", "warn", "fail", "unknown", "manual", "not-applicable"] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s === "not-applicable" ? "not applicable" : s}`);
  lines.push(`Summary: ${report.checks.length} checks: ${parts.join(", ") || "none"}`);
  lines.push(verdictLine(report, paint, bold));
  return `${lines.join("\n")}\n`;
}

function verdictLine(report: RunReport, paint: Paint, bold: (s: string) => string): string {
  return `${bold("Verdict:")} ${paint(verdictColor(report.verdict), bold(VERDICT_TEXT[report.verdict]))} (${VERDICT_EXPLAINED[report.verdict]})`;
}

/** Words to lines of at most `width` columns after `indent`; a word longer than a line is kept whole. */
export function wrap(text: string, width: number, indent: string): string[] {
  const out: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/ +/)) {
      if (line && indent.length + line.length + 1 + word.length > width) {
        out.push(indent + line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    out.push(indent + line);
  }
  return out;
}

function tenantLine(t: NonNullable<RunReport["target"]["tenant"]>): string {
  const parts = [
    `operator token ${t.operatorTokenPublic}`,
    t.ingestTokenPublic ? `data-ingest token ${t.ingestTokenPublic}` : "no data-ingest token",
    ...(t.proxy ? [`proxy ${t.proxy}`] : []),
    ...(t.customCa ? ["custom CA"] : []),
    ...(t.networkZone ? [`network zone ${t.networkZone}`] : []),
  ];
  return `${t.name ? `${t.name}, ` : ""}${t.apiUrl} (${parts.join(", ")})`;
}

function checkLines(c: CheckResult, paint: Paint, dim: (s: string) => string, wrapAt: (text: string, indent: string) => string[]): string[] {
  const marker = paint(statusColor(c.status), `[${MARKER[c.status]}]`.padEnd(9));
  const severity = c.severity === "advisory" ? dim(" (advisory)") : "";
  const out = [`  ${marker} ${c.title}${severity} ${dim(c.id)}`];
  const indent = "            ";
  if (c.summary) out.push(...wrapAt(c.summary, indent));
  if (c.reason && c.reason !== c.summary) out.push(...wrapAt(`Reason: ${c.reason}`, indent));
  const actionable = c.status !== "pass" && c.status !== "not-applicable";
  if (actionable) {
    for (const e of c.evidence) {
      out.push(...wrapAt(`${e.label}: ${e.value}`, indent).map(dim));
      if (e.detail) out.push(...clip(e.detail.split("\n"), DETAIL_LINES).map((l) => dim(`${indent}  ${l}`)));
    }
    if (c.remediation.text) out.push(...wrapAt(`Fix: ${c.remediation.text}`, indent));
    // Printed verbatim after the prompt: indenting a heredoc's body or terminator would break the copy.
    for (const cmd of c.remediation.commands) out.push(`${indent}  $ ${cmd}`);
    for (const d of c.remediation.docs) out.push(dim(`${indent}Docs: ${d.title} ${d.url}`));
  }
  return out;
}

const DETAIL_LINES = 8;

function clip(lines: string[], max: number): string[] {
  if (lines.length <= max) return lines;
  return [...lines.slice(0, max), `... ${lines.length - max} more (the JSON report has them all: --format json)`];
}

function statusColor(s: Status): number {
  switch (s) {
    case "pass":
      return 32;
    case "warn":
    case "manual":
      return 33;
    case "fail":
      return 31;
    case "unknown":
      return 35;
    default:
      return 2;
  }
}

function verdictColor(v: Verdict): number {
  return v === "ready" ? 32 : v === "not-ready" ? 31 : 33;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
