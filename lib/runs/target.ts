// What a run checks, built once: the jobs store it with the run, and the same object goes to the engine.
import { summarizeTenant, type TenantConnection } from "@/lib/collect/dynatrace/tenant";
import type { AksClusterRef, Target } from "@/lib/engine/types";

/** A tenant checked with the cluster: only its public summary reaches the target. */
export interface TenantOfRun {
  /** Secret (tokens): never stored in the target. */
  connection: TenantConnection;
  tenantId?: string;
  name?: string;
}

function tenantPart(t: TenantOfRun | undefined): Pick<Target, "tenant"> {
  return t ? { tenant: { ...summarizeTenant(t.connection), ...(t.tenantId ? { tenantId: t.tenantId } : {}), ...(t.name ? { name: t.name } : {}) } } : {};
}

export function kubeconfigTarget(c: { name: string; context: string; server: string; clusterId?: string }, tenant?: TenantOfRun): Target {
  return { kind: "kubeconfig", ...(c.clusterId ? { clusterId: c.clusterId } : {}), name: c.name, context: c.context, server: c.server, ...tenantPart(tenant) };
}

/** `fqdn`: the API server Resource Manager listed at discovery, if any (the k8s.access fact has the one used). */
export function aksTarget(
  c: { ref: AksClusterRef; connectionId?: string; location?: string; clusterId?: string; fqdn?: string | null },
  tenant?: TenantOfRun,
): Target {
  return {
    kind: "aks",
    ...(c.clusterId ? { clusterId: c.clusterId } : {}),
    name: c.ref.name,
    context: c.ref.name,
    server: c.fqdn ? `https://${c.fqdn}:443` : "",
    aks: { ...c.ref, ...(c.connectionId ? { connectionId: c.connectionId } : {}), ...(c.location ? { location: c.location } : {}) },
    ...tenantPart(tenant),
  };
}
