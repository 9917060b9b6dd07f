// Shapes of the dashboard's HTTP API as the browser sees them (the contract in DESIGN.md / api brief).
// Type-only: nothing here is bundled, and none of these shapes carries credentials.
import type { KubeContextInfo } from "@/lib/collect/kubernetes/kubeconfig";
import type { Plan, PlanInput } from "@/lib/engine/plan";
import type { CheckResult, SectionId, Status, Target, Verdict } from "@/lib/engine/types";

export type RunStatus = "running" | "finished" | "failed";

export type StatusCounts = Record<Status, number>;

export interface LatestRunSummary {
  id: string;
  status: RunStatus;
  verdict: Verdict | null;
  startedAt: string;
  finishedAt: string | null;
  counts: StatusCounts;
}

export interface ClusterSummary {
  id: string;
  name: string;
  context: string;
  server: string;
  createdAt: string;
  latestRun: LatestRunSummary | null;
}

export interface ClusterInfo {
  id: string;
  name: string;
  context: string;
  server: string;
  createdAt: string;
}

export interface RunSummary extends LatestRunSummary {
  durationMs: number | null;
  plan: Plan;
  /** The Dynatrace tenant checked with the cluster (its name, else its API URL). */
  tenant?: string;
  /** The saved tenant, while it exists (deleting it keeps the run, unlinked). */
  tenantId?: string;
}

export interface ClusterDetail {
  cluster: ClusterInfo;
  runs: RunSummary[];
}

export interface RunProgressSnapshot {
  planned: number;
  collectorsDone: number;
  collectorsTotal: number;
  checks: { id: string; title: string; section: SectionId }[];
}

export interface RunDetail {
  id: string;
  clusterId: string;
  clusterName: string;
  /** Set for a run of a discovered AKS cluster (then clusterId is that id too). */
  aksClusterId?: string;
  status: RunStatus;
  error?: string;
  verdict: Verdict | null;
  plan: Plan;
  target: Target;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  counts: StatusCounts;
  checks: CheckResult[];
  progress: RunProgressSnapshot;
}

export type KubeconfigContext = KubeContextInfo;

export interface InspectResult {
  contexts: KubeconfigContext[];
  currentContext?: string;
}

export interface StartRunInput {
  plan?: PlanInput;
  /** A saved tenant to check with the cluster. */
  tenantId?: string;
}

export interface AttestInput {
  checkId: string;
  by: string;
  note: string;
}

/** A stored tenant connection as the browser sees it: tokens as their public parts only. */
export interface TenantInfo {
  id: string;
  name: string;
  apiUrl: string;
  operatorTokenPublic: string;
  ingestTokenPublic?: string;
  /** Without credentials. */
  proxy?: string;
  customCa: boolean;
  networkZone?: string;
  createdAt: string;
}

export interface CreateTenantInput {
  name: string;
  apiUrl: string;
  operatorToken: string;
  ingestToken?: string;
  proxyUrl?: string;
  caBundle?: string;
  networkZone?: string;
}

/** A stored Azure connection as the browser sees it: never the client secret or certificate. */
export interface AzureConnectionInfo {
  id: string;
  name: string;
  kind: import("@/lib/collect/azure/connection").AzureCredentialKind;
  cloud: import("@/lib/collect/azure/connection").AzureCloud;
  authorityHost: string;
  armEndpoint: string;
  tenantId?: string;
  clientId?: string;
  tokenFilePath?: string;
  /** A client secret or certificate is stored (encrypted). */
  hasSecret: boolean;
  customCa: boolean;
  discoveredAt: string | null;
  discoverError: string | null;
  clusterCount: number;
  createdAt: string;
}

export interface CreateAzureConnectionInput {
  name: string;
  kind: string;
  cloud?: string;
  authorityHost?: string;
  armEndpoint?: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  certificatePem?: string;
  tokenFilePath?: string;
  caPem?: string;
}

export interface DiscoveryResult {
  subscriptions: number;
  clusters: number;
  /** Subscriptions whose clusters could not be listed, with what Resource Manager said. */
  problems: { subscriptionId: string; subscriptionName: string; message: string }[];
}

/** A discovered AKS cluster with its latest run (for the fleet page). */
export interface FleetCluster {
  id: string;
  connectionId: string;
  connectionName: string;
  subscriptionId: string;
  subscriptionName: string;
  resourceGroup: string;
  name: string;
  location: string;
  kubernetesVersion: string | null;
  powerState: string | null;
  provisioningState: string | null;
  fqdn: string | null;
  private: boolean;
  discoveredAt: string;
  /** Not listed by the last discovery (deleted, or the identity lost access). */
  missing: boolean;
  /** The newest run, whatever its state. */
  latestRun: LatestRunSummary | null;
  /** The newest finished run's verdict and when it was reached (kept while a new run is going or after one failed). */
  latestVerdict: { runId: string; verdict: Verdict; finishedAt: string } | null;
}

export interface AksClusterDetail {
  cluster: FleetCluster;
  runs: RunSummary[];
}

export interface FleetCheckInput {
  clusterIds: string[];
  plan?: PlanInput;
  tenantId?: string;
}
