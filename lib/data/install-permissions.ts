// What the identity running `helm install` of the Dynatrace Operator chart must be allowed to do.
// Source: the chart's templates (config/helm/chart/default/templates, v1.10.2) and the installer RBAC samples
// assets/samples/deployer/deployer-clusterrole-{with,no}-csi.yaml and deployer-clusterrole-no-escalate-*.yaml on the
// operator's main branch (70d37e5, read 2026-12-04).
import type { Plan } from "@/lib/engine/plan";
import { compareMinor, parseMinor } from "./operator-releases";

export interface RequiredPermission {
  verbs: readonly string[];
  /** API group; "" is the core group. */
  group: string;
  resource: string;
  /** Namespaced resources are reviewed in the plan's namespace. */
  scope: "cluster" | "namespace";
  /** What the chart creates with it, for people reading the evidence. */
  why: string;
  /** Only needed when the plan enables the CSI driver. */
  csiOnly?: boolean;
}

const MANAGE = ["create", "get", "update", "patch", "delete"] as const;
// `helm install --atomic` waits for the rollout: Helm 3 polls the objects (and lists a Deployment's ReplicaSets),
// Helm 4 watches them.
const MANAGE_AND_WAIT = [...MANAGE, "list", "watch"] as const;

export const INSTALL_PERMISSIONS: readonly RequiredPermission[] = [
  { verbs: MANAGE, group: "apiextensions.k8s.io", resource: "customresourcedefinitions", scope: "cluster", why: "DynaKube and EdgeConnect CRDs" },
  // bind/escalate: the chart's ClusterRoles grant permissions the installer may not hold itself.
  { verbs: [...MANAGE, "bind", "escalate"], group: "rbac.authorization.k8s.io", resource: "clusterroles", scope: "cluster", why: "operator, webhook, CSI, OneAgent and ActiveGate ClusterRoles" },
  { verbs: MANAGE, group: "rbac.authorization.k8s.io", resource: "clusterrolebindings", scope: "cluster", why: "bindings of those ClusterRoles" },
  { verbs: MANAGE, group: "rbac.authorization.k8s.io", resource: "roles", scope: "namespace", why: "operator, webhook and CSI Roles" },
  { verbs: MANAGE, group: "rbac.authorization.k8s.io", resource: "rolebindings", scope: "namespace", why: "bindings of those Roles" },
  { verbs: MANAGE, group: "admissionregistration.k8s.io", resource: "mutatingwebhookconfigurations", scope: "cluster", why: "MutatingWebhookConfiguration dynatrace-webhook" },
  { verbs: MANAGE, group: "admissionregistration.k8s.io", resource: "validatingwebhookconfigurations", scope: "cluster", why: "ValidatingWebhookConfiguration dynatrace-webhook" },
  { verbs: MANAGE, group: "storage.k8s.io", resource: "csidrivers", scope: "cluster", why: "CSIDriver csi.oneagent.dynatrace.com", csiOnly: true },
  { verbs: MANAGE, group: "scheduling.k8s.io", resource: "priorityclasses", scope: "cluster", why: "PriorityClass dynatrace-high-priority of the CSI driver", csiOnly: true },
  { verbs: ["create", "get"], group: "", resource: "namespaces", scope: "cluster", why: "the operator namespace (helm --create-namespace)" },
  // list: Helm finds its release records by label selector before installing.
  { verbs: [...MANAGE, "list"], group: "", resource: "secrets", scope: "namespace", why: "token secret, webhook certificates, Helm release records" },
  { verbs: MANAGE, group: "", resource: "configmaps", scope: "namespace", why: "operator configuration" },
  { verbs: MANAGE, group: "", resource: "services", scope: "namespace", why: "Service dynatrace-webhook" },
  { verbs: MANAGE, group: "", resource: "serviceaccounts", scope: "namespace", why: "operator, webhook, CSI and component service accounts" },
  { verbs: MANAGE_AND_WAIT, group: "apps", resource: "deployments", scope: "namespace", why: "Deployments dynatrace-operator and dynatrace-webhook" },
  { verbs: ["list"], group: "apps", resource: "replicasets", scope: "namespace", why: "helm --atomic checks the Deployments' rollout" },
  { verbs: MANAGE_AND_WAIT, group: "apps", resource: "daemonsets", scope: "namespace", why: "DaemonSet dynatrace-oneagent-csi-driver", csiOnly: true },
  { verbs: MANAGE, group: "policy", resource: "poddisruptionbudgets", scope: "namespace", why: "PodDisruptionBudget of the webhook" },
  { verbs: MANAGE_AND_WAIT, group: "batch", resource: "jobs", scope: "namespace", why: "CRD storage migration Job (Helm hook)" },
];

/**
 * Kubelet API permissions the chart's ClusterRoles grant. RBAC's escalation prevention lets an installer create a
 * ClusterRole only with permissions it holds itself, unless it may `escalate` clusterroles: an installer without
 * escalate (the deployer-clusterrole-no-escalate-* samples) must hold these. Which ones depends on the release and
 * on the cluster's version: from chart 1.10.0 on, the dynatrace-logmonitoring ClusterRole uses nodes/pods instead of
 * nodes/proxy on Kubernetes 1.36+ (KubeletFineGrainedAuthz GA; templates/_platform.tpl
 * "dynatrace-operator.kubeletFineGrainedAuthz", templates/Common/logmonitoring/clusterrole-logmonitoring.yaml, tags
 * v1.10.0 and v1.10.2; not in v1.9.0), while dynatrace-kubernetes-monitoring-default still grants nodes/proxy
 * (templates/Common/activegate/kubernetes-monitoring/clusterrole-kubernetes-monitoring-default.yaml at v1.10.2 and main).
 */
export const KUBELET_GRANTS = {
  fineGrainedFromRelease: "1.10.0",
  fineGrainedFromKubernetes: "1.36",
} as const;

export interface ChartGrant {
  verb: string;
  group: string;
  resource: string;
  why: string;
}

function releaseAtLeast(version: string, floor: string): boolean {
  const a = version.split(".").map(Number);
  const b = floor.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

/**
 * The kubelet API permissions the chart grants for this release on a cluster of this version. Without a known
 * version, both that it may grant are required (the stricter reading).
 */
export function kubeletGrants(release: string, kubernetesVersion: string | undefined): ChartGrant[] {
  const grants: ChartGrant[] = [{ verb: "get", group: "", resource: "nodes/proxy", why: "granted by ClusterRole dynatrace-kubernetes-monitoring-default (ActiveGate)" }];
  let minor: string | undefined;
  try {
    minor = kubernetesVersion ? parseMinor(kubernetesVersion).join(".") : undefined;
  } catch {
    minor = undefined;
  }
  const fineGrained = releaseAtLeast(release, KUBELET_GRANTS.fineGrainedFromRelease) && (minor === undefined || compareMinor(minor, KUBELET_GRANTS.fineGrainedFromKubernetes) >= 0);
  if (fineGrained) grants.push({ verb: "get", group: "", resource: "nodes/pods", why: `granted by ClusterRole dynatrace-logmonitoring on Kubernetes ${KUBELET_GRANTS.fineGrainedFromKubernetes}+ (chart ${KUBELET_GRANTS.fineGrainedFromRelease}+)` });
  else grants[0]!.why += " and dynatrace-logmonitoring";
  return grants;
}

/** The kubelet API reviews are made for both subresources; the check picks by release and cluster version. */
export const KUBELET_REVIEWS: readonly AccessCheck[] = [
  { verb: "get", group: "", resource: "nodes/proxy" },
  { verb: "get", group: "", resource: "nodes/pods" },
];

/** One SelfSubjectAccessReview to run. */
export interface AccessCheck {
  verb: string;
  group: string;
  resource: string;
  namespace?: string;
}

/** The reviews a plan needs, one per verb and resource. */
export function installAccessChecks(plan: Pick<Plan, "namespace" | "csiDriver">): AccessCheck[] {
  return [
    ...INSTALL_PERMISSIONS.filter((p) => plan.csiDriver || !p.csiOnly).flatMap((p) =>
      p.verbs.map((verb) => ({ verb, group: p.group, resource: p.resource, ...(p.scope === "namespace" ? { namespace: plan.namespace } : {}) })),
    ),
    ...KUBELET_REVIEWS,
  ];
}

/** Whether a review is one of the kubelet API grants (judged by kubeletGrants, not as a plain requirement). */
export function isKubeletReview(a: Pick<AccessCheck, "group" | "resource">): boolean {
  return KUBELET_REVIEWS.some((k) => k.group === a.group && k.resource === a.resource);
}

/** "create clusterroles.rbac.authorization.k8s.io", "create secrets in namespace dynatrace". */
export function describeAccess(a: AccessCheck): string {
  const res = a.group ? `${a.resource}.${a.group}` : a.resource;
  return `${a.verb} ${res}${a.namespace ? ` in namespace ${a.namespace}` : ""}`;
}

/** What the chart creates with this permission, for the evidence. */
export function purposeOf(a: Pick<AccessCheck, "group" | "resource">): string | undefined {
  if (isKubeletReview(a)) return "the chart's ClusterRoles grant it: needed without escalate on clusterroles";
  return INSTALL_PERMISSIONS.find((p) => p.group === a.group && p.resource === a.resource)?.why;
}
