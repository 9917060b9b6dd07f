// The facts a run is judged on. Each key is produced by exactly one collector and read by any number of
// checks. Later collectors (Dynatrace, Azure, network) add their keys by augmenting `FactTypes`:
//
//   declare module "@/lib/engine/facts" { interface FactTypes { "dt.tokenLookup": TokenLookup } }
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

export function viewOf<K extends FactKey>(store: FactStore, allowed: readonly K[]): FactView<K> {
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
