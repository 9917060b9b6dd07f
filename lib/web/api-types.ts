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
