import { defineCollector, type CollectContext, type CollectorDefinition } from "@/lib/engine/collector";
import { CollectError } from "@/lib/engine/errors";
import type { FactKey } from "@/lib/engine/facts";
import type { FactError } from "@/lib/engine/types";
import type { KubeClient, KubeClientOptions } from "./client";
import type { ResolvedKubeconfig } from "./kubeconfig";

declare module "@/lib/engine/collector" {
  interface CollectClients {
    /** Secret: the kubeconfig a kubeconfig run connects with; the access collector makes the client from it. */
    kubeconfig?: ResolvedKubeconfig;
    /** Timeouts and concurrency of the client the access collector makes. */
    kubeOptions?: KubeClientOptions;
    /** Why the run has no Kubernetes client (e.g. an API server that cannot be reached): every Kubernetes fact fails with it. */
    kubernetesUnavailable?: FactError;
  }
}

/** The fact every Kubernetes collector waits for: how the API server is reached (lib/collect/kubernetes/access.ts). */
export const KUBE_ACCESS = "k8s.access";

/** The run's Kubernetes client, set by the access collector; a run planned without a cluster has none. */
export function kube(ctx: CollectContext): KubeClient {
  const k = ctx.clients.kubernetes;
  if (!k) {
    const why = ctx.clients.kubernetesUnavailable;
    throw why ? new CollectError(why.kind, why.message) : new CollectError("error", "this run has no Kubernetes connection");
  }
  return k;
}

/** A collector that reads the API server: it runs after the access collector has made (or failed to make) the client. */
export function defineKubeCollector<K extends FactKey>(c: CollectorDefinition<K>): CollectorDefinition<K> {
  return defineCollector({ ...c, after: [KUBE_ACCESS as FactKey, ...(c.after ?? [])] });
}
