// k8s.access: how this run reaches its API server; k8s.version: the API server's first answer (GET /version needs no
// RBAC beyond discovery). Every other Kubernetes collector runs after this one, so when the API server cannot be
// reached their facts fail at once with the same explained reason instead of each waiting for its own timeout.
import { defineCollector, failed, type CollectContext, type FailedFact } from "@/lib/engine/collector";
import { CollectError } from "@/lib/engine/errors";
import { createKubeClient, type KubeClient } from "./client";

export interface KubeAccessFact {
  /** kubeconfig: the stored or given kubeconfig; aks-entra / aks-local: user credentials fetched from Resource Manager. */
  via: "kubeconfig" | "aks-entra" | "aks-local";
  /** The API server address actually used ("" when no credentials could be had). */
  server: string;
  context: string;
  /** false when the API server could not be used at all; `finding` then says why and what to do. */
  reachable: boolean;
  /** Entra: the AKS server application the token was asked for. */
  serverId?: string;
  /** The kubeconfig turns TLS verification off: anyone on the path can read the credentials it sends. */
  insecureSkipTlsVerify?: boolean;
  finding?: { code: string; message: string };
}

export interface ServerVersionFact {
  gitVersion: string;
  major: string;
  minor: string;
  platform: string;
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "k8s.access": KubeAccessFact;
    "k8s.version": ServerVersionFact;
  }
}

/** GET /version through the client. A 401 or 403 is an answer (the server is reachable); unreachable and timeout are not. */
export async function probeVersion(k: KubeClient, ctx: Pick<CollectContext, "signal" | "noteRequest">): Promise<{ version: ServerVersionFact | FailedFact; unreachable?: CollectError }> {
  try {
    const v = await k.request(ctx, "GET /version", (o) => k.api.version.getCode(o));
    return { version: { gitVersion: v.gitVersion, major: v.major, minor: v.minor, platform: v.platform } };
  } catch (err) {
    const e = err instanceof CollectError ? err : new CollectError("error", err instanceof Error ? err.message : String(err));
    return { version: failed(e.kind, e.message), ...(e.kind === "unreachable" || e.kind === "timeout" ? { unreachable: e } : {}) };
  }
}

/** Access through a kubeconfig (pasted in the dashboard or given to the CLI). */
export const kubeconfigAccessCollector = defineCollector({
  id: "kubernetes.access",
  produces: ["k8s.access", "k8s.version"],
  async collect(ctx) {
    const resolved = ctx.clients.kubeconfig;
    // Tests may hand in a ready client; a run always hands in the kubeconfig.
    const k = ctx.clients.kubernetes ?? (resolved ? createKubeClient(resolved, ctx.clients.kubeOptions) : undefined);
    if (!k) throw new CollectError("error", "this run has no Kubernetes connection");
    const base: KubeAccessFact = {
      via: "kubeconfig",
      server: k.server,
      context: resolved?.context ?? "",
      reachable: true,
      ...(resolved?.cluster.skipTLSVerify ? { insecureSkipTlsVerify: true } : {}),
    };
    const { version, unreachable } = await probeVersion(k, ctx);
    if (unreachable) {
      const message = `The API server ${k.server} could not be reached: ${unreachable.message}`;
      ctx.clients.kubernetesUnavailable = { kind: unreachable.kind, message };
      return { "k8s.access": { ...base, reachable: false, finding: { code: "api-server-unreachable", message } }, "k8s.version": version };
    }
    ctx.clients.kubernetes = k;
    return { "k8s.access": base, "k8s.version": version };
  },
});
