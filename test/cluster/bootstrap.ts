// What every test cluster has after start: the restricted identity's binding and the baseline nodes.
import { RbacAuthorizationV1Api, type KubeConfig, type KubernetesObject, type V1PolicyRule } from "@kubernetes/client-node";
import { adminKubeConfig, applyObjects } from "./apply";
import { adminKubeconfigPath, startCluster, type ClusterState, type StartOptions } from "./cluster";
import { BASELINE_NODES } from "./nodes";

export const READERS_BINDING: KubernetesObject = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRoleBinding",
  metadata: { name: "dtready-readers-view" },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
  subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "readers" }],
} as KubernetesObject;

export async function startTestCluster(opts: StartOptions & { nodes?: boolean } = {}): Promise<ClusterState> {
  const state = await startCluster(opts);
  const kc = adminKubeConfig(adminKubeconfigPath(state.dir));
  await applyObjects(kc, [READERS_BINDING, ...(opts.nodes === false ? [] : BASELINE_NODES)]);
  await aggregateClusterRoles(kc);
  return state;
}

/**
 * Does once what kube-controller-manager's clusterrole-aggregation controller does continuously: fills the
 * rules of aggregated ClusterRoles (view, edit, admin) from the roles their aggregationRule selects.
 * Without it the built-in `view` role has no rules at all and "bound to view" would mean "may read nothing".
 */
export async function aggregateClusterRoles(kc: KubeConfig): Promise<void> {
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  const all = (await rbac.listClusterRole()).items;
  for (const role of all) {
    const selectors = role.aggregationRule?.clusterRoleSelectors;
    if (!selectors?.length) continue;
    const rules: V1PolicyRule[] = [];
    const seen = new Set<string>();
    for (const sel of selectors) {
      for (const source of all) {
        if (source.metadata?.name === role.metadata?.name) continue;
        const labels = source.metadata?.labels ?? {};
        if (!Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v)) continue;
        for (const rule of source.rules ?? []) {
          const key = JSON.stringify(rule);
          if (!seen.has(key)) {
            seen.add(key);
            rules.push(rule);
          }
        }
      }
    }
    await rbac.replaceClusterRole({ name: role.metadata!.name!, body: { ...role, rules } });
  }
}
