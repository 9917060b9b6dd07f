import type { Attestation, CheckResult, Status, Verdict } from "./types";

/**
 * First match wins: not-ready (a blocking fail), incomplete (a blocking unknown or an open manual item),
 * ready-with-warnings (any warn, or an advisory fail/unknown), ready.
 */
export function verdictOf(results: readonly Pick<CheckResult, "status" | "severity">[]): Verdict {
  const blocking = results.filter((r) => r.severity === "blocking");
  if (blocking.some((r) => r.status === "fail")) return "not-ready";
  if (blocking.some((r) => r.status === "unknown") || results.some((r) => r.status === "manual")) return "incomplete";
  if (results.some((r) => r.status === "warn" || r.status === "fail" || r.status === "unknown")) {
    return "ready-with-warnings";
  }
  return "ready";
}

/** An attested manual item counts as passed; it keeps the attestation as its evidence. */
export function applyAttestations(results: readonly CheckResult[], attestations: readonly Attestation[]): CheckResult[] {
  const byCheck = new Map(attestations.map((a) => [a.checkId, a]));
  return results.map((r) => {
    const a = byCheck.get(r.id);
    if (r.status !== "manual" || !a) return r;
    return {
      ...r,
      status: "pass" as Status,
      summary: `Attested by ${a.by}`,
      evidence: [...r.evidence, { label: "Attested", value: `${a.by} at ${a.at}`, detail: a.note || undefined }],
      attestation: a,
    };
  });
}

export function countByStatus(results: readonly Pick<CheckResult, "status">[]): Record<Status, number> {
  const counts: Record<Status, number> = { pass: 0, warn: 0, fail: 0, unknown: 0, "not-applicable": 0, manual: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}

/** Exit codes of `dtready check` (DESIGN.md): 0 ready, 4 ready with warnings, 3 not ready, 2 incomplete. */
export const EXIT_CODES: Record<Verdict, number> = {
  ready: 0,
  "ready-with-warnings": 4,
  "not-ready": 3,
  incomplete: 2,
};
