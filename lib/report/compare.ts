// Comparison of two runs of the same cluster: what got worse, better, appeared, went away, or changed
// evidence while keeping its status. Pure: works on RunReports, so the API, the UI and tests share it.
import type { RunComparison } from "@/lib/contracts/reports";
import type { CheckResult, Evidence, Status, Verdict } from "@/lib/engine/types";

/** Worst first: a status lower in this list is better. */
export const STATUS_ORDER: readonly Status[] = ["fail", "unknown", "manual", "warn", "pass", "not-applicable"];

// pass and not-applicable are equally fine: a check that starts or stops applying (the plan turned the CSI
// driver on, say) is a change, not an improvement or a regression.
const rank = (s: Status) => STATUS_ORDER.indexOf(s === "not-applicable" ? "pass" : s);

/** Positive when `a` is worse than `b`. */
export function statusWorseness(a: Status, b: Status): number {
  return rank(b) - rank(a);
}

/** The part of a RunReport a comparison reads. */
export interface ComparableRun {
  verdict: Verdict;
  checks: readonly Pick<CheckResult, "id" | "title" | "section" | "status" | "evidence" | "waiver">[];
}

export type { EvidenceChange, PresenceChange, RunComparison, StatusChange } from "@/lib/contracts/reports";

export function compareRuns(older: ComparableRun, newer: ComparableRun): RunComparison {
  const before = new Map(older.checks.map((c) => [c.id, c]));
  const after = new Map(newer.checks.map((c) => [c.id, c]));
  const result: RunComparison = {
    verdict: { from: older.verdict, to: newer.verdict, changed: older.verdict !== newer.verdict },
    worse: [],
    better: [],
    appeared: [],
    disappeared: [],
    evidenceChanged: [],
    unchanged: 0,
  };
  for (const now of newer.checks) {
    const was = before.get(now.id);
    if (!was) {
      result.appeared.push({ id: now.id, title: now.title, section: now.section, status: now.status });
      continue;
    }
    const change = { id: now.id, title: now.title, section: now.section, from: was.status, to: now.status };
    const delta = statusWorseness(now.status, was.status);
    if (delta > 0) result.worse.push(change);
    else if (delta < 0) result.better.push(change);
    else {
      // Becoming waived, or a waiver ending, changes how a result is judged, not what the check found:
      // "changed", never better or worse.
      const waiverChanged = (was.waiver?.id ?? null) !== (now.waiver?.id ?? null);
      const labels = [
        ...(was.status !== now.status ? ["Status"] : []),
        ...changedEvidenceLabels(was.evidence, now.evidence),
        ...(waiverChanged ? ["Waiver"] : []),
      ];
      if (labels.length > 0) result.evidenceChanged.push({ id: now.id, title: now.title, section: now.section, status: now.status, labels });
      else result.unchanged += 1;
    }
  }
  for (const was of older.checks) {
    if (!after.has(was.id)) result.disappeared.push({ id: was.id, title: was.title, section: was.section, status: was.status });
  }
  // Worst outcome first, so the list reads as a to-do.
  const byNewStatus = (a: { to: Status }, b: { to: Status }) => STATUS_ORDER.indexOf(a.to) - STATUS_ORDER.indexOf(b.to);
  result.worse.sort(byNewStatus);
  result.better.sort(byNewStatus);
  return result;
}

// Response times differ on every run; "answered in 41 ms" then "in 57 ms" is not a change to review.
const timing = (text: string) => text.replace(/\b\d+(\.\d+)? ?ms\b/g, "… ms");

/** Labels (in order of first appearance) whose value or detail differs between two evidence lists, timings aside. */
export function changedEvidenceLabels(a: readonly Evidence[], b: readonly Evidence[]): string[] {
  // Labels may repeat (one row per node, say): compare the values of each label as a list.
  const group = (list: readonly Evidence[]) => {
    const m = new Map<string, string[]>();
    for (const e of list) m.set(e.label, [...(m.get(e.label) ?? []), timing(`${e.value}\u0000${e.detail ?? ""}`)]);
    return m;
  };
  const ga = group(a);
  const gb = group(b);
  const labels = [...new Set([...a.map((e) => e.label), ...b.map((e) => e.label)])];
  return labels.filter((label) => JSON.stringify(ga.get(label) ?? []) !== JSON.stringify(gb.get(label) ?? []));
}

/** The minimal listing a "since last ready" lookup needs; newest first, as listRuns returns them. */
export interface RunListing {
  id: string;
  status: string;
  verdict: Verdict | null;
  startedAt: string;
}

const READY: readonly Verdict[] = ["ready", "ready-with-warnings"];

export function isReadyVerdict(v: Verdict | null | undefined): boolean {
  return v != null && READY.includes(v);
}

/**
 * The newest finished run that was ready (or ready with warnings), older than the latest finished run.
 * Undefined when the latest is the only ready one, or none ever was: there is nothing to compare.
 */
export function lastReadyRun<R extends RunListing>(runs: readonly R[]): R | undefined {
  const finished = [...runs].filter((r) => r.status === "finished").sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const [, ...earlier] = finished;
  return earlier.find((r) => isReadyVerdict(r.verdict));
}

/** The pair for "since last ready": the last ready run and the latest finished one. */
export function sinceLastReady<R extends RunListing>(runs: readonly R[]): { ready: R; latest: R } | undefined {
  const latest = [...runs].filter((r) => r.status === "finished").sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
  const ready = lastReadyRun(runs);
  return latest && ready ? { ready, latest } : undefined;
}

/** The finished run before `runId` in a newest-first listing, for "compare with previous". */
export function previousFinishedRun<R extends RunListing>(runs: readonly R[], runId: string): R | undefined {
  const finished = [...runs].filter((r) => r.status === "finished").sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const i = finished.findIndex((r) => r.id === runId);
  return i >= 0 ? finished[i + 1] : undefined;
}
