// The server's configuration from the environment, read in this one module and validated with zod, so a
// wrong value is refused with the variable's name instead of being half-used.
import { z } from "zod";

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

const azureEnvSchema = z.object({
  /** Hosts a `custom` Azure cloud's authority and Resource Manager endpoint may name; empty: custom clouds are off. */
  DTREADY_AZURE_CUSTOM_CLOUD_HOSTS: hostList,
  /** The projected service-account token of Azure workload identity: set by the AKS webhook, never by a user. */
  AZURE_FEDERATED_TOKEN_FILE: z.string().trim().min(1).optional().catch(undefined),
});

export type AzureEnv = z.output<typeof azureEnvSchema>;

/** Read at each call: tests and `dtready` change the environment at run time. */
export function azureEnv(source: NodeJS.ProcessEnv = process.env): AzureEnv {
  return azureEnvSchema.parse(source);
}

const serverEnvSchema = z.object({
  /** How long SIGTERM waits for running runs before it marks them failed and exits (Kubernetes: keep it below terminationGracePeriodSeconds). */
  DTREADY_DRAIN_TIMEOUT_SECONDS: z.coerce.number().int().min(0).max(3600).default(70),
  /** Set by scripts/start.mjs: Next.js leaves SIGTERM/SIGINT to the server's own handler, which drains runs. */
  NEXT_MANUAL_SIG_HANDLE: z.string().optional().transform((v) => v === "true" || v === "1"),
});

export type ServerEnv = z.output<typeof serverEnvSchema>;

/** The server process's own settings; a bad value throws an Error naming the variable. */
export function serverEnv(source: Record<string, string | undefined> = process.env): ServerEnv {
  const parsed = serverEnvSchema.safeParse(source);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new Error(`${issue.path.join(".")}: ${issue.message}`);
}
