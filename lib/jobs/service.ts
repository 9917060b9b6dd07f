import "server-only";
// Executes readiness runs in the server process, detached from the request that started them. Each
// run's progress events go to the database (for replay) and to live subscribers (SSE), in order.
import { EventEmitter } from "node:events";
import { ZodError } from "zod";
import { getAksClusterTarget } from "@/lib/db/aks-clusters";
import { getAzureConnection } from "@/lib/db/azure-connections";
import { getClusterKubeconfig, getCluster } from "@/lib/db/clusters";
import { AzureInputError, type AzureConnection } from "@/lib/collect/azure/connection";
import { createAzureCredential, type TokenCredential } from "@/lib/collect/azure/credentials";
import { conflict, notFound } from "@/lib/db/errors";
import { appendRunEvent, createRun, failRun, finishRun, markInterruptedRuns } from "@/lib/db/run-writes";
import { getTenantConnection } from "@/lib/db/tenants";
import { KubeconfigError } from "@/lib/collect/kubernetes/kubeconfig";
import { checkAksCluster, checkCluster, type AksCheckInput, type ClusterCheckInput } from "@/lib/runs/compose";
import { aksTarget, kubeconfigTarget, type TenantOfRun } from "@/lib/runs/target";
import { createLimiter } from "@/lib/engine/limit";
import { planSchema, type PlanInput } from "@/lib/engine/plan";
import type { RunOutcome } from "@/lib/engine/run";
import type { ProgressEvent, Target } from "@/lib/engine/types";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { describeProblem, parseInput, problemOf } from "@/lib/contracts/validation";
import { DecryptError, SecretKeyError } from "@/lib/secrets/encryption";
import { redactText } from "@/lib/secrets/redact";
import { isTerminal, type RunStreamEvent } from "@/lib/contracts/results";

export interface SequencedEvent {
  seq: number;
  event: RunStreamEvent;
}

interface ActiveRun {
  events: SequencedEvent[];
  emitter: EventEmitter;
  /** DB writes of this run's events, chained so they land in order. */
  writes: Promise<void>;
  /** Ended by drainRuns at shutdown: whatever the engine still reports is dropped. */
  interrupted?: boolean;
}

interface RunsGlobal {
  active: Map<string, ActiveRun>;
  limit: ReturnType<typeof createLimiter>;
  recovered: boolean;
  /** Set by drainRuns at shutdown: no new run is accepted. */
  draining?: boolean;
  /** Test hook: options merged into every checkCluster call (e.g. a shorter budget). */
  engineOverrides?: Partial<ClusterCheckInput>;
  /** Test hook: options merged into every checkAksCluster call. */
  aksEngineOverrides?: Partial<AksCheckInput>;
  /** One credential per Azure connection, so its token cache serves every run of the fleet. */
  azureCredentials?: Map<string, TokenCredential>;
}

// On globalThis so Next's dev HMR keeps one registry of running runs.
const g = globalThis as typeof globalThis & { __dtreadyRuns?: RunsGlobal };
function state(): RunsGlobal {
  g.__dtreadyRuns ??= { active: new Map(), limit: createLimiter(env("maxConcurrentRuns")), recovered: false };
  return g.__dtreadyRuns;
}

/** Called once at server start: runs a previous process left running are marked failed. */
export async function recoverInterruptedRuns(): Promise<number> {
  const s = state();
  if (s.recovered) return 0;
  s.recovered = true;
  const count = await markInterruptedRuns([...s.active.keys()]);
  if (count > 0) log.warn(`marked ${count} run(s) left running by a previous server process as failed`);
  return count;
}

/**
 * Validates the plan, creates the run and starts it in the background. Returns at once. With a tenant,
 * its public summary goes into the run's target; its tokens are decrypted again when the run executes.
 */
export async function startRun(clusterId: string, planInput: PlanInput | undefined, tenantId?: string): Promise<string> {
  refuseWhileDraining();
  const plan = parsePlanOrThrow(planInput);
  const cluster = await getCluster(clusterId);
  if (!cluster) throw notFound("The cluster");
  const target = kubeconfigTarget({ ...cluster, clusterId }, await tenantOfRun(tenantId));
  const runId = await createRun({ clusterId, tenantId, plan: plan, target });

  const run: ActiveRun = { events: [], emitter: new EventEmitter(), writes: Promise.resolve() };
  run.emitter.setMaxListeners(100);
  state().active.set(runId, run);
  void state()
    .limit(() => execute(runId, clusterId, plan, target, run, tenantId))
    .catch((err) => log.error("run bookkeeping failed", { runId, err }));
  return runId;
}

async function tenantOfRun(tenantId: string | undefined): Promise<TenantOfRun | undefined> {
  if (!tenantId) return undefined;
  const t = await getTenantConnection(tenantId);
  return { connection: t.connection, tenantId, name: t.name };
}

function record(runId: string, run: ActiveRun, event: RunStreamEvent): void {
  if (run.interrupted) return;
  const item = { seq: run.events.length, event };
  run.events.push(item);
  run.writes = run.writes
    .then(() => appendRunEvent(runId, item.seq, event))
    .catch((err) => log.error("could not store a run event", { runId, seq: item.seq, err }));
  run.emitter.emit("event", item);
}

async function execute(runId: string, clusterId: string, plan: PlanInput, target: Target, run: ActiveRun, tenantId: string | undefined): Promise<void> {
  await track(runId, run, { clusterId }, async (onProgress) => {
    const { kubeconfig, context } = await getClusterKubeconfig(clusterId);
    // Read again here (not passed from startRun) so the decrypted tokens live only as long as the run.
    const tenant = await tenantOfRun(tenantId);
    return checkCluster({ kubeconfig, context, target, plan, ...(tenant ? { tenant } : {}), onProgress, ...state().engineOverrides });
  });
}

/** Runs the engine for a stored run: records its events, stores the outcome or the failure, and ends the live view. */
async function track(
  runId: string,
  run: ActiveRun,
  logFields: Record<string, string>,
  engine: (onProgress: (e: ProgressEvent) => void) => Promise<RunOutcome>,
): Promise<void> {
  const t0 = Date.now();
  try {
    const outcome = await engine((e) => {
      // `finished` is recorded after the results are stored, so a client that sees it can read them.
      if (e.type !== "finished") record(runId, run, e);
    });
    await run.writes;
    if (run.interrupted) return;
    await finishRun(runId, outcome);
    record(runId, run, { type: "finished", verdict: outcome.report.verdict, durationMs: outcome.report.durationMs });
    log.info("run finished", { runId, ...logFields, verdict: outcome.report.verdict, durationMs: Date.now() - t0 });
  } catch (err) {
    const message = failureMessage(err);
    log.error("run failed", { runId, ...logFields, err: message });
    await run.writes;
    if (run.interrupted) return;
    await failRun(runId, message).catch((e) => log.error("could not mark the run failed", { runId, err: e }));
    record(runId, run, { type: "failed", message });
  } finally {
    await run.writes;
    state().active.delete(runId);
    run.emitter.emit("end");
    run.emitter.removeAllListeners();
  }
}

/**
 * Starts a run of a discovered AKS cluster (Resource Manager facts, and the API server through the cluster's user
 * credentials). Returns at once; the run waits for a slot like any other.
 */
export async function startAksRun(aksClusterId: string, planInput: PlanInput | undefined, tenantId?: string): Promise<string> {
  refuseWhileDraining();
  const plan = parsePlanOrThrow(planInput);
  const aks = await getAksClusterTarget(aksClusterId);
  const target = aksTarget({ ref: aks.ref, connectionId: aks.connectionId, location: aks.location, fqdn: aks.fqdn }, await tenantOfRun(tenantId));
  const runId = await createRun({ aksClusterId, tenantId, plan, target });
  const run: ActiveRun = { events: [], emitter: new EventEmitter(), writes: Promise.resolve() };
  run.emitter.setMaxListeners(100);
  state().active.set(runId, run);
  void state()
    .limit(() =>
      track(runId, run, { aksClusterId }, async (onProgress) => {
        // Decrypted here so the secret lives only as long as the run.
        const { connection } = await getAzureConnection(aks.connectionId);
        const tenantNow = await tenantOfRun(tenantId);
        return checkAksCluster({
          connection,
          ref: aks.ref,
          target,
          plan,
          ...(tenantNow ? { tenant: tenantNow } : {}),
          azure: { credential: credentialFor(aks.connectionId, connection) },
          onProgress,
          ...state().aksEngineOverrides,
        });
      }),
    )
    .catch((err) => log.error("run bookkeeping failed", { runId, err }));
  return runId;
}

/** Starts one run per AKS cluster (all ids are checked first: an unknown id starts nothing). */
export async function startFleetRuns(aksClusterIds: string[], planInput: PlanInput | undefined, tenantId?: string): Promise<{ clusterId: string; runId: string }[]> {
  parsePlanOrThrow(planInput);
  for (const id of aksClusterIds) await getAksClusterTarget(id);
  const out: { clusterId: string; runId: string }[] = [];
  for (const id of aksClusterIds) out.push({ clusterId: id, runId: await startAksRun(id, planInput, tenantId) });
  return out;
}

function credentialFor(connectionId: string, connection: AzureConnection): TokenCredential {
  const cache = (state().azureCredentials ??= new Map<string, TokenCredential>());
  let c = cache.get(connectionId);
  if (!c) {
    c = createAzureCredential(connection);
    cache.set(connectionId, c);
  }
  return c;
}

/** Forget the cached credential of a connection (after it is deleted). */
export function forgetAzureCredential(connectionId: string): void {
  state().azureCredentials?.delete(connectionId);
}

function parsePlanOrThrow(planInput: PlanInput | undefined) {
  return parseInput(planSchema, planInput ?? {}, "plan");
}

/** A message safe to store and show: known errors say what to do; anything else is redacted. */
export function failureMessage(err: unknown): string {
  if (err instanceof KubeconfigError) return `The stored kubeconfig cannot be used: ${err.message}`;
  if (err instanceof DecryptError || err instanceof SecretKeyError) return `The stored kubeconfig cannot be read: ${err.message}`;
  if (err instanceof AzureInputError) return `The stored Azure connection cannot be used: ${err.message}`;
  if (err instanceof ZodError) return `The plan is not valid: ${describeProblem(problemOf(err))}`;
  const text = err instanceof Error ? err.message : String(err);
  return `The run failed: ${redactText(text).slice(0, 500)}`;
}

/**
 * Live view of a run executing in this process: the events so far and a subscription to the rest,
 * taken atomically (no event can fall between them). Null when the run is not executing here.
 */
export function subscribeRun(
  runId: string,
  onEvent: (e: SequencedEvent) => void,
  onEnd: () => void,
): { replay: SequencedEvent[]; unsubscribe: () => void } | null {
  const run = state().active.get(runId);
  if (!run) return null;
  const replay = [...run.events];
  run.emitter.on("event", onEvent);
  run.emitter.once("end", onEnd);
  return {
    replay,
    unsubscribe: () => {
      run.emitter.off("event", onEvent);
      run.emitter.off("end", onEnd);
    },
  };
}

export function isRunActive(runId: string): boolean {
  return state().active.has(runId);
}

/** Resolves when the run is no longer executing in this process (for tests and shutdown). */
export function waitForRun(runId: string): Promise<void> {
  const run = state().active.get(runId);
  if (!run) return Promise.resolve();
  return new Promise((resolve) => run.emitter.once("end", () => resolve()));
}

/** True once drainRuns was called: the server is shutting down (the health endpoint reports it). */
export function isDraining(): boolean {
  return state().draining === true;
}

function refuseWhileDraining(): void {
  if (state().draining) throw conflict("The server is shutting down; start the run again in a moment.");
}

export const SHUTDOWN_MESSAGE = "The server shut down before the run finished; start it again.";

/**
 * Shutdown (SIGTERM): refuses new runs, waits up to `timeoutMs` for the running and queued ones to end, then
 * marks those still going as failed (with a `failed` event, so a reconnecting stream ends) instead of
 * leaving them `running`. Returns how many ended by themselves and how many were cut off.
 */
export async function drainRuns(timeoutMs: number): Promise<{ finished: number; interrupted: number }> {
  const s = state();
  s.draining = true;
  const waiting = [...s.active.keys()];
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(waiting.map(waitForRun)),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
  ]);
  clearTimeout(timer);
  const left = [...s.active.entries()];
  for (const [runId, run] of left) {
    record(runId, run, { type: "failed", message: SHUTDOWN_MESSAGE });
    run.interrupted = true;
    await run.writes;
    await failRun(runId, SHUTDOWN_MESSAGE).catch((err) => log.error("could not mark the run failed", { runId, err }));
  }
  return { finished: waiting.length - left.length, interrupted: left.length };
}

/** Test hook: options merged into every AKS engine call (e.g. a shorter budget, a test credential). */
export function setAksEngineOverrides(overrides: Partial<AksCheckInput> | undefined): void {
  state().aksEngineOverrides = overrides;
}

/** Test hook: options merged into every engine call. */
export function setEngineOverrides(overrides: Partial<ClusterCheckInput> | undefined): void {
  state().engineOverrides = overrides;
}

export { isTerminal };
