// Kubeconfig clusters and their runs, as the API takes and returns them.
import { z } from "zod";
import { checkResultSchema, sectionSchema, statusCountsSchema, verdictSchema } from "./results";
import { planInputSchema, storedPlanSchema } from "./plan";
import { targetSchema } from "./target";

export const clusterNameSchema = z.string().trim().min(1, "the name is empty").max(100, "the name is longer than 100 characters");

export const createClusterBody = z.object({
  name: clusterNameSchema,
  kubeconfig: z.string().min(1, "the kubeconfig is empty"),
  context: z.string().min(1, "choose a context"),
});
export type CreateClusterInput = z.input<typeof createClusterBody>;

export const inspectKubeconfigBody = z.object({ kubeconfig: z.string() });

export const kubeContextSchema = z.object({
  name: z.string(),
  cluster: z.string(),
  server: z.string(),
  user: z.string(),
  namespace: z.string().optional(),
  authKind: z.enum(["token", "client-certificate", "none"]),
  /** Set when this context cannot be used; says why and what to do instead. */
  unsupported: z.string().optional(),
});
export type KubeconfigContext = z.infer<typeof kubeContextSchema>;
export const inspectResultSchema = z.object({ contexts: z.array(kubeContextSchema), currentContext: z.string().optional() });
export type InspectResult = z.infer<typeof inspectResultSchema>;

export const runStatusSchema = z.enum(["running", "finished", "failed"]);
export type RunStatus = z.infer<typeof runStatusSchema>;
export type StatusCounts = z.infer<typeof statusCountsSchema>;

/**
 * The newest decision on a run, for a history row: approved / rejected when it was made on the report as it
 * is now; `changed` when the report changed since (an attestation, a waiver starting or ending).
 */
export const runApprovalSummarySchema = z.object({ state: z.enum(["approved", "rejected", "changed"]), name: z.string(), at: z.string() });
export type RunApprovalSummary = z.infer<typeof runApprovalSummarySchema>;

export const latestRunSummarySchema = z.object({
  id: z.string(),
  status: runStatusSchema,
  verdict: verdictSchema.nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  counts: statusCountsSchema,
  /** Present once someone decided on the run (histories and the clusters list). */
  approval: runApprovalSummarySchema.optional(),
});
export type LatestRunSummary = z.infer<typeof latestRunSummarySchema>;

export const clusterInfoSchema = z.object({ id: z.string(), name: z.string(), context: z.string(), server: z.string(), createdAt: z.string() });
export type ClusterInfo = z.infer<typeof clusterInfoSchema>;
export const clusterSummarySchema = clusterInfoSchema.extend({ latestRun: latestRunSummarySchema.nullable() });
export type ClusterSummary = z.infer<typeof clusterSummarySchema>;

export const runSummarySchema = latestRunSummarySchema.extend({
  durationMs: z.number().nullable(),
  plan: storedPlanSchema,
  /** The Dynatrace tenant checked with the cluster (its name, else its API URL). */
  tenant: z.string().optional(),
  /** The saved tenant, while it exists (deleting it keeps the run, unlinked). */
  tenantId: z.string().optional(),
  /** Set when the run re-judged another run's facts with the current checks. */
  replayOf: z.string().optional(),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

/** What a history shows beyond its newest runs. */
export const runHistoryInfoSchema = z.object({
  /** Runs stored for the cluster (the listing holds the newest ones). */
  total: z.number(),
  /** The last ready run before the latest finished one, even when it is older than the listed runs. */
  sinceLastReady: z.object({ readyId: z.string(), readyStartedAt: z.string(), latestId: z.string() }).nullable(),
});
export type RunHistoryInfo = z.infer<typeof runHistoryInfoSchema>;

export const clusterDetailSchema = z.object({ cluster: clusterInfoSchema, runs: z.array(runSummarySchema), history: runHistoryInfoSchema });
export type ClusterDetail = z.infer<typeof clusterDetailSchema>;

export const runProgressSnapshotSchema = z.object({
  planned: z.number(),
  collectorsDone: z.number(),
  collectorsTotal: z.number(),
  checks: z.array(z.object({ id: z.string(), title: z.string(), section: sectionSchema })),
});
export type RunProgressSnapshot = z.infer<typeof runProgressSnapshotSchema>;

export const runDetailSchema = z.object({
  id: z.string(),
  clusterId: z.string(),
  clusterName: z.string(),
  /** Set for a run of a discovered AKS cluster (then clusterId is that id too). */
  aksClusterId: z.string().optional(),
  status: runStatusSchema,
  error: z.string().optional(),
  verdict: verdictSchema.nullable(),
  plan: storedPlanSchema,
  target: targetSchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  counts: statusCountsSchema,
  checks: z.array(checkResultSchema),
  progress: runProgressSnapshotSchema,
  /** A re-judged run: whose facts it judged (while that run exists), collected when. */
  replayOf: z.object({ runId: z.string().optional(), collectedAt: z.string() }).optional(),
});
export type RunDetail = z.infer<typeof runDetailSchema>;

export const startRunBody = z.object({
  plan: planInputSchema.optional(),
  /** A saved tenant to check with the cluster. */
  tenantId: z.string().min(1).optional(),
});
export type StartRunInput = z.input<typeof startRunBody>;

export const attestBody = z.object({
  checkId: z.string().min(1, "checkId is empty"),
  by: z.string().trim().min(1, "say who attests (by)").max(100, "by is longer than 100 characters"),
  note: z.string().max(2000, "the note is longer than 2000 characters"),
});
export type AttestInput = z.input<typeof attestBody>;

/** Re-judge a finished run's stored facts with the current checks, optionally under a changed plan. */
export const rejudgeBody = z.object({ plan: planInputSchema.optional() });
export type RejudgeInput = z.input<typeof rejudgeBody>;
