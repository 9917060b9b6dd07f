// The facts a run is judged on. Each key is produced by exactly one collector and read by any number of
// checks. Later collectors (Dynatrace, Azure, network) add their keys by augmenting `FactTypes`:
//
//   declare module "@/lib/engine/facts" { interface FactTypes { "dt.tokenLookup": TokenLookup } }
import type { Plan } from "./plan";
import type { FactError, FactResult } from "./types";

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FactTypes {}

export type FactKey = keyof FactTypes & string;

/** Thrown by `FactView.get` when a needed fact is missing; the engine turns it into `unknown`. */
export class FactUnavailable extends Error {
  constructor(
    readonly key: string,
    readonly error: FactError,
  ) {
    super(`${key}: ${error.message}`);
  }
}

/** What a check sees: only the facts it declared in `needs`. */
export interface FactView<K extends FactKey> {
  /** The value, or throws FactUnavailable (the engine reports the check as `unknown` with the reason). */
  get<T extends K>(key: T): FactTypes[T];
  /** The raw result, for checks that decide something from a failure (e.g. "unreachable" is a fail). */
  result<T extends K>(key: T): FactResult<FactTypes[T]>;
}

export type FactStore = Map<string, FactResult>;

/**
 * What a check sees. With `plan`, a fact collected under other values of the plan fields its collector read (a
 * replay under another plan) is reported as stale instead of being judged as if it described this plan.
 */
export function viewOf<K extends FactKey>(store: FactStore, allowed: readonly K[], plan?: Plan): FactView<K> {
  const result = <T extends K>(key: T): FactResult<FactTypes[T]> => {
    if (!allowed.includes(key)) throw new Error(`check did not declare fact ${key} in needs`);
    const r = store.get(key);
    if (!r) {
      return {
        ok: false,
        error: { kind: "error", message: `fact ${key} was not collected` },
        source: { collector: "engine", requests: [] },
        durationMs: 0,
      };
    }
    const differs = plan ? staleFields(r.source.plan, plan) : [];
    if (differs.length) {
      return {
        ok: false,
        error: { kind: "stale", message: `${key} was collected for ${differs.map((d) => `${d.field} ${JSON.stringify(d.was)}`).join(", ")}, and the plan now says ${differs.map((d) => `${d.field} ${JSON.stringify(d.now)}`).join(", ")}` },
        source: r.source,
        durationMs: r.durationMs,
      };
    }
    return r as FactResult<FactTypes[T]>;
  };
  return {
    result,
    get(key) {
      const r = result(key);
      if (!r.ok) throw new FactUnavailable(key, r.error);
      return r.value;
    },
  };
}

/** Plan fields whose value differs from the one a fact was collected under. */
function staleFields(collectedUnder: Record<string, unknown> | undefined, plan: Plan): { field: string; was: unknown; now: unknown }[] {
  if (!collectedUnder) return [];
  const out: { field: string; was: unknown; now: unknown }[] = [];
  for (const [field, was] of Object.entries(collectedUnder)) {
    const now = (plan as Record<string, unknown>)[field];
    if (!sameValue(was, now)) out.push({ field, was, now });
  }
  return out;
}

/** Structural equality of JSON values, whatever the order of object keys. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
