// A collector: the only code that talks to the outside world. It produces one or more facts.
import type { FactKey, FactTypes } from "./facts";
import type { Plan } from "./plan";

/** A plan field a collector may read. */
export type PlanField = keyof Plan;
import type { FactSource, Target } from "./types";

/** Per-run services a collector may use: the clients are built once per run by the engine's caller. */
export interface CollectContext {
  /**
   * Only the fields the collector declares in `reads` (reading another one throws): facts describe the world, and
   * what a collector must ask for a plan (its namespace, the workloads it dry-runs) is recorded with the fact.
   */
  plan: Plan;
  target: Target;
  signal: AbortSignal;
  /** Records a request for the evidence and the run's request counter. */
  noteRequest(description: string): void;
  /** Connection-specific clients (kubernetes now; dynatrace and azure later), keyed by kind. */
  clients: CollectClients;
}

// Later issues add their clients here by augmentation, like FactTypes.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CollectClients {}

// The default is `any` so that a list of collectors (registry, engine) accepts each collector, which produces only
// its own keys; with FactKey as the default, every collector would have to return every fact.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface CollectorDefinition<K extends FactKey = any> {
  id: string;
  produces: readonly K[];
  /**
   * The plan fields the collector's requests depend on (e.g. the namespace it reads). Recorded with its facts, so a
   * replay under a plan that differs in them reports those facts as stale instead of judging the wrong object.
   */
  reads?: readonly PlanField[];
  /** Facts this collector itself needs first (e.g. the namespace before a dry run in it). */
  after?: readonly FactKey[];
  /**
   * Facts this collector reads when other checks made the engine collect them: it waits for them then, and never
   * causes them to be collected (e.g. the proxy environment reads the AKS cluster's httpProxyConfig on AKS runs).
   */
  uses?: readonly FactKey[];
  /**
   * Returns each produced fact's value. A fact the collector could not gather is returned as an
   * error via `FactFailure` (thrown) for all of its facts, or per fact with `failed(...)`.
   */
  collect(ctx: CollectContext, earlier: ReadonlyMap<string, unknown>): Promise<{ [P in K]: FactTypes[P] | FailedFact }>;
}

export interface FailedFact {
  readonly __failed: true;
  kind: import("./types").FactErrorKind;
  message: string;
}

export function failed(kind: FailedFact["kind"], message: string): FailedFact {
  return { __failed: true, kind, message };
}

export function isFailed(v: unknown): v is FailedFact {
  return typeof v === "object" && v !== null && (v as FailedFact).__failed === true;
}

export function defineCollector<K extends FactKey>(c: CollectorDefinition<K>): CollectorDefinition<K> {
  return c;
}

export type { FactSource };
