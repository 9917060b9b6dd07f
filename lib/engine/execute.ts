// The entry point the CLI, the web server and the tests share: connect, plan, collect, evaluate.
import { CHECKS } from "@/lib/checks/registry";
import { COLLECTORS } from "@/lib/collect/registry";
import { createDynatraceClient, type DynatraceClientOptions } from "@/lib/collect/dynatrace/client";
import { summarizeTenant, type TenantConnection } from "@/lib/collect/dynatrace/tenant";
import { createKubeClient, type KubeClientOptions } from "@/lib/collect/kubernetes/client";
import { resolveKubeconfig } from "@/lib/collect/kubernetes/kubeconfig";
import type { AnyCheck } from "./check";
import type { CollectorDefinition } from "./collector";
import { parsePlan, type PlanInput } from "./plan";
import { runReadiness, type RunOutcome } from "./run";
import type { ProgressEvent, Target } from "./types";

export interface ClusterCheckInput {
  /** Kubeconfig text. Secret: it is resolved here and never stored in the outcome. */
  kubeconfig: string;
  context?: string;
  name?: string;
  clusterId?: string;
  plan?: PlanInput;
  kube?: KubeClientOptions;
  /** The Dynatrace tenant checked with the cluster. Secret (tokens): only its summary reaches the target. */
  tenant?: TenantConnection;
  /** A display name and stored id of the tenant, if it is a saved connection. */
  tenantName?: string;
  tenantId?: string;
  dynatrace?: DynatraceClientOptions;
  budgetMs?: number;
  onProgress?: (e: ProgressEvent) => void;
  signal?: AbortSignal;
  /** For tests and replays; defaults to the full registries. */
  checks?: readonly AnyCheck[];
  collectors?: readonly CollectorDefinition[];
}

/** Throws KubeconfigError (bad kubeconfig) or ZodError (bad plan) before any request is made. */
export async function checkCluster(input: ClusterCheckInput): Promise<RunOutcome> {
  const plan = parsePlan(input.plan ?? {});
  const resolved = resolveKubeconfig(input.kubeconfig, input.context);
  const target: Target = {
    kind: "kubeconfig",
    clusterId: input.clusterId,
    name: input.name ?? resolved.cluster.name,
    context: resolved.context,
    server: resolved.cluster.server,
    tenant: input.tenant ? { ...summarizeTenant(input.tenant), tenantId: input.tenantId, name: input.tenantName } : undefined,
  };
  return runReadiness({
    plan,
    target,
    checks: input.checks ?? CHECKS,
    collectors: input.collectors ?? COLLECTORS,
    clients: {
      kubernetes: createKubeClient(resolved, input.kube),
      dynatrace: input.tenant ? createDynatraceClient(input.tenant, input.dynatrace) : undefined,
      tenant: input.tenant,
    },
    budgetMs: input.budgetMs,
    onProgress: input.onProgress,
    signal: input.signal,
  });
}
