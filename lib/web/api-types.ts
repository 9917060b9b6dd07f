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
  /** Present once someone decided on the run (histories and the clusters list). */
  approval?: RunApprovalSummary;
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

/**
 * The newest decision on a run, for a history row: approved / rejected when it was made on the report as it
 * is now; `changed` when the report changed since (an attestation, a waiver starting or ending).
 */
export interface RunApprovalSummary {
  state: "approved" | "rejected" | "changed";
  name: string;
  at: string;
}

/** What a history shows beyond its newest runs. */
export interface RunHistoryInfo {
  /** Runs stored for the cluster (the listing holds the newest ones). */
  total: number;
  /** The last ready run before the latest finished one, even when it is older than the listed runs. */
  sinceLastReady: { readyId: string; readyStartedAt: string; latestId: string } | null;
}

export interface ClusterDetail {
  cluster: ClusterInfo;
  runs: RunSummary[];
  history: RunHistoryInfo;
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
  latestVerdict: { runId: string; verdict: Verdict; finishedAt: string; approval?: RunApprovalSummary } | null;
}

export interface AksClusterDetail {
  cluster: FleetCluster;
  runs: RunSummary[];
  history: RunHistoryInfo;
}

export interface FleetCheckInput {
  clusterIds: string[];
  plan?: PlanInput;
  tenantId?: string;
}

// ---- Sharing, approvals, audit (issue 6). Implemented by lib/db/shares.ts and the routes listed in each type.

export type ShareLinkState = "active" | "expired" | "revoked";

/** A share link as the team sees it: never its token (only shown once, at creation). */
export interface ShareLinkInfo {
  id: string;
  runId: string;
  label: string | null;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastViewedAt: string | null;
  state: ShareLinkState;
}

/** POST /api/runs/:id/shares → 201 `{ link }`: the only answer that carries the token. */
export interface CreatedShareLink extends ShareLinkInfo {
  token: string;
  /** Where the approver opens it: `/share/<token>` (prefix it with the dashboard's origin). */
  path: string;
}

export interface CreateShareLinkInput {
  /** 1-90, default 14. */
  expiresInDays?: number;
  label?: string;
  createdBy?: string;
}

export type Decision = "approve" | "reject";

export interface ApprovalInfo {
  id: number;
  decision: Decision;
  name: string;
  comment: string;
  at: string;
  /** SHA-256 (hex) of the canonical JSON report the approver saw. */
  reportHash: string;
  /** The run's report still hashes to reportHash (nothing changed since the decision). */
  current: boolean;
  /** The share link it was made through (its label, else its id), if that link still exists. */
  via: string | null;
}

/**
 * - awaiting: no decision on the current report (never decided, or the report changed since: see `decisions`).
 * - approved / rejected: the newest decision, made on exactly the current report.
 * - not-finished: a running or failed run cannot be approved.
 */
export type ApprovalState = "not-finished" | "awaiting" | "approved" | "rejected";

/** GET /api/runs/:id/approval */
export interface RunApproval {
  state: ApprovalState;
  /** Hash of the current report; null until the run finished. */
  reportHash: string | null;
  /** Newest first. */
  decisions: ApprovalInfo[];
  /** Newest first. */
  links: ShareLinkInfo[];
}

export interface DecisionInput {
  decision: Decision;
  name: string;
  comment: string;
  /** The reportHash the approver's page showed; a mismatch (the report changed) is refused with 409. */
  reportHash: string;
}

export type AuditKind =
  | "share-created"
  | "share-viewed"
  | "share-revoked"
  | "approved"
  | "rejected"
  | "waiver-created"
  | "waiver-revoked"
  | "attested";

/** GET /api/runs/:id/audit → `{ events }`, newest first. */
export interface AuditEntry {
  id: number;
  kind: AuditKind;
  actor: string | null;
  detail: string | null;
  shareLinkId: string | null;
  at: string;
}

/**
 * GET /api/share/:token → 200 SharedRun. An unknown or altered token → 404 `{ error: "This link does not exist." }`;
 * an expired or revoked one → 410 `{ error, state: "expired" | "revoked" }` and nothing else.
 */
export interface SharedRun {
  run: RunDetail;
  approval: Pick<RunApproval, "state" | "reportHash" | "decisions">;
  link: { label: string | null; expiresAt: string };
  /** Present when the verdict allows an install (lib/report/install-plan.ts). */
  installPlan?: import("@/lib/report/install-plan").InstallPlan;
}
