import "server-only";
// Waivers: a warn or fail of one check accepted for a cluster, with a justification, an owner and an expiry.
// Created, revoked and listed here, and the active ones that cover a run read here for every reader (never stored
// into the run: a waiver changes with time, the run's stored verdict does not). Listings get their verdicts with
// waivers from verdictsWithWaivers, judged by the engine's own applyAttestations, applyWaivers and verdictOf.
import { createWaiverBody, parseInput, revokeWaiverBody, type CreateWaiverInput, type RevokeWaiverInput, type WaiverInfo, type WaiverState } from "@/lib/contracts";
import type { CheckResult, Status, Verdict } from "@/lib/engine/types";
import { applyAttestations, applyWaivers, verdictOf, WAIVABLE, type WaiverRecord } from "@/lib/engine/verdict";
import type { Waiver as WaiverRow } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { db } from "./client";
import { badRequest, conflict, notFound } from "./errors";
import { recordAudit } from "./audit";

const MAX_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date (YYYY-MM-DD) means "through that day" (its last millisecond, UTC); a datetime is taken as given.
 * In the future and at most 365 days ahead (a date: at most the day 365 days from now).
 */
export function parseExpiry(text: string, now: Date): Date {
  const dateOnly = DATE_ONLY.test(text);
  const at = dateOnly ? new Date(`${text}T23:59:59.999Z`) : new Date(text);
  // Date rolls 2027-02-30 over to March: only a date that reads back the same is one.
  const invalid = Number.isNaN(at.getTime()) || (dateOnly ? at.toISOString().slice(0, 10) !== text : !/^\d{4}-\d{2}-\d{2}T/.test(text));
  if (invalid) {
    throw badRequest(`expiresAt: "${text.slice(0, 40)}" is not an ISO date (2026-12-31) or date and time (2026-12-31T18:00:00Z)`);
  }
  if (at.getTime() <= now.getTime()) throw badRequest("expiresAt: the expiry is in the past; a waiver must end in the future");
  const limit = new Date(now.getTime() + MAX_DAYS * DAY_MS);
  const latest = dateOnly ? new Date(`${limit.toISOString().slice(0, 10)}T23:59:59.999Z`) : limit;
  if (at.getTime() > latest.getTime()) throw badRequest(`expiresAt: a waiver lasts at most ${MAX_DAYS} days; review it again then`);
  return at;
}

export function stateOf(w: Pick<WaiverRow, "revokedAt" | "expiresAt">, now: Date): WaiverState {
  if (w.revokedAt) return "revoked";
  return now.getTime() < w.expiresAt.getTime() ? "active" : "expired";
}

function toInfo(w: WaiverRow, now: Date): WaiverInfo {
  return {
    id: w.id,
    checkId: w.checkId,
    owner: w.owner,
    justification: w.justification,
    runId: w.runId,
    clusterId: w.clusterId,
    aksClusterId: w.aksClusterId,
    createdAt: w.createdAt.toISOString(),
    expiresAt: w.expiresAt.toISOString(),
    revokedAt: w.revokedAt?.toISOString() ?? null,
    state: stateOf(w, now),
  };
}

/** What the waiver queries read of a run: its state and its cluster. */
interface RunOfCluster {
  status: string;
  clusterId: string | null;
  aksClusterId: string | null;
}

/** A kubeconfig cluster or an AKS cluster: whose runs a waiver covers. */
export interface WaiverOwner {
  clusterId: string | null;
  aksClusterId: string | null;
}

function ownerWhere(owner: WaiverOwner) {
  return owner.clusterId ? { clusterId: owner.clusterId } : { aksClusterId: owner.aksClusterId ?? "" };
}

async function audit(runId: string | null, kind: "waiver-created" | "waiver-revoked", actor: string | null, detail: string, at: Date): Promise<void> {
  // The run it was created from may have been deleted since (the waiver outlives it): nothing to attach to.
  if (!runId || !(await db().run.findUnique({ where: { id: runId }, select: { id: true } }))) {
    log.warn("waiver audit skipped: its run no longer exists", { kind });
    return;
  }
  await recordAudit(runId, kind, { actor, detail }, at);
}

/**
 * Accepts the warn or fail of `checkId` in a finished run for the run's cluster, until `expiresAt`.
 * Refused: unknown run (404), run not finished (409), check not a warn/fail of this run (400), an active
 * waiver for the same cluster and check (409).
 */
export async function createWaiver(runId: string, input: CreateWaiverInput, now = new Date()): Promise<WaiverInfo> {
  const parsed = parseInput(createWaiverBody, input);
  const { checkId, justification, owner } = parsed;
  const run = await db().run.findUnique({
    where: { id: runId },
    select: { status: true, clusterId: true, aksClusterId: true, checks: { where: { checkId }, select: { status: true } } },
  });
  if (!run) throw notFound("The run");
  if (run.status !== "finished") throw conflict(`The run is ${run.status}; only a finished run's warnings and failures can be waived.`);
  const found = run.checks[0]?.status;
  if (!found) throw badRequest(`${checkId} is not a check of this run.`);
  if (!WAIVABLE.has(found as Status)) {
    throw badRequest(
      found === "unknown"
        ? `${checkId} is unknown in this run: an unknown is not a known risk and cannot be waived; find out why it could not be decided.`
        : `${checkId} is ${found} in this run; only a warn or a fail can be waived.`,
    );
  }
  const expiresAt = parseExpiry(parsed.expiresAt, now);
  const owned: WaiverOwner = { clusterId: run.clusterId, aksClusterId: run.aksClusterId };
  if (!owned.clusterId && !owned.aksClusterId) throw conflict("The run's cluster no longer exists; its results cannot be waived.");

  const existing = await db().waiver.findFirst({
    where: { ...ownerWhere(owned), checkId, revokedAt: null, expiresAt: { gt: now } },
    select: { owner: true, expiresAt: true },
  });
  if (existing) {
    throw conflict(
      `${checkId} is already waived for this cluster by ${existing.owner} until ${existing.expiresAt.toISOString()}; revoke that waiver first.`,
    );
  }
  const row = await db().waiver.create({
    data: { ...owned, checkId, justification, owner, runId, expiresAt, createdAt: now },
  });
  await audit(runId, "waiver-created", owner, `${checkId} (${found}) waived until ${expiresAt.toISOString()}`, now);
  return toInfo(row, now);
}

/** Ends a waiver now. Unknown → 404; already revoked or expired → 409 (nothing to end). */
export async function revokeWaiver(id: string, input: RevokeWaiverInput = {}, now = new Date()): Promise<WaiverInfo> {
  const parsed = parseInput(revokeWaiverBody, input);
  const w = await db().waiver.findUnique({ where: { id } });
  if (!w) throw notFound("The waiver");
  const state = stateOf(w, now);
  if (state !== "active") throw conflict(`The waiver is already ${state}; it no longer applies.`);
  // Only the row that is still active is ended: two revokes at once cannot both succeed.
  const { count } = await db().waiver.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
  if (count === 0) throw conflict("The waiver is already revoked; it no longer applies.");
  const by = parsed.by || null;
  await audit(w.runId, "waiver-revoked", by, `${w.checkId} waiver of ${w.owner} revoked`, now);
  return toInfo({ ...w, revokedAt: now }, now);
}

/** Every waiver of the run's cluster (active, expired, revoked), newest first. */
export async function listWaiversOfRun(runId: string, now = new Date()): Promise<WaiverInfo[]> {
  const run = await db().run.findUnique({ where: { id: runId }, select: { clusterId: true, aksClusterId: true } });
  if (!run) throw notFound("The run");
  if (!run.clusterId && !run.aksClusterId) return [];
  const rows = await db().waiver.findMany({ where: ownerWhere(run), orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return rows.map((w) => toInfo(w, now));
}

/**
 * The waivers of the run's cluster that apply now; none for a run that is not finished (no results yet).
 * A waiver covers the run it was created from and the runs started after it, never older runs: those
 * were reviewed (and perhaps approved) without it, and their reports must not change under the approver.
 */
export async function waiversFor(run: RunOfCluster & { id: string; startedAt: Date }, now: Date): Promise<WaiverRecord[]> {
  return (await activeWaiverRows(run, now)).filter((w) => coversRun(w, run)).map(toWaiverRecord);
}

/** The cluster's waivers that are active now (for a finished run of a known cluster; else none). */
export async function activeWaiverRows(run: RunOfCluster, now: Date) {
  if (run.status !== "finished" || (!run.clusterId && !run.aksClusterId)) return [];
  return db().waiver.findMany({
    where: { ...(run.clusterId ? { clusterId: run.clusterId } : { aksClusterId: run.aksClusterId }), revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "asc" },
  });
}

export function coversRun(w: { runId: string | null; createdAt: Date }, run: { id: string; startedAt: Date }): boolean {
  return w.runId === run.id || w.createdAt.getTime() <= run.startedAt.getTime();
}

export function toWaiverRecord(w: WaiverRow): WaiverRecord {
  return {
    id: w.id,
    checkId: w.checkId,
    owner: w.owner,
    justification: w.justification,
    createdAt: w.createdAt.toISOString(),
    expiresAt: w.expiresAt.toISOString(),
  };
}

/** What verdictsWithWaivers reads of a listed run. */
export interface ListedRunRow {
  id: string;
  clusterId: string | null;
  aksClusterId: string | null;
  status: string;
  verdict: string | null;
  startedAt: Date;
}

/**
 * The verdicts that the clusters' active waivers change, by run id (runs not in the map keep their stored
 * verdict), so a listing shows what the run page shows. Stored verdicts include attestations and no
 * waivers; a waiver only lifts a fail to a warn, so only a not-ready run can change. One query for the
 * waivers; only when a listed not-ready run has a waived check, its results and attestations (small
 * columns), judged by verdictOf as the run page judges them.
 */
export async function verdictsWithWaivers(rows: readonly ListedRunRow[], now = new Date()): Promise<Map<string, Verdict>> {
  const changed = new Map<string, Verdict>();
  const clusterIds = [...new Set(rows.flatMap((r) => (r.clusterId ? [r.clusterId] : [])))];
  const aksClusterIds = [...new Set(rows.flatMap((r) => (!r.clusterId && r.aksClusterId ? [r.aksClusterId] : [])))];
  if (clusterIds.length === 0 && aksClusterIds.length === 0) return changed;
  const waivers = await db().waiver.findMany({
    where: {
      revokedAt: null,
      expiresAt: { gt: now },
      OR: [...(clusterIds.length ? [{ clusterId: { in: clusterIds } }] : []), ...(aksClusterIds.length ? [{ aksClusterId: { in: aksClusterIds } }] : [])],
    },
  });
  if (waivers.length === 0) return changed;
  const ownerKey = (r: { clusterId: string | null; aksClusterId: string | null }) => r.clusterId ?? `aks:${r.aksClusterId}`;
  const covering = (run: ListedRunRow) => waivers.filter((w) => ownerKey(w) === ownerKey(run) && coversRun(w, run));
  const candidates = rows.filter((r) => r.status === "finished" && r.verdict === "not-ready" && covering(r).length > 0);
  if (candidates.length === 0) return changed;

  const runIds = candidates.map((r) => r.id);
  const [results, attested] = await Promise.all([
    db().checkResult.findMany({ where: { runId: { in: runIds } }, select: { runId: true, checkId: true, status: true, severity: true, section: true } }),
    db().attestation.findMany({ where: { runId: { in: runIds } }, select: { runId: true, checkId: true, by: true, note: true, at: true } }),
  ]);
  for (const run of candidates) {
    // Only what the verdict reads (status, severity) is loaded; the engine applies attestations and waivers as on the run page.
    const checks: CheckResult[] = results
      .filter((c) => c.runId === run.id)
      .map((c) => ({
        id: c.checkId,
        title: "",
        section: c.section as CheckResult["section"],
        status: c.status as Status,
        severity: c.severity as CheckResult["severity"],
        summary: "",
        evidence: [],
        remediation: { text: "", commands: [], docs: [] },
        durationMs: 0,
      }));
    const attestations = attested.filter((a) => a.runId === run.id).map((a) => ({ checkId: a.checkId, by: a.by, note: a.note, at: a.at.toISOString() }));
    const verdict = verdictOf(applyWaivers(applyAttestations(checks, attestations), covering(run).map(toWaiverRecord), now));
    if (verdict !== run.verdict) changed.set(run.id, verdict);
  }
  return changed;
}
