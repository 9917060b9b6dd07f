// The entry point the CLI, the web server and the tests share: connect, plan, collect, evaluate.
import type { TokenCredential } from "@azure/core-auth";
import { CHECKS } from "@/lib/checks/registry";
import { explainUnreachable, resolveAksKubeconfig, type AksAccessFinding, type AksKubeAccess } from "@/lib/collect/azure/aks-access";
import { createArmClients, describeCluster } from "@/lib/collect/azure/arm";
import type { AksClusterRef, AzureConnection } from "@/lib/collect/azure/connection";
import { createAzureCredential } from "@/lib/collect/azure/credentials";
import { COLLECTORS } from "@/lib/collect/registry";
import { createDynatraceClient, type DynatraceClientOptions } from "@/lib/collect/dynatrace/client";
import { summarizeTenant, type TenantConnection } from "@/lib/collect/dynatrace/tenant";
import { createKubeClient, type KubeClientOptions } from "@/lib/collect/kubernetes/client";
import { resolveKubeconfig } from "@/lib/collect/kubernetes/kubeconfig";
import type { AnyCheck } from "./check";
import type { CollectorDefinition } from "./collector";
import { CollectError } from "./errors";
import { parsePlan, type PlanInput } from "./plan";
import { runReadiness, type RunOutcome } from "./run";
import type { FactError, ProgressEvent, Target } from "./types";

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

export interface AksCheckInput {
  /** Secret (client secret, certificate): used here, never stored in the outcome. */
  connection: AzureConnection;
  ref: AksClusterRef;
  /** The stored Azure connection's id and the cluster's region, shown with the target. */
  connectionId?: string;
  location?: string;
  clusterId?: string;
  plan?: PlanInput;
  tenant?: TenantConnection;
  tenantName?: string;
  tenantId?: string;
  dynatrace?: DynatraceClientOptions;
  kube?: KubeClientOptions;
  azure?: { credential?: TokenCredential; timeoutMs?: number; concurrency?: number };
  budgetMs?: number;
  onProgress?: (e: ProgressEvent) => void;
  signal?: AbortSignal;
  checks?: readonly AnyCheck[];
  collectors?: readonly CollectorDefinition[];
}

export interface AksRunOutcome extends RunOutcome {
  /** How the API server was reached, or why it could not be (the Kubernetes checks then say unknown with this reason). */
  access: { auth?: "entra" | "local"; serverId?: string; finding?: AksAccessFinding };
}

/**
 * Checks an AKS cluster found through an Azure connection: Resource Manager clients for the ARM collectors, and the
 * API server through the cluster's user credentials (Entra: a token for the server application, never kubelogin).
 * Throws ZodError (bad plan) only; every Azure or cluster failure becomes facts and findings.
 */
export async function checkAksCluster(input: AksCheckInput): Promise<AksRunOutcome> {
  const plan = parsePlan(input.plan ?? {});
  const credential = input.azure?.credential ?? credentialOrFailure(input.connection);
  const arm = createArmClients(input.connection, credential, { timeoutMs: input.azure?.timeoutMs, concurrency: input.azure?.concurrency });
  const budgetMs = input.budgetMs ?? 60_000;
  const startedAt = Date.now();
  const budget = AbortSignal.timeout(budgetMs);
  const signal = input.signal ? AbortSignal.any([input.signal, budget]) : budget;
  // Setting up access is part of the run: its requests are counted with the collectors'.
  const setupRequests: string[] = [];
  const setup = { signal, noteRequest: (d: string) => setupRequests.push(d) };

  let access: AksKubeAccess | undefined;
  let unavailable: (FactError & { finding?: AksAccessFinding }) | undefined;
  let kubernetes: ReturnType<typeof createKubeClient> | undefined;
  try {
    access = await resolveAksKubeconfig(arm, credential, input.ref, setup);
    kubernetes = createKubeClient(access.resolved, input.kube);
    try {
      await kubernetes.request(setup, "GET /version", (o) => kubernetes!.api.version.getCode(o));
    } catch (err) {
      const e = err instanceof CollectError ? err : new CollectError("error", String(err));
      // A 401/403 is an answer: the API server is reachable, the Kubernetes checks will say what the identity may not do.
      if (e.kind === "unreachable" || e.kind === "timeout") {
        kubernetes = undefined;
        const cluster = await arm
          .request(setup, `GET ${describeCluster(input.ref)}`, (o) => arm.containerService(input.ref.subscriptionId).managedClusters.get(input.ref.resourceGroup, input.ref.name, o))
          .catch(() => undefined);
        const why = explainUnreachable(input.ref, access.resolved.cluster.server, e, {
          powerState: cluster?.powerState?.code,
          enablePrivateCluster: cluster?.apiServerAccessProfile?.enablePrivateCluster,
          privateFqdn: cluster?.privateFqdn,
          authorizedIpRanges: cluster?.apiServerAccessProfile?.authorizedIPRanges,
        });
        unavailable = { kind: why.kind, message: why.message, finding: why.finding };
      }
    }
  } catch (err) {
    const e = err instanceof CollectError ? err : new CollectError("error", (err as Error).message ?? String(err));
    // Who failed (Entra ID, Resource Manager) travels to every Kubernetes fact: the API server was never asked.
    unavailable = { kind: e.kind, message: e.message, system: e.system, remedy: e.remedy, finding: (e as { finding?: AksAccessFinding }).finding };
  }

  const target: Target = {
    kind: "aks",
    clusterId: input.clusterId,
    name: input.ref.name,
    context: access?.resolved.context ?? input.ref.name,
    server: access?.resolved.cluster.server ?? "",
    aks: { ...input.ref, connectionId: input.connectionId, location: input.location },
    tenant: input.tenant ? { ...summarizeTenant(input.tenant), tenantId: input.tenantId, name: input.tenantName } : undefined,
  };
  const outcome = await runReadiness({
    plan,
    target,
    checks: input.checks ?? CHECKS,
    collectors: input.collectors ?? COLLECTORS,
    clients: {
      kubernetes,
      kubernetesUnavailable: unavailable ? { kind: unavailable.kind, message: unavailable.message, system: unavailable.system, remedy: unavailable.remedy } : undefined,
      azure: { arm, ref: input.ref },
      dynatrace: input.tenant ? createDynatraceClient(input.tenant, input.dynatrace) : undefined,
      tenant: input.tenant,
    },
    // One budget for the whole check: what reaching the cluster took is not given again to the collectors.
    budgetMs: Math.max(1_000, budgetMs - (Date.now() - startedAt)),
    onProgress: input.onProgress,
    signal: input.signal,
  });
  outcome.stats.requests += setupRequests.length;
  return { ...outcome, access: { auth: access?.auth, serverId: access?.serverId, finding: unavailable?.finding } };
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
