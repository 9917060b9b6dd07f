// plan → collect → evaluate → verdict. The only place that decides what runs, in which order.
import { setMaxListeners } from "node:events";
import { isManual, type AnyCheck, type CheckContext } from "./check";
import { isFailed, type CollectContext, type CollectClients, type CollectorDefinition, type PlanField } from "./collector";
import { CollectError } from "./errors";
import { FactUnavailable, viewOf, type FactKey, type FactStore } from "./facts";
import type { Plan } from "./plan";
import type { CheckResult, FactErrorKind, FactResult, ProgressEvent, RunReport, RunStats, Target } from "./types";
import { verdictOf } from "./verdict";

export interface RunOptions {
  plan: Plan;
  target: Target;
  checks: readonly AnyCheck[];
  collectors: readonly CollectorDefinition[];
  clients: CollectClients;
  /** Upper bound for the whole collect phase; collectors still running then are reported as timed out. */
  budgetMs?: number;
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
  now?: () => Date;
}

export interface RunOutcome {
  report: RunReport;
  facts: FactStore;
  stats: RunStats;
}

const DEFAULT_BUDGET_MS = 60_000;

export async function runReadiness(opts: RunOptions): Promise<RunOutcome> {
  const now = opts.now ?? (() => new Date());
  const started = now();
  const t0 = performance.now();
  const ctx: CheckContext = { plan: opts.plan, target: opts.target };
  const emit = opts.onProgress ?? (() => {});

  // Plan: the applicable checks decide which facts, and so which collectors, are needed.
  const applicable = opts.checks.filter((c) => !c.notApplicable?.(ctx));
  const needed = new Set<string>(applicable.flatMap((c) => (isManual(c) ? [] : c.needs)));
  const collectors = planCollectors(opts.collectors, needed);
  emit({
    type: "planned",
    checks: opts.checks.map((c) => ({ id: c.id, title: c.title, section: c.section })),
    collectors: collectors.map((c) => c.id),
  });

  // Collect
  const stats: RunStats = { requests: 0, factsCollected: 0, factsFailed: 0 };
  const facts = await collectAll(collectors, opts, stats, emit);

  // Evaluate
  const checks = evaluateAll(opts.checks, facts, ctx);
  for (const c of checks) emit({ type: "check-finished", id: c.id, status: c.status });

  const finished = now();
  const durationMs = Math.round(performance.now() - t0);
  const report: RunReport = {
    schemaVersion: 1,
    verdict: verdictOf(checks),
    target: opts.target,
    plan: opts.plan,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationMs,
    checks,
  };
  emit({ type: "finished", verdict: report.verdict, durationMs });
  return { report, facts, stats };
}

export interface ReplayOptions {
  /** Facts as a run stored them (redacted): they are judged again, nothing is collected. */
  facts: FactStore;
  target: Target;
  /** The plan to judge them under: the run's own, or another one (facts its collectors read the plan for turn stale). */
  plan: Plan;
  checks: readonly AnyCheck[];
  /** Whose facts they are (a stored run), and when they were collected. */
  replayOf: NonNullable<RunReport["replayOf"]>;
  now?: () => Date;
}

/**
 * Re-judges stored facts with the given checks, and optionally another plan: the same evaluation and verdict as the
 * run itself, without a request. A check whose facts were not collected (a new check, or one the original plan did not
 * need) is unknown with that reason, never judged on missing data.
 */
export function replayReadiness(opts: ReplayOptions): RunReport {
  const now = opts.now ?? (() => new Date());
  const started = now();
  const t0 = performance.now();
  const checks = evaluateAll(opts.checks, opts.facts, { plan: opts.plan, target: opts.target });
  return {
    schemaVersion: 1,
    verdict: verdictOf(checks),
    target: opts.target,
    plan: opts.plan,
    startedAt: started.toISOString(),
    finishedAt: now().toISOString(),
    durationMs: Math.round(performance.now() - t0),
    replayOf: opts.replayOf,
    checks,
  };
}

/** The collectors that produce needed facts, plus those their `after` facts depend on. */
export function planCollectors(all: readonly CollectorDefinition[], needed: Set<string>): CollectorDefinition[] {
  const byFact = new Map<string, CollectorDefinition>();
  for (const c of all) {
    for (const f of c.produces) {
      if (byFact.has(f)) throw new Error(`fact ${f} is produced by both ${byFact.get(f)!.id} and ${c.id}`);
      byFact.set(f, c);
    }
  }
  const chosen = new Set<CollectorDefinition>();
  const visit = (fact: string) => {
    const c = byFact.get(fact);
    if (!c || chosen.has(c)) return;
    chosen.add(c);
    for (const dep of c.after ?? []) visit(dep);
  };
  for (const f of needed) visit(f);
  return all.filter((c) => chosen.has(c));
}

async function collectAll(
  collectors: CollectorDefinition[],
  opts: RunOptions,
  stats: RunStats,
  emit: (e: ProgressEvent) => void,
): Promise<FactStore> {
  const store: FactStore = new Map();
  const budget = AbortSignal.timeout(opts.budgetMs ?? DEFAULT_BUDGET_MS);
  const signal = opts.signal ? AbortSignal.any([opts.signal, budget]) : budget;
  // One abort listener per collector in flight (raceSignal): past Node's default of 10, it prints a leak warning.
  setMaxListeners(collectors.length + 10, signal);
  const done = new Map<string, Promise<void>>();

  const runOne = (c: CollectorDefinition): Promise<void> => {
    const existing = done.get(c.id);
    if (existing) return existing;
    const p = (async () => {
      // Wait for the collectors whose facts this one reads first.
      const deps = collectors.filter((d) => d !== c && d.produces.some((f) => c.after?.includes(f) || c.uses?.includes(f)));
      await Promise.all(deps.map(runOne));
      const requests: string[] = [];
      const planRead = pickPlan(opts.plan, c.reads);
      const cctx: CollectContext = {
        plan: planView(opts.plan, c),
        target: opts.target,
        signal,
        clients: opts.clients,
        noteRequest: (d) => {
          requests.push(d);
          stats.requests++;
        },
      };
      emit({ type: "collector-started", collector: c.id });
      const t = performance.now();
      let ok = true;
      try {
        const values = await raceSignal(c.collect(cctx, valuesOf(store)), signal);
        for (const key of c.produces) {
          const v = (values as Record<string, unknown>)[key];
          const durationMs = Math.round(performance.now() - t);
          const source = { collector: c.id, requests: [...requests], ...(planRead ? { plan: planRead } : {}) };
          if (isFailed(v)) {
            store.set(key, { ok: false, error: { kind: v.kind, message: v.message }, source, durationMs });
            stats.factsFailed++;
          } else if (v === undefined) {
            store.set(key, { ok: false, error: { kind: "error", message: `${c.id} returned no ${key}` }, source, durationMs });
            stats.factsFailed++;
          } else {
            store.set(key, { ok: true, value: v, source, durationMs });
            stats.factsCollected++;
          }
        }
      } catch (err) {
        ok = false;
        const error = classify(err, signal);
        const durationMs = Math.round(performance.now() - t);
        for (const key of c.produces) {
          store.set(key, { ok: false, error, source: { collector: c.id, requests: [...requests], ...(planRead ? { plan: planRead } : {}) }, durationMs });
          stats.factsFailed++;
        }
      }
      emit({ type: "collector-finished", collector: c.id, ok, durationMs: Math.round(performance.now() - t) });
    })();
    done.set(c.id, p);
    return p;
  };

  await Promise.all(collectors.map(runOne));
  return store;
}

function pickPlan(plan: Plan, fields: readonly PlanField[] | undefined): Record<string, unknown> | undefined {
  if (!fields?.length) return undefined;
  return Object.fromEntries(fields.map((f) => [f, plan[f]]));
}

/** The plan as a collector sees it: reading a field it did not declare in `reads` is a defect, caught here. */
function planView(plan: Plan, c: CollectorDefinition): Plan {
  const allowed = new Set<string>(c.reads ?? []);
  return new Proxy(plan, {
    get(target, prop, receiver) {
      if (typeof prop === "string" && prop in target && !allowed.has(prop)) {
        throw new Error(`collector ${c.id} read plan.${prop} without declaring it in reads`);
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

function valuesOf(store: FactStore): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const [k, r] of store) m.set(k, r);
  return m;
}

function raceSignal<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

function classify(err: unknown, signal: AbortSignal): { kind: FactErrorKind; message: string } {
  if (err instanceof CollectError) return { kind: err.kind, message: err.message };
  if (signal.aborted) return { kind: "timeout", message: "the run's time budget ran out before this was collected" };
  const message = err instanceof Error ? err.message : String(err);
  return { kind: "error", message };
}

/** Pure: evaluates every check over the facts. Also used to replay stored facts. */
export function evaluateAll(checks: readonly AnyCheck[], facts: FactStore, ctx: CheckContext): CheckResult[] {
  return checks.map((check) => evaluateOne(check, facts, ctx));
}

function evaluateOne(check: AnyCheck, facts: FactStore, ctx: CheckContext): CheckResult {
  const base = {
    id: check.id,
    title: check.title,
    section: check.section,
    severity: check.severity,
    checklistItem: check.checklistItem,
  };
  const docs = check.docs;
  const t = performance.now();
  const na = check.notApplicable?.(ctx);
  if (na) {
    return { ...base, status: "not-applicable", summary: na, reason: na, evidence: [], remediation: { text: "", commands: [], docs }, durationMs: 0 };
  }
  if (isManual(check)) {
    const i = check.instructions(ctx);
    return {
      ...base,
      status: "manual",
      summary: i.summary,
      evidence: [],
      remediation: { text: i.remediation, commands: i.commands ?? [], docs },
      durationMs: 0,
    };
  }
  try {
    const e = check.evaluate(viewOf(facts, [...check.needs, ...(check.uses ?? [])] as readonly FactKey[], ctx.plan), ctx);
    if ((e.status === "unknown" || e.status === "not-applicable") && !e.reason) {
      throw new Error(`check ${check.id} returned ${e.status} without a reason`);
    }
    return {
      ...base,
      status: e.status,
      summary: e.summary,
      evidence: e.evidence ?? [],
      remediation: { text: e.remediation?.text ?? "", commands: e.remediation?.commands ?? [], docs },
      reason: e.reason,
      durationMs: Math.round((performance.now() - t) * 1000) / 1000,
    };
  } catch (err) {
    const reason =
      err instanceof FactUnavailable
        ? `${describeKind(err.error.kind)}: ${err.error.message}`
        : `the check failed to evaluate: ${err instanceof Error ? err.message : String(err)}`;
    return {
      ...base,
      status: "unknown",
      summary: "Could not decide",
      reason,
      evidence: [],
      remediation: { text: remediationForUnknown(err), commands: [], docs },
      durationMs: 0,
    };
  }
}

function describeKind(kind: FactErrorKind): string {
  switch (kind) {
    case "forbidden":
      return "Forbidden";
    case "unauthorized":
      return "Unauthorized";
    case "timeout":
      return "Timed out";
    case "unreachable":
      return "Unreachable";
    case "not-found":
      return "Not found";
    case "invalid":
      return "Unexpected answer";
    case "stale":
      return "Not collected for this plan";
    default:
      return "Error";
  }
}

function remediationForUnknown(err: unknown): string {
  if (err instanceof FactUnavailable) {
    switch (err.error.kind) {
      case "forbidden":
        return "Run the check with an identity that may read this, or grant it read access (e.g. the built-in view ClusterRole), then run again.";
      case "unauthorized":
        return "The credentials were rejected. Refresh the kubeconfig or token and run again.";
      case "timeout":
      case "unreachable":
        return `Make sure ${sourceOf(err.key)} is reachable from the dashboard host, then run again.`;
      case "stale":
        return "These facts were gathered for another plan; run the check again to judge this one.";
      default:
        return "Run again; if it persists, the evidence of the source request says what failed.";
    }
  }
  return "This is a defect in the check; please report it with the run's facts.";
}

// Which remote end a fact comes from, by its key's prefix (k8s.*, dt.*, registry.*, az.*).
export function sourceOf(key: string): string {
  if (key.startsWith("dt.")) return "the Dynatrace tenant (through the proxy, when one is set)";
  if (key.startsWith("registry.")) return "the container registry";
  if (key.startsWith("az.")) return "Azure Resource Manager (and Microsoft Entra ID for its token)";
  if (key.startsWith("net.")) return "the network path being probed";
  return "the API server";
}

export type { FactResult, Target };
