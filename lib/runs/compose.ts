// The composition of a run: which collectors and checks, which clients, for which target. The CLI, the jobs of the
// web server and the tests all start runs here; the engine below knows none of it.
import type { TokenCredential } from "@azure/core-auth";
import { CHECKS } from "@/lib/checks/registry";
import type { AksAccessFinding } from "@/lib/collect/azure/aks-access";
import { createArmClients } from "@/lib/collect/azure/arm";
import type { AzureConnection } from "@/lib/collect/azure/connection";
import { createAzureCredential } from "@/lib/collect/azure/credentials";
import { createDynatraceClient, type DynatraceClientOptions } from "@/lib/collect/dynatrace/client";
import type { KubeAccessFact } from "@/lib/collect/kubernetes/access";
import type { KubeClientOptions } from "@/lib/collect/kubernetes/client";
import { resolveKubeconfig } from "@/lib/collect/kubernetes/kubeconfig";
import { aksAccessCollector, COLLECTORS, kubeconfigAccessCollector } from "@/lib/collect/registry";
import type { AnyCheck } from "@/lib/engine/check";
import type { CollectorDefinition } from "@/lib/engine/collector";
import { parsePlan, type PlanInput } from "@/lib/engine/plan";
import { runReadiness, type RunOutcome } from "@/lib/engine/run";
import type { AksClusterRef, ProgressEvent, Target } from "@/lib/engine/types";
import { aksTarget, kubeconfigTarget, type TenantOfRun } from "./target";

interface CommonInput {
  plan?: PlanInput;
  /** The Dynatrace tenant checked with the cluster. Secret (tokens): only its summary reaches the target. */
  tenant?: TenantOfRun;
  dynatrace?: DynatraceClientOptions;
  kube?: KubeClientOptions;
  budgetMs?: number;
  onProgress?: (e: ProgressEvent) => void;
  signal?: AbortSignal;
  /** For tests; default: the full registries. */
  checks?: readonly AnyCheck[];
  /** For tests; default: the registry. The target's access collector is always added (the engine runs it only when needed). */
  collectors?: readonly CollectorDefinition[];
}

export interface ClusterCheckInput extends CommonInput {
  /** Kubeconfig text. Secret: it is resolved here and never stored in the outcome. */
  kubeconfig: string;
  context?: string;
  /** The run's target when the caller already built it (the jobs store it with the run); else built here. */
  target?: Target;
  name?: string;
  clusterId?: string;
}

/** Throws KubeconfigError (bad kubeconfig) or ZodError (bad plan) before any request is made. */
export async function checkCluster(input: ClusterCheckInput): Promise<RunOutcome> {
  const plan = parsePlan(input.plan ?? {});
  const resolved = resolveKubeconfig(input.kubeconfig, input.context);
  const target =
    input.target ?? kubeconfigTarget({ name: input.name ?? resolved.cluster.name, context: resolved.context, server: resolved.cluster.server, clusterId: input.clusterId }, input.tenant);
  return runReadiness({
    plan,
    target,
    checks: input.checks ?? CHECKS,
    collectors: [kubeconfigAccessCollector, ...(input.collectors ?? COLLECTORS)],
    clients: { kubeconfig: resolved, kubeOptions: input.kube, ...tenantClients(input) },
    budgetMs: input.budgetMs,
    onProgress: input.onProgress,
    signal: input.signal,
  });
}

export interface AksCheckInput extends CommonInput {
  /** Secret (client secret, certificate): used here, never stored in the outcome. */
  connection: AzureConnection;
  ref: AksClusterRef;
  target?: Target;
  connectionId?: string;
  location?: string;
  clusterId?: string;
  azure?: { credential?: TokenCredential; timeoutMs?: number; concurrency?: number };
}

export interface AksRunOutcome extends RunOutcome {
  /** How the API server was reached, or why it could not be (from the k8s.access fact). */
  access: { auth?: "entra" | "local"; serverId?: string; finding?: AksAccessFinding };
}

/**
 * Checks an AKS cluster found through an Azure connection: Resource Manager clients for the ARM collectors, and the
 * API server through the cluster's user credentials, fetched by the access collector. Throws ZodError (bad plan)
 * only; every Azure or cluster failure becomes facts and findings.
 */
export async function checkAksCluster(input: AksCheckInput): Promise<AksRunOutcome> {
  const plan = parsePlan(input.plan ?? {});
  const credential = input.azure?.credential ?? credentialOrFailure(input.connection);
  const arm = createArmClients(input.connection, credential, { timeoutMs: input.azure?.timeoutMs, concurrency: input.azure?.concurrency });
  const target = input.target ?? aksTarget({ ref: input.ref, connectionId: input.connectionId, location: input.location, clusterId: input.clusterId }, input.tenant);
  const outcome = await runReadiness({
    plan,
    target,
    checks: input.checks ?? CHECKS,
    collectors: [aksAccessCollector, ...(input.collectors ?? COLLECTORS)],
    clients: { azure: { arm, ref: input.ref }, azureCredential: credential, kubeOptions: input.kube, ...tenantClients(input) },
    budgetMs: input.budgetMs ?? 60_000,
    onProgress: input.onProgress,
    signal: input.signal,
  });
  const access = outcome.facts.get("k8s.access");
  const fact = access?.ok ? (access.value as KubeAccessFact) : undefined;
  return {
    ...outcome,
    access: {
      ...(fact?.reachable ? { auth: fact.via === "aks-entra" ? ("entra" as const) : ("local" as const) } : {}),
      ...(fact?.serverId ? { serverId: fact.serverId } : {}),
      ...(fact?.finding ? { finding: fact.finding as AksAccessFinding } : {}),
    },
  };
}

function tenantClients(input: CommonInput) {
  return input.tenant ? { dynatrace: createDynatraceClient(input.tenant.connection, input.dynatrace), tenant: input.tenant.connection } : {};
}

/** A connection whose credential cannot even be built (e.g. a token file that is gone) fails its requests, not the run. */
function credentialOrFailure(connection: AzureConnection): TokenCredential {
  try {
    return createAzureCredential(connection);
  } catch (err) {
    const message = `the ${connection.kind} credential could not be created: ${(err as Error).message}`;
    return { getToken: () => Promise.reject(Object.assign(new Error(message), { name: "CredentialUnavailableError" })) };
  }
}
