import type { CollectContext } from "@/lib/engine/collector";
import { CollectError } from "@/lib/engine/errors";
import type { KubeClient } from "./client";

/** The run's Kubernetes client; a run planned without a cluster has none. */
export function kube(ctx: CollectContext): KubeClient {
  const k = ctx.clients.kubernetes;
  if (!k) throw new CollectError("error", "this run has no Kubernetes connection");
  return k;
}
