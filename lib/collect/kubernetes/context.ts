import type { CollectContext } from "@/lib/engine/collector";
import { CollectError } from "@/lib/engine/errors";
import type { FactError } from "@/lib/engine/types";
import type { KubeClient } from "./client";

declare module "@/lib/engine/collector" {
  interface CollectClients {
    /** Why the run has no Kubernetes client (e.g. an AKS API server that cannot be reached): every Kubernetes fact fails with it. */
    kubernetesUnavailable?: FactError;
  }
}

/** The run's Kubernetes client; a run planned without a cluster has none. */
export function kube(ctx: CollectContext): KubeClient {
  const k = ctx.clients.kubernetes;
  if (!k) {
    const why = ctx.clients.kubernetesUnavailable;
    // The blame travels with it: when Entra ID or Resource Manager failed, every Kubernetes fact says so.
    throw why ? new CollectError(why.kind, why.message, undefined, { system: why.system, remedy: why.remedy }) : new CollectError("error", "this run has no Kubernetes connection");
  }
  return k;
}
