// Connecting to an AKS cluster's API server without kubelogin. The user kubeconfig comes from Resource Manager; for
// clusters with Microsoft Entra ID integration its exec plugin is PARSED, never run: the server id found in its
// arguments is asked for a token from the connection's own identity, and that token becomes a bearer token.
import { parseDocument } from "yaml";
import type { TokenCredential } from "@azure/core-auth";
import { defineCollector, failed, type CollectContext } from "@/lib/engine/collector";
import { CollectError } from "@/lib/engine/errors";
import type { FactResult } from "@/lib/engine/types";
import { probeVersion, type KubeAccessFact } from "@/lib/collect/kubernetes/access";
import { createKubeClient } from "@/lib/collect/kubernetes/client";
import { KubeconfigError, resolveKubeconfig, type ResolvedKubeconfig } from "@/lib/collect/kubernetes/kubeconfig";
import { describeCluster, type ArmClients } from "./arm";
import { azureRun, type ManagedClusterFact } from "./managed-cluster";
import type { AksClusterRef } from "./connection";

/** The global "Azure Kubernetes Service AAD Server" application (kubelogin's default --server-id). */
export const AKS_DEFAULT_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";
/** A token this close to expiry is replaced before use (the API server would reject it mid-run). */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;

export type AksAccessFindingCode =
  | "local-accounts-disabled"
  | "no-credential-permission"
  | "cluster-not-found"
  | "token-failed"
  | "kubeconfig-invalid"
  | "private-cluster"
  | "authorized-ip-ranges"
  | "api-server-unreachable"
  | "cluster-stopped";

/** Something about reaching the cluster that a person must know: what happened and what to do. */
export interface AksAccessFinding {
  code: AksAccessFindingCode;
  message: string;
}

/** A failure to reach the cluster, classified for the facts and carrying the finding. */
export class AksAccessError extends CollectError {
  constructor(
    readonly finding: AksAccessFinding,
    kind: CollectError["kind"],
    status?: number,
  ) {
    super(kind, finding.message, status);
    this.name = "AksAccessError";
  }
}

export interface AksKubeAccess {
  /** Secret: holds a bearer token or the local account's credentials. */
  resolved: ResolvedKubeconfig;
  auth: "entra" | "local";
  /** Entra: the application the token was issued for. */
  serverId?: string;
  /** Entra: when the token expires (ms since epoch). */
  expiresOn?: number;
  findings: AksAccessFinding[];
  /** Entra: the same access with a new token when this one expires within 5 minutes; otherwise itself. */
  refresh(): Promise<AksKubeAccess>;
}

type Ctx = Pick<CollectContext, "signal" | "noteRequest">;

function defaultCtx(): Ctx {
  return { signal: AbortSignal.timeout(60_000), noteRequest: () => undefined };
}

interface ExecUser {
  command?: string;
  args?: unknown[];
}

/** The value following `--server-id` (or `--server-id=X`) in kubelogin's arguments. */
export function serverIdFromExecArgs(args: readonly unknown[] | undefined): string | undefined {
  const a = (args ?? []).map(String);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === "--server-id") return a[i + 1];
    if (a[i]!.startsWith("--server-id=")) return a[i]!.slice("--server-id=".length);
  }
  return undefined;
}

/** Reads the current context's cluster and exec user from a kubeconfig without validating credentials. */
function parseExecKubeconfig(text: string): { context: string; cluster: { name: string; server: string; caData?: string; tlsServerName?: string }; userName: string; exec?: ExecUser } {
  const raw = parseDocument(text).toJS() as {
    clusters?: { name: string; cluster: Record<string, unknown> }[];
    users?: { name: string; user: Record<string, unknown> | null }[];
    contexts?: { name: string; context: { cluster: string; user: string } }[];
    "current-context"?: string;
  };
  const ctxName = raw["current-context"] ?? raw.contexts?.[0]?.name;
  const ctx = raw.contexts?.find((c) => c.name === ctxName);
  const cluster = raw.clusters?.find((c) => c.name === ctx?.context.cluster);
  const user = raw.users?.find((u) => u.name === ctx?.context.user);
  if (!ctx || !cluster || typeof cluster.cluster.server !== "string") {
    throw new KubeconfigError("the kubeconfig Resource Manager returned has no usable context, cluster or server");
  }
  return {
    context: ctx.name,
    cluster: {
      name: cluster.name,
      server: cluster.cluster.server,
      caData: cluster.cluster["certificate-authority-data"] as string | undefined,
      tlsServerName: cluster.cluster["tls-server-name"] as string | undefined,
    },
    userName: user?.name ?? "user",
    exec: (user?.user?.exec as ExecUser | undefined) ?? undefined,
  };
}

function roleCommand(ref: AksClusterRef, role: string): string {
  return `az role assignment create --assignee <the connection's client ID or principal ID> --role "${role}" --scope ${describeCluster(ref)}`;
}

/** Maps a listClusterUserCredential failure to a finding. */
function credentialFailure(err: unknown, ref: AksClusterRef): unknown {
  if (!(err instanceof CollectError)) return err;
  const where = `${ref.name} (resource group ${ref.resourceGroup}, subscription ${ref.subscriptionId})`;
  if (err.status === 403) {
    return new AksAccessError(
      {
        code: "no-credential-permission",
        message: `The Azure identity may not list the user credentials of ${where} (403 AuthorizationFailed on Microsoft.ContainerService/managedClusters/listClusterUserCredential/action). Assign it the "Azure Kubernetes Service Cluster User Role" on the cluster: ${roleCommand(ref, "Azure Kubernetes Service Cluster User Role")}`,
      },
      "forbidden",
      403,
    );
  }
  if (err.status === 404) {
    return new AksAccessError({ code: "cluster-not-found", message: `Resource Manager has no AKS cluster ${where} (404): it was deleted or moved, or the identity cannot see it.` }, "not-found", 404);
  }
  if (err.status === 400 && /local account/i.test(err.message)) {
    return new AksAccessError(
      {
        code: "local-accounts-disabled",
        message: `${ref.name} has local accounts disabled and no Microsoft Entra ID integration, so Azure hands out no credentials for its API server. Enable AKS-managed Entra integration (az aks update -g ${ref.resourceGroup} -n ${ref.name} --enable-aad --aad-admin-group-object-ids <group>) and give the dashboard's identity a Kubernetes role, or re-enable local accounts (az aks update -g ${ref.resourceGroup} -n ${ref.name} --enable-local-accounts).`,
      },
      "forbidden",
      400,
    );
  }
  return err;
}

/**
 * Fetches the cluster's user kubeconfig from Resource Manager and turns it into connection material with no exec plugin.
 * Throws AksAccessError (a CollectError) with a finding for every failure a person can act on.
 */
export async function resolveAksKubeconfig(arm: ArmClients, credential: TokenCredential, ref: AksClusterRef, ctx: Ctx = defaultCtx()): Promise<AksKubeAccess> {
  const description = `POST ${describeCluster(ref)}/listClusterUserCredential?format=exec`;
  let value: Uint8Array | undefined;
  try {
    const res = await arm.request(ctx, description, (o) =>
      arm.containerService(ref.subscriptionId).managedClusters.listClusterUserCredentials(ref.resourceGroup, ref.name, { ...o, format: "exec" }),
    );
    value = res.kubeconfigs?.[0]?.value;
  } catch (err) {
    throw credentialFailure(err, ref);
  }
  if (!value || value.length === 0) {
    throw new AksAccessError({ code: "kubeconfig-invalid", message: `Resource Manager returned no kubeconfig for ${ref.name}.` }, "invalid");
  }
  const text = new TextDecoder().decode(value);
  let parsed: ReturnType<typeof parseExecKubeconfig>;
  try {
    parsed = parseExecKubeconfig(text);
  } catch (err) {
    throw new AksAccessError({ code: "kubeconfig-invalid", message: `The kubeconfig Resource Manager returned for ${ref.name} could not be read: ${(err as Error).message}` }, "invalid");
  }

  if (!parsed.exec) {
    // Local account (token or client certificate): validated like any pasted kubeconfig.
    try {
      const resolved = resolveKubeconfig(text, parsed.context);
      const access: AksKubeAccess = { resolved, auth: "local", findings: [], refresh: async () => access };
      return access;
    } catch (err) {
      throw new AksAccessError({ code: "kubeconfig-invalid", message: `The kubeconfig Resource Manager returned for ${ref.name} is not usable: ${(err as Error).message}` }, "invalid");
    }
  }

  // Entra: never run parsed.exec.command. kubelogin would only ask an Entra token for this server id.
  const serverId = serverIdFromExecArgs(parsed.exec.args) ?? AKS_DEFAULT_SERVER_ID;
  const withToken = async (): Promise<AksKubeAccess> => {
    const scope = `${serverId}/.default`;
    let token: { token: string; expiresOnTimestamp: number } | null;
    try {
      ctx.noteRequest(`Entra ID token for ${scope}`);
      token = await credential.getToken(scope, { abortSignal: ctx.signal });
    } catch (err) {
      throw new AksAccessError(
        {
          code: "token-failed",
          message: `The Azure identity could not get a Microsoft Entra ID token for the cluster's server application ${serverId}: ${String((err as Error).message ?? err).split("\n")[0]}`,
        },
        "unauthorized",
      );
    }
    if (!token) throw new AksAccessError({ code: "token-failed", message: `The Azure identity returned no token for ${scope}.` }, "unauthorized");
    const resolved: ResolvedKubeconfig = {
      context: parsed.context,
      cluster: { name: parsed.cluster.name, server: parsed.cluster.server, caData: parsed.cluster.caData, skipTLSVerify: false, tlsServerName: parsed.cluster.tlsServerName },
      user: { name: `${parsed.userName}-entra`, token: token.token },
    };
    const access: AksKubeAccess = {
      resolved,
      auth: "entra",
      serverId,
      expiresOn: token.expiresOnTimestamp,
      findings: [],
      refresh: async () => (token!.expiresOnTimestamp - TOKEN_REFRESH_MARGIN_MS < Date.now() ? withToken() : access),
    };
    return access;
  };
  return withToken();
}

/** Cluster facts that explain why the API server could not be reached (from the ManagedCluster resource). */
export interface AksReachabilityInfo {
  powerState?: string;
  enablePrivateCluster?: boolean;
  privateFqdn?: string;
  authorizedIpRanges?: string[];
}

/** Turns an unreachable/timed-out API server into a finding that says why it likely happened and what to do. */
export function explainUnreachable(ref: AksClusterRef, server: string, cause: CollectError, info: AksReachabilityInfo): AksAccessError {
  const detail = cause.message;
  if (info.powerState === "Stopped") {
    return new AksAccessError(
      { code: "cluster-stopped", message: `${ref.name} is stopped, so its API server does not answer. Start it to check it: az aks start -g ${ref.resourceGroup} -n ${ref.name}` },
      "unreachable",
    );
  }
  if (info.enablePrivateCluster) {
    return new AksAccessError(
      {
        code: "private-cluster",
        message: `${ref.name} is a private cluster: its API server (${info.privateFqdn ?? server}) is reachable only from its virtual network or a peered one, and the dashboard cannot reach it (${detail}). Run the dashboard (or the dtready CLI) inside that network, or check it through "az aks command invoke -g ${ref.resourceGroup} -n ${ref.name}".`,
      },
      "unreachable",
    );
  }
  if (info.authorizedIpRanges?.length) {
    return new AksAccessError(
      {
        code: "authorized-ip-ranges",
        message: `${ref.name} accepts API server connections only from ${info.authorizedIpRanges.join(", ")}, and the dashboard's address is evidently not among them (${detail}). Add the dashboard's egress IP: az aks update -g ${ref.resourceGroup} -n ${ref.name} --api-server-authorized-ip-ranges ${[...info.authorizedIpRanges, "<dashboard egress IP>/32"].join(",")}`,
      },
      "unreachable",
    );
  }
  return new AksAccessError({ code: "api-server-unreachable", message: `The API server of ${ref.name} (${server}) could not be reached: ${detail}` }, cause.kind);
}

declare module "@/lib/engine/collector" {
  interface CollectClients {
    /** AKS runs: the identity that asks Entra ID for the cluster's token (one per connection, shared by the fleet). */
    azureCredential?: TokenCredential;
  }
}

/**
 * Access to an AKS cluster's API server: its user credentials from Resource Manager (an Entra token for the server
 * application, never kubelogin), then GET /version. When the API server does not answer, the managed cluster (read
 * by its own collector, never twice) explains why: stopped, private, authorized IP ranges.
 */
export const aksAccessCollector = defineCollector({
  id: "azure.aks-access",
  produces: ["k8s.access", "k8s.version"],
  uses: ["az.managedCluster"],
  async collect(ctx, earlier) {
    const { arm, ref } = azureRun(ctx);
    const credential = ctx.clients.azureCredential;
    if (!credential) throw new CollectError("error", "this AKS run has no Azure credential");
    const unavailable = (e: CollectError, access: Omit<KubeAccessFact, "reachable" | "finding">, finding: AksAccessFinding | undefined) => {
      const message = finding?.message ?? e.message;
      ctx.clients.kubernetesUnavailable = { kind: e.kind, message };
      return { "k8s.access": { ...access, reachable: false, ...(finding ? { finding } : {}) }, "k8s.version": failed(e.kind, message) };
    };
    let access: AksKubeAccess;
    try {
      access = await resolveAksKubeconfig(arm, credential, ref, ctx);
    } catch (err) {
      const e = err instanceof CollectError ? err : new CollectError("error", err instanceof Error ? err.message : String(err));
      return unavailable(e, { via: "aks-entra", server: "", context: ref.name }, err instanceof AksAccessError ? err.finding : undefined);
    }
    const fact = {
      via: access.auth === "entra" ? ("aks-entra" as const) : ("aks-local" as const),
      server: access.resolved.cluster.server,
      context: access.resolved.context,
      ...(access.serverId ? { serverId: access.serverId } : {}),
    };
    const k = createKubeClient(access.resolved, ctx.clients.kubeOptions);
    const { version, unreachable } = await probeVersion(k, ctx);
    if (unreachable) {
      const mc = earlier.get("az.managedCluster") as FactResult<ManagedClusterFact> | undefined;
      const cluster = mc?.ok ? mc.value : undefined;
      const why = explainUnreachable(ref, fact.server, unreachable, {
        powerState: cluster?.powerState,
        enablePrivateCluster: cluster?.apiServer.enablePrivateCluster,
        privateFqdn: cluster?.privateFqdn,
        authorizedIpRanges: cluster?.apiServer.authorizedIpRanges,
      });
      return unavailable(why, fact, why.finding);
    }
    ctx.clients.kubernetes = k;
    return { "k8s.access": { ...fact, reachable: true }, "k8s.version": version };
  },
});
