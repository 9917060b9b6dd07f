import "server-only";
// Reading runs: one run with its results (attestations and the cluster's active waivers applied, so every reader
// sees the verdict the run page shows), a cluster's history, and a run's progress events.
import type { Plan } from "@/lib/engine/plan";
import type { Attestation, CheckResult, Target, Verdict } from "@/lib/engine/types";
import { applyAttestations, applyWaivers, countByStatus, verdictOf, type WaiverRecord } from "@/lib/engine/verdict";
import type { RunStreamEvent } from "@/lib/contracts/results";
import { sinceLastReady } from "@/lib/report/compare";
import type { CheckResult as CheckResultRow } from "@/lib/generated/prisma/client";
import type { RunDetail, RunHistoryInfo, RunProgressSnapshot, RunStatus, RunSummary, StatusCounts } from "@/lib/contracts";
import { db } from "./client";
import { notFound } from "./errors";
import { verdictsWithWaivers, waiversFor } from "./waivers";

export const EMPTY_COUNTS: StatusCounts = { pass: 0, warn: 0, fail: 0, unknown: 0, "not-applicable": 0, manual: 0 };

export function parseCounts(json: string | null | undefined): StatusCounts {
  if (!json) return { ...EMPTY_COUNTS };
  return { ...EMPTY_COUNTS, ...(JSON.parse(json) as Partial<StatusCounts>) };
}

export async function listRunEvents(runId: string, afterSeq = -1): Promise<{ seq: number; event: RunStreamEvent }[]> {
  const rows = await db().runEvent.findMany({ where: { runId, seq: { gt: afterSeq } }, orderBy: { seq: "asc" } });
  return rows.map((r) => ({ seq: r.seq, event: JSON.parse(r.payload) as RunStreamEvent }));
}


// Validated when the run was created; not re-validated, so a run stays readable after, for example, an
// operator release it was planned for leaves the known-releases list.
function storedPlan(json: string): Plan {
  return JSON.parse(json) as Plan;
}

export function toCheckResult(row: CheckResultRow): CheckResult {
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
export async function loadRun(runId: string, { events = true }: { events?: boolean } = {}) {
  return db().run.findUnique({ where: { id: runId }, omit: { factsJson: true }, include: runInclude(events) });
}

export function runInclude(events: boolean) {
  return {
    cluster: { select: { name: true } },
    aksCluster: { select: { name: true } },
    checks: { orderBy: { position: "asc" as const } },
    attestations: true,
    events: events ? { orderBy: { seq: "asc" as const } } : { take: 0 },
  };
}

export type LoadedRun = NonNullable<Awaited<ReturnType<typeof loadRun>>>;

export function attestationsOf(run: Pick<LoadedRun, "attestations">): Attestation[] {
  return run.attestations.map((a) => ({ checkId: a.checkId, by: a.by, note: a.note, at: a.at.toISOString() }));
}

export function toDetail(run: LoadedRun, waivers: readonly WaiverRecord[], now: Date): RunDetail {
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
    ...(run.factsCollectedAt ? { replayOf: { ...(run.replayOfId ? { runId: run.replayOfId } : {}), collectedAt: run.factsCollectedAt.toISOString() } } : {}),
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
      replayOfId: true,
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
    ...(r.replayOfId ? { replayOf: r.replayOfId } : {}),
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

/** The tenant a run was checked with, by name (or API URL), from its stored target. */
function tenantLabelOf(targetJson: string): { tenant?: string } {
  const tenant = (JSON.parse(targetJson) as Target).tenant;
  return tenant ? { tenant: tenant.name ?? tenant.apiUrl } : {};
}

/** 404 for an unknown run; its status otherwise. */
export async function requireRun(runId: string): Promise<{ status: string }> {
  const run = await db().run.findUnique({ where: { id: runId }, select: { status: true } });
  if (!run) throw notFound("The run");
  return run;
}
