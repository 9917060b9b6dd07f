import type { Attestation, CheckResult, Status, Verdict, WaiverRef } from "./types";

/**
 * First match wins: not-ready (a blocking fail), incomplete (a blocking unknown or an open manual item),
 * ready-with-warnings (any warn, or an advisory fail/unknown), ready. A waived warn or fail is an accepted
 * risk: it counts like a warn, so the best verdict a run with a waiver can reach is ready-with-warnings.
 */
export function verdictOf(results: readonly (Pick<CheckResult, "status" | "severity"> & { waiver?: unknown })[]): Verdict {
  const blocking = results.filter((r) => r.severity === "blocking");
  if (blocking.some((r) => r.status === "fail" && !isWaived(r))) return "not-ready";
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
      status: "pass",
      summary: `Attested by ${a.by}`,
      evidence: [...r.evidence, { label: "Attested", value: `${a.by} at ${a.at}`, detail: a.note || undefined }],
      attestation: a,
    };
  });
}

/** A waiver as stored for a cluster: it names its check and may have been revoked. */
export interface WaiverRecord extends WaiverRef {
  checkId: string;
  revokedAt?: string | null;
}

/** Only a known risk can be accepted: unknown, manual, pass and not-applicable are never waived. */
export const WAIVABLE: ReadonlySet<Status> = new Set<Status>(["warn", "fail"]);

function isWaived(r: { status: Status; waiver?: unknown }): boolean {
  return r.waiver !== undefined && WAIVABLE.has(r.status);
}

/** Applies while not revoked and `now` is before its expiry. */
export function isWaiverActive(w: Pick<WaiverRecord, "expiresAt" | "revokedAt">, now: Date): boolean {
  return !w.revokedAt && now.getTime() < Date.parse(w.expiresAt);
}

/**
 * Marks each warn or fail that an active waiver covers. The status stays what the check found (a waived
 * item is shown as waived, never as passed); only verdictOf reads the waiver. A waiver left on a result
 * from an earlier read is dropped when it no longer applies.
 */
export function applyWaivers(results: readonly CheckResult[], waivers: readonly WaiverRecord[], now: Date): CheckResult[] {
  const byCheck = new Map<string, WaiverRef>();
  for (const w of waivers) {
    if (!isWaiverActive(w, now)) continue;
    byCheck.set(w.checkId, { id: w.id, owner: w.owner, justification: w.justification, createdAt: w.createdAt, expiresAt: w.expiresAt });
  }
  return results.map((r) => {
    const waiver = WAIVABLE.has(r.status) ? byCheck.get(r.id) : undefined;
    if (waiver) return { ...r, waiver };
    if (r.waiver === undefined) return r;
    const { waiver: _ended, ...rest } = r;
    return rest;
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
