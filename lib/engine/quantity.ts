// Kubernetes resource quantities ("3860m", "13Gi", "1.5G", "2e3") as numbers.
// Grammar: https://github.com/kubernetes/apimachinery/blob/master/pkg/api/resource/quantity.go

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

/**
 * Parsed quantities by their text: a cluster's pods repeat a few hundred request values (100m, 128Mi…) across 100,000
 * pods, and each was parsed again. Bounded, so odd inputs cannot grow it without end.
 */
const parsed = new Map<string, number | undefined>();

/** The quantity in base units (cores, bytes, count), or undefined when it is not a valid quantity. */
export function parseQuantity(input: string | number | undefined | null): number | undefined {
  if (typeof input === "number") return Number.isFinite(input) ? input : undefined;
  if (typeof input !== "string") return undefined;
  if (parsed.has(input)) return parsed.get(input);
  const v = parseText(input);
  if (parsed.size < 4096) parsed.set(input, v);
  return v;
}

function parseText(input: string): number | undefined {
  const m = QUANTITY.exec(input.trim());
  if (!m) return undefined;
  const [, digits, suffix = "", exponent] = m;
  const n = Number(digits);
  if (exponent !== undefined) return n * 10 ** Number(exponent);
  return n * (BINARY[suffix] ?? DECIMAL[suffix]!);
}

/** CPU in millicores, rounded up like Kubernetes' MilliValue. */
export function cpuMillis(input: string | number | undefined | null): number | undefined {
  const v = parseQuantity(input);
  return v === undefined ? undefined : Math.ceil(round9(v * 1000));
}

/** Memory or storage in bytes, rounded up like Kubernetes' Value. */
export function bytes(input: string | number | undefined | null): number | undefined {
  const v = parseQuantity(input);
  return v === undefined ? undefined : Math.ceil(round9(v));
}

/** A plain count (pods). */
export function count(input: string | number | undefined | null): number | undefined {
  const v = parseQuantity(input);
  return v === undefined ? undefined : Math.floor(round9(v));
}

// Float noise such as 0.1 * 1000 = 100.00000000000001 must not round up to 101.
function round9(v: number): number {
  return Math.round(v * 1e9) / 1e9;
}

/** "13 GiB", "118 GiB", "512 MiB": for evidence shown to people. */
export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let i = 0;
  let v = n;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}

/** "3860m" → "3.86 cores"; "500m" stays "500m". */
export function formatCpu(millis: number): string {
  return millis >= 1000 ? `${Number((millis / 1000).toFixed(2))} cores` : `${millis}m`;
}
