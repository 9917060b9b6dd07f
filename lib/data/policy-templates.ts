// Gatekeeper constraint templates whose parameters the readiness check evaluates against the operator's pods: the
// Gatekeeper library's pod-security-policy templates and Azure Policy's built-in templates for AKS (the add-on
// installs them as Gatekeeper templates named k8sazure...). A kind is listed only when its Rego was read; a kind
// not listed here, or a listed one with a parameter not listed, is reported as "could not be judged", never passed.
//
// Sources (read 2026-12-04):
// - open-policy-agent/gatekeeper-library at 5c441fb (2026-07-20), library/pod-security-policy/<dir>/template.yaml
//   (template version in metadata.gatekeeper.sh/version).
// - Azure/azure-policy at f4a50ba (2026-04-29), samples/KubernetesService/<dir>/template.yaml (the Rego of the
//   K8sAzureV2/V3 templates), and built-in-policies/policyDefinitions/Kubernetes/*.json for the parameters the
//   built-in definitions pass ("values") and policySetDefinitions/Kubernetes/PSP{Baseline,Restricted}Standard.json
//   for what the pod security initiatives contain.
// Not read, so not evaluated (their constraints are "could not be judged"): K8sPSPSeccomp (v1), K8sPSPHostProcess,
// K8sContainerLimits and the Azure kinds whose Rego the stored repository lacks (e.g. K8sAzureV4HostFilesystem,
// K8sAzureV4ProcMount, K8sAzureV3ReadOnlyRootFilesystem, K8sAzureV3ContainerLimits, and every unversioned K8sAzure*).

/** What a template family forbids, in words a platform team recognises. */
export type PolicyRule =
  | "privileged"
  | "privilege-escalation"
  | "host-namespaces"
  | "host-network-ports"
  | "host-filesystem"
  | "volume-types"
  | "capabilities"
  | "disallowed-capabilities"
  | "users-groups"
  | "seccomp"
  | "apparmor"
  | "selinux"
  | "read-only-root-filesystem";

/** Whose Rego the rule follows: the library's and Azure's differ in exemptions and details (see policy-rules.ts). */
export type PolicyDialect = "gatekeeper" | "azure-v2" | "azure-v3";

export interface PolicyTemplate {
  /** Constraint kind as the template's CRD names it (case-insensitive match). */
  kind: string;
  rule: PolicyRule;
  dialect: PolicyDialect;
  /** Parameters the evaluator understands; any other parameter makes the constraint "could not be judged". */
  parameters: readonly string[];
  source: string;
}

const GK = "open-policy-agent/gatekeeper-library library/pod-security-policy";
const AZ = "Azure/azure-policy samples/KubernetesService";
// The add-on writes an assignment's namespace scope into spec.match (built-in-references/Kubernetes/*/constraint.yaml);
// copies under spec.parameters are not read by these templates' Rego, so they are understood and ignored.
const AZ_SCOPE = ["excludedNamespaces", "namespaces", "labelSelector"];

export const POLICY_TEMPLATES: readonly PolicyTemplate[] = [
  { kind: "K8sPSPPrivilegedContainer", rule: "privileged", dialect: "gatekeeper", parameters: ["exemptImages"], source: `${GK}/privileged-containers (1.1.3)` },
  { kind: "K8sPSPAllowPrivilegeEscalationContainer", rule: "privilege-escalation", dialect: "gatekeeper", parameters: ["exemptImages"], source: `${GK}/allow-privilege-escalation (1.1.1)` },
  { kind: "K8sPSPHostNamespace", rule: "host-namespaces", dialect: "gatekeeper", parameters: [], source: `${GK}/host-namespaces (1.1.1)` },
  { kind: "K8sPSPHostNetworkingPorts", rule: "host-network-ports", dialect: "gatekeeper", parameters: ["exemptImages", "hostNetwork", "min", "max"], source: `${GK}/host-network-ports (1.1.5)` },
  { kind: "K8sPSPHostFilesystem", rule: "host-filesystem", dialect: "gatekeeper", parameters: ["allowedHostPaths"], source: `${GK}/host-filesystem (1.1.2)` },
  { kind: "K8sPSPVolumeTypes", rule: "volume-types", dialect: "gatekeeper", parameters: ["volumes"], source: `${GK}/volumes (1.0.3)` },
  { kind: "K8sPSPCapabilities", rule: "capabilities", dialect: "gatekeeper", parameters: ["exemptImages", "allowedCapabilities", "requiredDropCapabilities"], source: `${GK}/capabilities (1.1.3)` },
  { kind: "K8sPSPAllowedUsers", rule: "users-groups", dialect: "gatekeeper", parameters: ["exemptImages", "runAsUser", "runAsGroup", "supplementalGroups", "fsGroup"], source: `${GK}/users (1.0.3)` },
  { kind: "K8sPSPSeccompV2", rule: "seccomp", dialect: "gatekeeper", parameters: ["exemptImages", "allowedProfiles", "allowedLocalhostFiles"], source: `${GK}/seccompv2 (1.0.1)` },
  { kind: "K8sPSPAppArmor", rule: "apparmor", dialect: "gatekeeper", parameters: ["exemptImages", "allowedProfiles"], source: `${GK}/apparmor (1.1.1)` },
  { kind: "K8sPSPSELinuxV2", rule: "selinux", dialect: "gatekeeper", parameters: ["exemptImages", "allowedSELinuxOptions"], source: `${GK}/selinux (1.0.4)` },
  { kind: "K8sPSPReadOnlyRootFilesystem", rule: "read-only-root-filesystem", dialect: "gatekeeper", parameters: ["exemptImages"], source: `${GK}/read-only-root-filesystem (1.1.1)` },

  // Azure Policy for AKS (the pod security baseline and restricted initiatives are built from these).
  { kind: "K8sAzureV2NoPrivilege", rule: "privileged", dialect: "azure-v2", parameters: [...AZ_SCOPE, "excludedContainers", "excludedImages"], source: `${AZ}/container-no-privilege` },
  { kind: "K8sAzureV3NoPrivilegeEscalation", rule: "privilege-escalation", dialect: "azure-v3", parameters: [...AZ_SCOPE, "excludedContainers", "excludedImages"], source: `${AZ}/container-no-privilege-escalation` },
  { kind: "K8sAzureV2BlockHostNamespace", rule: "host-namespaces", dialect: "azure-v2", parameters: [...AZ_SCOPE, "excludedImages"], source: `${AZ}/block-host-namespace` },
  { kind: "K8sAzureV3HostNetworkingPorts", rule: "host-network-ports", dialect: "azure-v3", parameters: [...AZ_SCOPE, "excludedContainers", "excludedImages", "allowHostNetwork", "minPort", "maxPort"], source: `${AZ}/host-network-ports` },
  { kind: "K8sAzureV3HostFilesystem", rule: "host-filesystem", dialect: "azure-v3", parameters: [...AZ_SCOPE, "excludedContainers", "excludedImages", "allowedHostPaths"], source: `${AZ}/allowed-host-paths` },
  { kind: "K8sAzureV2VolumeTypes", rule: "volume-types", dialect: "azure-v2", parameters: [...AZ_SCOPE, "excludedImages", "volumes"], source: `${AZ}/allowed-volume-types` },
  { kind: "K8sAzureV3AllowedCapabilities", rule: "capabilities", dialect: "azure-v3", parameters: [...AZ_SCOPE, "excludedContainers", "excludedImages", "allowedCapabilities", "requiredDropCapabilities"], source: `${AZ}/container-allowed-capabilities` },
  { kind: "K8sAzureV3DisallowedCapabilities", rule: "disallowed-capabilities", dialect: "azure-v3", parameters: [...AZ_SCOPE, "excludedContainers", "excludedImages", "disallowedCapabilities"], source: `${AZ}/container-disallowed-capabilities` },
  { kind: "K8sAzureV3AllowedUsersGroups", rule: "users-groups", dialect: "azure-v3", parameters: [...AZ_SCOPE, "excludedContainers", "excludedImages", "runAsUser", "runAsGroup", "supplementalGroups", "fsGroup"], source: `${AZ}/allowed-users-groups` },
  { kind: "K8sAzureV3AllowedSeccomp", rule: "seccomp", dialect: "azure-v3", parameters: [...AZ_SCOPE, "excludedContainers", "excludedImages", "allowedProfiles"], source: `${AZ}/allowed-seccomp-profiles` },
  { kind: "K8sAzureV3EnforceAppArmor", rule: "apparmor", dialect: "azure-v3", parameters: [...AZ_SCOPE, "excludedContainers", "excludedImages", "allowedProfiles"], source: `${AZ}/enforce-apparmor-profile` },
];

export function findPolicyTemplate(kind: string): PolicyTemplate | undefined {
  const k = kind.toLowerCase();
  return POLICY_TEMPLATES.find((t) => t.kind.toLowerCase() === k);
}

export const RULE_LABELS: Record<PolicyRule, string> = {
  privileged: "privileged containers",
  "privilege-escalation": "privilege escalation",
  "host-namespaces": "host PID/IPC namespaces",
  "host-network-ports": "host network and ports",
  "host-filesystem": "hostPath volumes",
  "volume-types": "volume types",
  capabilities: "added capabilities",
  "disallowed-capabilities": "disallowed capabilities",
  "users-groups": "users and groups",
  seccomp: "seccomp profiles",
  apparmor: "AppArmor profiles",
  selinux: "SELinux options",
  "read-only-root-filesystem": "writable root filesystems",
};
