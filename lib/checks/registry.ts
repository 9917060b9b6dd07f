// Every check, in the order the checklist shows them. Explicit on purpose: adding a check is one line here.
import type { AnyCheck } from "@/lib/engine/check";
import { apiServerReachable } from "./kubernetes/api-server-reachable";
import { kubernetesVersion } from "./kubernetes/kubernetes-version";
import { admissionDryRun } from "./kubernetes/admission-dry-run";
import { containerRuntime } from "./kubernetes/container-runtime";
import { installPermissions } from "./kubernetes/install-permissions";
import { namespacePodSecurity } from "./kubernetes/namespace-pod-security";
import { nodeArchitecture } from "./kubernetes/node-architecture";

export const CHECKS: readonly AnyCheck[] = [
  // 2. Kubernetes / AKS cluster
  apiServerReachable,
  kubernetesVersion,
  nodeArchitecture,
  installPermissions,
  // 3. Network and security
  namespacePodSecurity,
  admissionDryRun,
  // 6. Additional technical requirements
  containerRuntime,
];

export function findCheck(id: string): AnyCheck | undefined {
  return CHECKS.find((c) => c.id === id);
}
