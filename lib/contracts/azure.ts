// Azure connections, discovered AKS clusters and fleet runs, as the API takes and returns them.
import { z } from "zod";
import { latestRunSummarySchema, runApprovalSummarySchema, runHistoryInfoSchema, runSummarySchema } from "./clusters";
import { planInputSchema } from "./plan";
import { verdictSchema } from "./results";

/** Credentials that fit a server: no browser or developer-tool sign-in. */
export const AZURE_CREDENTIAL_KINDS = ["client-secret", "client-certificate", "workload-identity", "managed-identity", "default-prod"] as const;
export type AzureCredentialKind = (typeof AZURE_CREDENTIAL_KINDS)[number];

export const AZURE_CLOUDS = ["AzureCloud", "AzureChinaCloud", "AzureUSGovernment", "custom"] as const;
export type AzureCloud = (typeof AZURE_CLOUDS)[number];

// Strings only: parseAzureConnectionInput judges the values and names the field.
export const createAzureConnectionBody = z.object({
  name: z.string(),
  kind: z.string(),
  cloud: z.string().optional(),
  authorityHost: z.string().optional(),
  armEndpoint: z.string().optional(),
  tenantId: z.string().optional(),
  clientId: z.string().optional(),
  clientSecret: z.string().max(4096).optional(),
  certificatePem: z.string().max(256 * 1024, "the certificate PEM is larger than 256 KiB").optional(),
  /** Refused by name (parseAzureConnectionInput): the token file is only ever the server's own. */
  tokenFilePath: z.unknown().optional(),
  caPem: z.string().max(1024 * 1024, "the CA PEM is larger than 1 MiB").optional(),
});
export type CreateAzureConnectionInput = Omit<z.input<typeof createAzureConnectionBody>, "tokenFilePath">;

/** A stored Azure connection as the browser sees it: never the client secret or certificate. */
export const azureConnectionInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(AZURE_CREDENTIAL_KINDS),
  cloud: z.enum(AZURE_CLOUDS),
  authorityHost: z.string(),
  armEndpoint: z.string(),
  tenantId: z.string().optional(),
  clientId: z.string().optional(),
  /** A client secret or certificate is stored (encrypted). */
  hasSecret: z.boolean(),
  customCa: z.boolean(),
  discoveredAt: z.string().nullable(),
  discoverError: z.string().nullable(),
  clusterCount: z.number(),
  createdAt: z.string(),
});
export type AzureConnectionInfo = z.infer<typeof azureConnectionInfoSchema>;

export const discoveryResultSchema = z.object({
  subscriptions: z.number(),
  clusters: z.number(),
  /** Subscriptions whose clusters could not be listed, with what Resource Manager said. */
  problems: z.array(z.object({ subscriptionId: z.string(), subscriptionName: z.string(), message: z.string() })),
});
export type DiscoveryResult = z.infer<typeof discoveryResultSchema>;

/** A discovered AKS cluster with its latest run (for the fleet page). */
export const fleetClusterSchema = z.object({
  id: z.string(),
  connectionId: z.string(),
  connectionName: z.string(),
  subscriptionId: z.string(),
  subscriptionName: z.string(),
  resourceGroup: z.string(),
  name: z.string(),
  location: z.string(),
  kubernetesVersion: z.string().nullable(),
  powerState: z.string().nullable(),
  provisioningState: z.string().nullable(),
  fqdn: z.string().nullable(),
  private: z.boolean(),
  discoveredAt: z.string(),
  /** Not listed by the last discovery (deleted, or the identity lost access). */
  missing: z.boolean(),
  /** The newest run, whatever its state. */
  latestRun: latestRunSummarySchema.nullable(),
  /** The newest finished run's verdict and when it was reached (kept while a new run is going or after one failed). */
  latestVerdict: z.object({ runId: z.string(), verdict: verdictSchema, finishedAt: z.string(), approval: runApprovalSummarySchema.optional() }).nullable(),
});
export type FleetCluster = z.infer<typeof fleetClusterSchema>;

export const aksClusterDetailSchema = z.object({ cluster: fleetClusterSchema, runs: z.array(runSummarySchema), history: runHistoryInfoSchema });
export type AksClusterDetail = z.infer<typeof aksClusterDetailSchema>;

export const fleetCheckBody = z.object({
  clusterIds: z.array(z.string().min(1)).min(1, "choose at least one cluster").max(500, "at most 500 clusters at once"),
  // Validated by the run service with the plan schema (the message names the field).
  plan: planInputSchema.optional(),
  tenantId: z.string().min(1).optional(),
});
export type FleetCheckInput = z.input<typeof fleetCheckBody>;
