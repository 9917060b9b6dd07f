// The engine's vocabulary. Everything a collector, a check, the database and the UI exchange is here.
import type { Plan } from "./plan";

/** Outcome of one check. `unknown` always carries a reason and never counts as a pass. */
export type Status = "pass" | "warn" | "fail" | "unknown" | "not-applicable" | "manual";
export const STATUSES: readonly Status[] = ["fail", "unknown", "manual", "warn", "pass", "not-applicable"];

/** A blocking check can stop a rollout; an advisory one can only warn. */
export type Severity = "blocking" | "advisory";

export type Verdict = "not-ready" | "incomplete" | "ready-with-warnings" | "ready";

/** Sections follow the prerequisites document (1, 2, 3, 4, 5, 6). */
export type SectionId = "tenant" | "cluster" | "network" | "resources" | "deployment-mode" | "additional";

/**
 * Why a fact could not be gathered: forbidden (403), unauthorized (401), timeout, unreachable (DNS, TCP, TLS),
 * not-found (when that is an error for the collector), invalid (an answer of the wrong shape), stale (a replay: the
 * fact was collected for another plan, e.g. another namespace, so it says nothing about this one), error (anything else).
 */
export const FACT_ERROR_KINDS = ["forbidden", "unauthorized", "timeout", "unreachable", "not-found", "invalid", "stale", "error"] as const;
export type FactErrorKind = (typeof FACT_ERROR_KINDS)[number];

export interface FactError {
  kind: FactErrorKind;
  message: string;
}

/** Where a fact came from: the request(s) that produced it. Never contains credentials. */
export interface FactSource {
  collector: string;
  requests: string[]; // e.g. "GET /api/v1/nodes"
  /** The plan fields the collector read (its `reads`), as they were: a replay under another plan compares them. */
  plan?: Record<string, unknown>;
}

export type FactResult<T = unknown> =
  | { ok: true; value: T; source: FactSource; durationMs: number }
  | { ok: false; error: FactError; source: FactSource; durationMs: number };

/** One piece of evidence shown next to a result: a label and a value, optionally a longer detail. */
export interface Evidence {
  label: string;
  value: string;
  detail?: string;
}

export interface Remediation {
  text: string;
  /** Commands to copy, already filled in with this cluster's values. */
  commands: string[];
}

export interface DocLink {
  title: string;
  url: string;
}

/** What a check's evaluate returns. */
export interface Evaluation {
  status: Status;
  summary: string;
  evidence?: Evidence[];
  /** Only when the status asks for action (warn, fail, unknown, manual). */
  remediation?: Remediation;
  /** Required for `unknown` and `not-applicable`: why. */
  reason?: string;
}

/** A check result as stored and reported (the JSON contract's `checks[]` entry). */
export interface CheckResult {
  id: string;
  title: string;
  section: SectionId;
  status: Status;
  severity: Severity;
  summary: string;
  evidence: Evidence[];
  remediation: { text: string; commands: string[]; docs: DocLink[] };
  durationMs: number;
  reason?: string;
  checklistItem?: ChecklistItemId;
  /** Present when a person attested a manual item. */
  attestation?: Attestation;
  /** Present when an active waiver accepts this warn or fail; the status stays what the check found. */
  waiver?: WaiverRef;
}

/** An accepted warn or fail, as a report shows it (lib/db/waivers.ts keeps the rows). */
export interface WaiverRef {
  id: string;
  owner: string;
  justification: string;
  createdAt: string; // ISO timestamp
  expiresAt: string; // ISO timestamp
}

export interface Attestation {
  checkId: string;
  by: string;
  at: string; // ISO timestamp
  note: string;
}

/** The eight items of the prerequisites document's section 7 "Pre-Deployment Checklist". */
export type ChecklistItemId =
  | "environment"
  | "tokens"
  | "kubernetes-version"
  | "network-access"
  | "permissions"
  | "deployment-mode"
  | "storage-planning"
  | "resource-limits";

/** Where an AKS cluster lives in Resource Manager. */
export interface AksClusterRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

/** The Dynatrace tenant of a run as it may be shown and stored: public parts of the tokens only. */
export interface TenantSummary {
  apiUrl: string;
  operatorTokenPublic: string;
  ingestTokenPublic?: string;
  /** Without credentials. */
  proxy?: string;
  customCa: boolean;
  networkZone?: string;
}

/** What is being checked. Credentials are never part of it. Built once per run (lib/runs/target.ts). */
export interface Target {
  /** kubeconfig: a pasted kubeconfig; aks: found through an Azure connection, credentials fetched from Resource Manager. */
  kind: "kubeconfig" | "aks";
  clusterId?: string;
  name: string;
  context: string;
  /** The API server as known before the run (an AKS cluster found through the CLI has none yet: the k8s.access fact says). */
  server: string;
  /** For kind "aks": where the cluster lives in Resource Manager, and the connection used. */
  aks?: AksClusterRef & { connectionId?: string; location?: string };
  /** The Dynatrace tenant checked together with the cluster, if any (no tokens: public parts only). */
  tenant?: TenantSummary & { tenantId?: string; name?: string };
}

export type ProgressEvent =
  | { type: "planned"; checks: { id: string; title: string; section: SectionId }[]; collectors: string[] }
  | { type: "collector-started"; collector: string }
  | { type: "collector-finished"; collector: string; ok: boolean; durationMs: number }
  | { type: "check-finished"; id: string; status: Status }
  | { type: "finished"; verdict: Verdict; durationMs: number };

export interface RunReport {
  schemaVersion: 1;
  verdict: Verdict;
  target: Target;
  plan: Plan;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /** Set when the report re-judges stored facts (`dtready replay`, "re-judge"): whose facts, collected when. */
  replayOf?: { runId?: string; collectedAt: string };
  checks: CheckResult[];
}

/** Counters the engine keeps per run; the benchmark prints them. */
export interface RunStats {
  requests: number;
  factsCollected: number;
  factsFailed: number;
}
