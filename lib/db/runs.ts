import "server-only";
// Runs, their progress events, results and attestations. Reads recompute the verdict with the
// attestations and the cluster's active waivers applied; writes keep the Run row's verdict and counts
// current for listings (with attestations, without waivers: a waiver ends with time, so listings apply
// the active ones when they read, see verdictsWithWaivers).
import { z } from "zod";
import type { Plan } from "@/lib/engine/plan";
import type { RunOutcome } from "@/lib/engine/run";
import type { Attestation, CheckResult, RunReport, Severity, Status, Target, Verdict } from "@/lib/engine/types";
import { applyAttestations, applyWaivers, countByStatus, verdictOf, WAIVABLE, type WaiverRecord } from "@/lib/engine/verdict";
import type { RunStreamEvent } from "@/lib/jobs/events";
import { redact, redactText } from "@/lib/secrets/redact";
import type { RunDetail, RunHistoryInfo, RunProgressSnapshot, RunStatus, RunSummary } from "@/lib/web/api-types";
import { sinceLastReady } from "@/lib/report/compare";
import type { CheckResult as CheckResultRow, Waiver as WaiverRow } from "@/lib/generated/prisma/client";
import { db } from "./client";
import { parseCounts } from "./clusters";
import { badRequest, conflict, notFound } from "./errors";

/** A run belongs to a kubeconfig cluster (clusterId) or to a discovered AKS cluster (aksClusterId). */
export async function createRun(input: { clusterId?: string; aksClusterId?: string; tenantId?: string; plan: Plan; target: Target }): Promise<string> {
  const row = await db().run.create({
    data: {
      clusterId: input.clusterId ?? null,
      aksClusterId: input.aksClusterId ?? null,
      tenantId: input.tenantId ?? null,
      status: "running",
      planJson: JSON.stringify(input.plan),
      targetJson: JSON.stringify(input.target),
    },
    select: { id: true },
  });
  return row.id;
}

export async function appendRunEvent(runId: string, seq: number, event: RunStreamEvent): Promise<void> {
  await db().runEvent.create({ data: { runId, seq, payload: JSON.stringify(redact(event)) } });
}

export async function listRunEvents(runId: string, afterSeq = -1): Promise<{ seq: number; event: RunStreamEvent }[]> {
  const rows = await db().runEvent.findMany({ where: { runId, seq: { gt: afterSeq } }, orderBy: { seq: "asc" } });
  return rows.map((r) => ({ seq: r.seq, event: JSON.parse(r.payload) as RunStreamEvent }));
}

/** A (redacted) check result as its CheckResult row. */
export function checkResultRow(runId: string, c: CheckResult, position: number) {
  return {
    runId,
    checkId: c.id,
    position,
    status: c.status,
    severity: c.severity,
    section: c.section,
    title: c.title,
    summary: c.summary,
    checklistItem: c.checklistItem ?? null,
    evidenceJson: JSON.stringify(c.evidence),
    remediationJson: JSON.stringify(c.remediation),
    reason: c.reason ?? null,
    durationMs: c.durationMs,
  };
}

/** Persists the results, the redacted facts they were judged on, counts and verdict. */
export async function finishRun(runId: string, outcome: RunOutcome): Promise<void> {
  const { report } = outcome;
  const checks = report.checks.map((c) => redact(c));
  await db().$transaction([
    db().checkResult.createMany({ data: checks.map((c, position) => checkResultRow(runId, c, position)) }),
    db().run.update({
      where: { id: runId },
      data: {
        status: "finished",
        verdict: report.verdict,
        factsJson: JSON.stringify(redact(Object.fromEntries(outcome.facts))),
        countsJson: JSON.stringify(countByStatus(checks)),
        finishedAt: new Date(report.finishedAt),
        durationMs: report.durationMs,
      },
    }),
  ]);
}

export async function failRun(runId: string, message: string): Promise<void> {
  const run = await db().run.findUnique({ where: { id: runId }, select: { startedAt: true } });
  if (!run) return;
  const finishedAt = new Date();
  await db().run.update({
    where: { id: runId },
    data: {
      status: "failed",
      error: redactText(message),
      finishedAt,
      durationMs: finishedAt.getTime() - run.startedAt.getTime(),
    },
  });
}

/** Runs left `running` by a process that ended (crash, restart) can never finish: mark them failed. */
export async function markInterruptedRuns(exceptIds: readonly string[] = []): Promise<number> {
  const { count } = await db().run.updateMany({
    where: { status: "running", id: { notIn: [...exceptIds] } },
    data: { status: "failed", error: "The run was interrupted by a server restart; start it again.", finishedAt: new Date() },
  });
  return count;
}

// Validated when the run was created; not re-validated, so a run stays readable after, for example, an
// operator release it was planned for leaves the known-releases list.
function storedPlan(json: string): Plan {
  return JSON.parse(json) as Plan;
}

function toCheckResult(row: CheckResultRow): CheckResult {
  return {
    id: row.checkId,
    title: row.title,
    section: row.section as CheckResult["section"],
    status: row.status as CheckResult["status"],
    severity: row.severity as CheckResult["severity"],
    summary: row.summary,
    evidence: JSON.parse(row.evidenceJson) as CheckResult["evidence"],
    remediation: JSON.parse(row.remediationJson) as CheckResult["remediation"],
    durationMs: row.durationMs,
    ...(row.reason !== null ? { reason: row.reason } : {}),
    ...(row.checklistItem !== null ? { checklistItem: row.checklistItem as CheckResult["checklistItem"] } : {}),
  };
}

function progressOf(events: RunStreamEvent[]): RunProgressSnapshot {
  const planned = events.find((e) => e.type === "planned");
  return {
    planned: planned?.type === "planned" ? planned.checks.length : 0,
    collectorsDone: events.filter((e) => e.type === "collector-finished").length,
    collectorsTotal: planned?.type === "planned" ? planned.collectors.length : 0,
    checks: planned?.type === "planned" ? planned.checks : [],
  };
}

/**
 * A run with its results. The stored facts (tens of KB) are left out: factsOf reads them. Progress events
 * (dozens of rows) only matter while a run is live, so comparisons and reports skip them.
 */
async function loadRun(runId: string, { events = true }: { events?: boolean } = {}) {
  return db().run.findUnique({ where: { id: runId }, omit: { factsJson: true }, include: runInclude(events) });
}

function runInclude(events: boolean) {
  return {
    cluster: { select: { name: true } },
    aksCluster: { select: { name: true } },
    checks: { orderBy: { position: "asc" as const } },
    attestations: true,
    events: events ? { orderBy: { seq: "asc" as const } } : { take: 0 },
  };
}

type LoadedRun = NonNullable<Awaited<ReturnType<typeof loadRun>>>;

function attestationsOf(run: Pick<LoadedRun, "attestations">): Attestation[] {
  return run.attestations.map((a) => ({ checkId: a.checkId, by: a.by, note: a.note, at: a.at.toISOString() }));
}

/**
 * The waivers of the run's cluster that apply now; none for a run that is not finished (no results yet).
 * A waiver covers the run it was created from and the runs started after it, never older runs: those
 * were reviewed (and perhaps approved) without it, and their reports must not change under the approver.
 */
async function waiversFor(run: Pick<LoadedRun, "id" | "status" | "clusterId" | "aksClusterId" | "startedAt">, now: Date): Promise<WaiverRecord[]> {
  return (await activeWaiverRows(run, now)).filter((w) => coversRun(w, run)).map(toWaiverRecord);
}

/** The cluster's waivers that are active now (for a finished run of a known cluster; else none). */
async function activeWaiverRows(run: Pick<LoadedRun, "status" | "clusterId" | "aksClusterId">, now: Date) {
  if (run.status !== "finished" || (!run.clusterId && !run.aksClusterId)) return [];
  return db().waiver.findMany({
    where: { ...(run.clusterId ? { clusterId: run.clusterId } : { aksClusterId: run.aksClusterId }), revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "asc" },
  });
}

function coversRun(w: { runId: string | null; createdAt: Date }, run: { id: string; startedAt: Date }): boolean {
  return w.runId === run.id || w.createdAt.getTime() <= run.startedAt.getTime();
}

function toWaiverRecord(w: WaiverRow): WaiverRecord {
  return {
    id: w.id,
    checkId: w.checkId,
    owner: w.owner,
    justification: w.justification,
    createdAt: w.createdAt.toISOString(),
    expiresAt: w.expiresAt.toISOString(),
  };
}

function toDetail(run: LoadedRun, waivers: readonly WaiverRecord[], now: Date): RunDetail {
  const checks =
    run.status === "finished" ? applyWaivers(applyAttestations(run.checks.map(toCheckResult), attestationsOf(run)), waivers, now) : [];
  const events = run.events.map((e) => JSON.parse(e.payload) as RunStreamEvent);
  return {
    id: run.id,
    // An AKS run has no kubeconfig cluster: it links to its AKS cluster page instead.
    clusterId: run.clusterId ?? run.aksClusterId ?? "",
    clusterName: run.cluster?.name ?? run.aksCluster?.name ?? "",
    ...(run.aksClusterId ? { aksClusterId: run.aksClusterId } : {}),
    status: run.status as RunStatus,
    ...(run.error ? { error: run.error } : {}),
    verdict: run.status === "finished" ? verdictOf(checks) : null,
    plan: storedPlan(run.planJson),
    target: JSON.parse(run.targetJson) as Target,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    durationMs: run.durationMs ?? null,
    counts: run.status === "finished" ? countByStatus(checks) : parseCounts(null),
    checks,
    progress: progressOf(events),
  };
}

/** With `{ progress: false }` the snapshot of live progress is left empty (enough for a finished run's report). */
export async function getRun(runId: string, now = new Date(), { progress = true }: { progress?: boolean } = {}): Promise<RunDetail | null> {
  const run = await loadRun(runId, { events: progress });
  return run ? toDetail(run, await waiversFor(run, now), now) : null;
}

export async function getRunStatus(runId: string): Promise<{ status: RunStatus; error: string | null; verdict: Verdict | null } | null> {
  const r = await db().run.findUnique({ where: { id: runId }, select: { status: true, error: true, verdict: true } });
  return r ? { status: r.status as RunStatus, error: r.error, verdict: r.verdict as Verdict | null } : null;
}

/** Newest first; of a kubeconfig cluster, or of an AKS cluster with `{ aksClusterId }`. */
export async function listRuns(clusterId: string | { aksClusterId: string }, take = 50, now = new Date()): Promise<RunSummary[]> {
  const rows = await db().run.findMany({
    where: typeof clusterId === "string" ? { clusterId } : { aksClusterId: clusterId.aksClusterId },
    orderBy: { startedAt: "desc" },
    take,
    select: {
      id: true,
      clusterId: true,
      aksClusterId: true,
      status: true,
      verdict: true,
      startedAt: true,
      finishedAt: true,
      durationMs: true,
      countsJson: true,
      planJson: true,
      targetJson: true,
      tenantId: true,
    },
  });
  const waived = await verdictsWithWaivers(rows, now);
  return rows.map((r) => ({
    ...tenantLabelOf(r.targetJson),
    ...(r.tenantId ? { tenantId: r.tenantId } : {}),
    id: r.id,
    status: r.status as RunStatus,
    verdict: waived.get(r.id) ?? (r.verdict as Verdict | null) ?? null,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    durationMs: r.durationMs ?? null,
    counts: parseCounts(r.countsJson),
    plan: storedPlan(r.planJson),
  }));
}

/**
 * The count of a cluster's runs and the "since last ready" pair. The pair comes from the listed runs (their
 * verdicts with waivers applied); when the last ready run is older than the listing, from the stored verdicts
 * (without waivers: a stored ready run is ready with them too).
 */
export async function historyOf(owner: string | { aksClusterId: string }, listed: readonly RunSummary[]): Promise<RunHistoryInfo> {
  const where = typeof owner === "string" ? { clusterId: owner } : { aksClusterId: owner.aksClusterId };
  const total = await db().run.count({ where });
  const pair = sinceLastReady(listed);
  if (pair) return { total, sinceLastReady: { readyId: pair.ready.id, readyStartedAt: pair.ready.startedAt, latestId: pair.latest.id } };
  const latest = listed.find((r) => r.status === "finished");
  const oldestListed = listed.at(-1);
  if (!latest || !oldestListed || total <= listed.length) return { total, sinceLastReady: null };
  const ready = await db().run.findFirst({
    where: { ...where, status: "finished", verdict: { in: ["ready", "ready-with-warnings"] }, startedAt: { lt: new Date(oldestListed.startedAt) } },
    orderBy: { startedAt: "desc" },
    select: { id: true, startedAt: true },
  });
  return { total, sinceLastReady: ready ? { readyId: ready.id, readyStartedAt: ready.startedAt.toISOString(), latestId: latest.id } : null };
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
    select: { clusterId: true, aksClusterId: true, checkId: true, runId: true, createdAt: true },
  });
  if (waivers.length === 0) return changed;
  const ownerKey = (r: { clusterId: string | null; aksClusterId: string | null }) => r.clusterId ?? `aks:${r.aksClusterId}`;
  const waivedChecksOf = (run: ListedRunRow) => new Set(waivers.filter((w) => ownerKey(w) === ownerKey(run) && coversRun(w, run)).map((w) => w.checkId));
  const candidates = rows.filter((r) => r.status === "finished" && r.verdict === "not-ready" && waivedChecksOf(r).size > 0);
  if (candidates.length === 0) return changed;

  const runIds = candidates.map((r) => r.id);
  const [results, attested] = await Promise.all([
    db().checkResult.findMany({ where: { runId: { in: runIds } }, select: { runId: true, checkId: true, status: true, severity: true } }),
    db().attestation.findMany({ where: { runId: { in: runIds } }, select: { runId: true, checkId: true } }),
  ]);
  const attestedKeys = new Set(attested.map((a) => `${a.runId}/${a.checkId}`));
  for (const run of candidates) {
    const waived = waivedChecksOf(run);
    const judged = results
      .filter((c) => c.runId === run.id)
      .map((c) => {
        // As applyAttestations and applyWaivers do on the run page.
        const status = (c.status === "manual" && attestedKeys.has(`${run.id}/${c.checkId}`) ? "pass" : c.status) as Status;
        return { status, severity: c.severity as Severity, ...(WAIVABLE.has(status) && waived.has(c.checkId) ? { waiver: true } : {}) };
      });
    const verdict = verdictOf(judged);
    if (verdict !== run.verdict) changed.set(run.id, verdict);
  }
  return changed;
}

/** The tenant a run was checked with, by name (or API URL), from its stored target. */
function tenantLabelOf(targetJson: string): { tenant?: string } {
  const tenant = (JSON.parse(targetJson) as Target).tenant;
  return tenant ? { tenant: tenant.name ?? tenant.apiUrl } : {};
}

export const attestationSchema = z.object({
  checkId: z.string().min(1, "checkId is empty"),
  by: z.string().trim().min(1, "say who attests (by)").max(100, "by is longer than 100 characters"),
  note: z.string().max(2000, "the note is longer than 2000 characters"),
});
export type AttestationInput = z.input<typeof attestationSchema>;

/** Attests an open manual item of a finished run; returns the run with the verdict recomputed. */
export async function addAttestation(runId: string, input: AttestationInput): Promise<RunDetail> {
  const parsed = attestationSchema.safeParse(input);
  if (!parsed.success) throw badRequest(parsed.error.issues[0]!.message);
  const { checkId, by, note } = parsed.data;
  const run = await loadRun(runId);
  if (!run) throw notFound("The run");
  if (run.status !== "finished") throw conflict(`The run is ${run.status}; only a finished run's manual items can be attested.`);
  const check = run.checks.find((c) => c.checkId === checkId);
  if (!check || check.status !== "manual") {
    throw badRequest(`${checkId} is not a manual item of this run; only manual items can be attested.`);
  }
  const existing = run.attestations.find((a) => a.checkId === checkId);
  if (existing) throw conflict(`${checkId} was already attested by ${existing.by} at ${existing.at.toISOString()}.`);

  const at = new Date();
  const attestations = [...attestationsOf(run), { checkId, by, note, at: at.toISOString() }];
  const checks = applyAttestations(run.checks.map(toCheckResult), attestations);
  await db().$transaction([
    db().attestation.create({ data: { runId, checkId, by, note, at } }),
    // An attestation changes the report (and so any approval of it): the audit trail says who and when.
    db().auditEvent.create({ data: { runId, kind: "attested", actor: by, detail: `${checkId}${note ? `: ${note.slice(0, 200)}` : ""}`, at } }),
    db().run.update({ where: { id: runId }, data: { verdict: verdictOf(checks), countsJson: JSON.stringify(countByStatus(checks)) } }),
  ]);
  return (await getRun(runId))!;
}

/** The RunReport of a finished run (attestations and active waivers applied), for the JSON export. */
export async function reportOf(runId: string): Promise<RunReport> {
  const run = await loadRun(runId, { events: false });
  if (!run) throw notFound("The run");
  if (run.status !== "finished") {
    throw conflict(run.status === "running" ? "The run is still running; the report is ready when it finishes." : `The run failed: ${run.error ?? "no result"}`);
  }
  const now = new Date();
  return reportFrom(run, await waiversFor(run, now), now);
}

function reportFrom(run: LoadedRun, waivers: readonly WaiverRecord[], now: Date): RunReport {
  return reportOfDetail(toDetail(run, waivers, now));
}

/** The RunReport of a finished run already read with getRun (no second read). */
export function reportOfDetail(d: RunDetail): RunReport {
  if (d.status !== "finished" || !d.verdict || !d.finishedAt) throw conflict(`The run is ${d.status}; only a finished run has a report.`);
  return {
    schemaVersion: 1,
    verdict: d.verdict,
    target: d.target,
    plan: d.plan,
    startedAt: d.startedAt,
    finishedAt: d.finishedAt,
    durationMs: d.durationMs ?? 0,
    checks: d.checks,
  };
}

/**
 * What each finished run's report depends on beyond its immutable results, target and plan: its attestations
 * (append-only, one per check) and the waivers that cover it now. Equal fingerprints mean equal reports (within
 * one version of dtready), so a report's hash can be reused without reading the report again.
 */
export async function reportFingerprints(runIds: readonly string[], now = new Date()): Promise<Map<string, string>> {
  const fingerprints = new Map<string, string>();
  if (runIds.length === 0) return fingerprints;
  const [runs, attested] = await Promise.all([
    db().run.findMany({ where: { id: { in: [...runIds] }, status: "finished" }, select: { id: true, status: true, clusterId: true, aksClusterId: true, startedAt: true } }),
    db().attestation.groupBy({ by: ["runId"], where: { runId: { in: [...runIds] } }, _count: { _all: true }, _max: { id: true } }),
  ]);
  const attestations = new Map(attested.map((a) => [a.runId, `${a._count._all}:${a._max.id}`]));
  const waiversByOwner = new Map<string, Awaited<ReturnType<typeof activeWaiverRows>>>();
  for (const run of runs) {
    const key = run.clusterId ?? `aks:${run.aksClusterId}`;
    if (!waiversByOwner.has(key)) waiversByOwner.set(key, await activeWaiverRows(run, now));
    const waivers = waiversByOwner.get(key)!.filter((w) => coversRun(w, run)).map((w) => w.id);
    fingerprints.set(run.id, `${run.id}|${attestations.get(run.id) ?? "0"}|${waivers.sort().join(",")}`);
  }
  return fingerprints;
}

/**
 * The reports of several finished runs at once (as reportOf gives each), for listings that need many:
 * one query for the runs with their results and one per cluster for its active waivers. Runs that do not
 * exist or are not finished are left out.
 */
export async function reportsOf(runIds: readonly string[], now = new Date()): Promise<Map<string, RunReport>> {
  const reports = new Map<string, RunReport>();
  if (runIds.length === 0) return reports;
  const runs = await db().run.findMany({ where: { id: { in: [...runIds] }, status: "finished" }, omit: { factsJson: true }, include: runInclude(false) });
  const waiversByOwner = new Map<string, Awaited<ReturnType<typeof activeWaiverRows>>>();
  for (const run of runs) {
    const key = run.clusterId ?? `aks:${run.aksClusterId}`;
    if (!waiversByOwner.has(key)) waiversByOwner.set(key, await activeWaiverRows(run, now));
    const applying = waiversByOwner.get(key)!.filter((w) => coversRun(w, run));
    reports.set(run.id, reportFrom(run, applying.map(toWaiverRecord), now));
  }
  return reports;
}

/** The redacted facts a finished run was judged on (for replay and evidence). */
export async function factsOf(runId: string): Promise<Record<string, unknown> | null> {
  const r = await db().run.findUnique({ where: { id: runId }, select: { factsJson: true } });
  return r?.factsJson ? (JSON.parse(r.factsJson) as Record<string, unknown>) : null;
}
