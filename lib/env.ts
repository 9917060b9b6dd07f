// The environment, read in this one module and validated with zod: a wrong value is refused with the variable's name
// (at start, by validateServerEnv, and again by the accessor that reads it) instead of being half-used. Accessors read
// at each call: tests and the CLI change the environment while the process runs. No imports beyond zod and node:
// prisma.config.ts loads this file through lib/db/location.ts.
import path from "node:path";
import { z } from "zod";

type Source = Record<string, string | undefined>;

/** A variable with a value the server cannot use; the message names it (and never repeats a secret's value). */
export class EnvError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = "EnvError";
  }
}

interface Variable<T> {
  name: string;
  schema: z.ZodType<T>;
  /** Never echo the value in a message. */
  secret?: boolean;
}

function variable<T>(name: string, schema: z.ZodType<T>, secret = false): Variable<T> {
  return { name, schema, secret };
}

function read<T>(v: Variable<T>, source: Source = process.env): T {
  const raw = source[v.name];
  const parsed = v.schema.safeParse(raw === "" ? undefined : raw);
  if (parsed.success) return parsed.data;
  const shown = v.secret || raw === undefined ? "" : ` (it is "${raw.slice(0, 80)}")`;
  throw new EnvError(v.name, `${v.name} ${parsed.error.issues[0]?.message ?? "is not valid"}${shown}.`);
}

/** Comma-separated host names or host:port pairs, lower-cased. */
const hostList = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );

const wholeNumber = (min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined) return fallback;
      const n = Number(s.trim());
      if (!/^\d+$/.test(s.trim()) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const optionalText = z.string().trim().min(1).optional();

const VARIABLES = {
  dataDir: variable("DTREADY_DATA_DIR", z.string().trim().min(1).default("data")),
  databaseUrl: variable("DATABASE_URL", optionalText, true),
  migrationsDir: variable("DTREADY_MIGRATIONS_DIR", optionalText),
  secretKey: variable("DTREADY_SECRET_KEY", optionalText, true),
  allowedHosts: variable("DTREADY_ALLOWED_HOSTS", hostList),
  maxConcurrentRuns: variable("DTREADY_MAX_CONCURRENT_RUNS", wholeNumber(1, 64, 4)),
  logLevel: variable("DTREADY_LOG_LEVEL", z.enum(["debug", "info", "warn", "error"], { error: "must be debug, info, warn or error" }).default("info")),
  logOff: variable("DTREADY_LOG", z.enum(["on", "off"], { error: 'must be "on" or "off"' }).default("on").transform((v) => v === "off")),
  /** Tests only: host:port replacing public.ecr.aws for the default operator image. */
  publicRegistry: variable("DTREADY_PUBLIC_REGISTRY", z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, "must be host[:port]").optional()),
  /** Tests only: a PEM CA trusted for registry requests. */
  registryCaFile: variable("DTREADY_REGISTRY_CA_FILE", optionalText),
  /** Hosts a `custom` Azure cloud's authority and Resource Manager endpoint may name; empty: custom clouds are off. */
  azureCustomCloudHosts: variable("DTREADY_AZURE_CUSTOM_CLOUD_HOSTS", hostList),
  /** The projected service-account token of Azure workload identity: set by the AKS webhook, never by a user. */
  azureFederatedTokenFile: variable("AZURE_FEDERATED_TOKEN_FILE", optionalText),
  /** How long SIGTERM waits for running runs before it marks them failed and exits (keep it below Kubernetes' grace period). */
  drainTimeoutSeconds: variable("DTREADY_DRAIN_TIMEOUT_SECONDS", wholeNumber(0, 3600, 70)),
  /** Set by scripts/start.mjs: Next.js leaves SIGTERM/SIGINT to the server's own handler, which drains runs. */
  manualSignalHandling: variable("NEXT_MANUAL_SIG_HANDLE", z.string().optional().transform((v) => v === "true" || v === "1")),
} as const;

type Values = { [K in keyof typeof VARIABLES]: (typeof VARIABLES)[K] extends Variable<infer T> ? T : never };

/** One variable, validated: `env("maxConcurrentRuns")`. */
export function env<K extends keyof Values>(key: K, source: Source = process.env): Values[K] {
  return read(VARIABLES[key] as Variable<Values[K]>, source);
}

/** Every variable at once, each error naming its variable; for the server's start and the CLI's. */
export function validateServerEnv(source: Source = process.env): void {
  const errors: string[] = [];
  for (const v of Object.values(VARIABLES)) {
    try {
      read(v as Variable<unknown>, source);
    } catch (err) {
      errors.push((err as Error).message);
    }
  }
  if (errors.length) throw new EnvError(errors.join(" "), `The environment is not valid: ${errors.join(" ")}`);
}

/** The proxy variables the operator would inherit (HTTPS_PROXY, NO_PROXY, either case), as they are set. */
export function proxyEnvironment(source: Source = process.env): Record<string, string | undefined> {
  const keys = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"];
  return Object.fromEntries(keys.map((k) => [k, source[k]]));
}

/** What the CLI itself reads of its environment (the engine reads the variables above through `env`). */
export function cliEnvironment(source: Source = process.env): { KUBECONFIG?: string; NO_COLOR?: string; DTREADY_DEBUG?: string } {
  return { KUBECONFIG: source.KUBECONFIG, NO_COLOR: source.NO_COLOR, DTREADY_DEBUG: source.DTREADY_DEBUG };
}

/** Where dtready keeps its state: DTREADY_DATA_DIR, default `./data` (relative to the working directory). */
export function dataDir(source: Source = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env("dataDir", source));
}
