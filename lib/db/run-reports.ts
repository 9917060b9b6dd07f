import "server-only";
// The report of a finished run as it is now (attestations and covering waivers applied), one or many at once, and
// what a report's hash depends on (its fingerprint), so listings can reuse hashes without reading reports again.
import type { RunReport } from "@/lib/engine/types";
import type { WaiverRecord } from "@/lib/engine/verdict";
import type { RunDetail } from "@/lib/contracts";
import { db } from "./client";
import { conflict, notFound } from "./errors";
import { loadRun, runInclude, toDetail, type LoadedRun } from "./run-reads";
import { activeWaiverRows, coversRun, toWaiverRecord, waiversFor } from "./waivers";

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
    ...(d.replayOf ? { replayOf: d.replayOf } : {}),
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

/** A run as a re-judgement needs it: its owner, plan, target, stored facts and when they were collected. */
export async function runWithFacts(runId: string) {
  return db().run.findUnique({
    where: { id: runId },
    select: { id: true, status: true, clusterId: true, aksClusterId: true, tenantId: true, planJson: true, targetJson: true, factsJson: true, startedAt: true, factsCollectedAt: true },
  });
}
