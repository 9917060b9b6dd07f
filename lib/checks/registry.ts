// Every check, in the order the checklist shows them. Explicit on purpose: adding a check is one line here.
import type { AnyCheck } from "@/lib/engine/check";
import { apiServerReachable } from "./kubernetes/api-server-reachable";
import { kubernetesVersion } from "./kubernetes/kubernetes-version";
import { admissionDryRun } from "./kubernetes/admission-dry-run";
import { containerRuntime } from "./kubernetes/container-runtime";
import { installPermissions } from "./kubernetes/install-permissions";
import { namespacePodSecurity } from "./kubernetes/namespace-pod-security";
import { nodeArchitecture } from "./kubernetes/node-architecture";
import { ephemeralStorage } from "./kubernetes/ephemeral-storage";
import { existingInstallation } from "./kubernetes/existing-installation";
import { foreignWebhooks } from "./kubernetes/foreign-webhooks";
import { monitoringScope } from "./kubernetes/monitoring-scope";
import { namespaceQuota } from "./kubernetes/namespace-quota";
import { nodeResources } from "./kubernetes/node-resources";
import { codeModuleDeliveryCheck } from "./kubernetes/code-module-delivery";
import { imageVolumeRegistry } from "./manual/image-volume-registry";
import { customCa } from "./manual/custom-ca";
import { deploymentMode } from "./manual/deployment-mode";
import { dynatraceEnvironment } from "./manual/dynatrace-environment";
import { fips } from "./manual/fips";
import { networkAccess } from "./manual/network-access";
import { proxy } from "./manual/proxy";
import { networkPolicy } from "./network/network-policy";
import { operatorImageCheck } from "./network/operator-image";
import { proxyAlignment } from "./network/proxy-alignment";
import { inClusterEgress } from "./network/in-cluster-egress";
import { tokensSecret } from "./dynatrace/tokens-secret";
import { tenantReachable } from "./dynatrace/tenant-reachable";
import { operatorToken } from "./dynatrace/operator-token";
import { ingestToken } from "./dynatrace/ingest-token";
import { deploymentApi } from "./dynatrace/deployment-api";
import { tokens } from "./manual/tokens";
import { aksClusterState } from "./azure/cluster-state";
import { aksKubernetesVersion } from "./azure/kubernetes-version";
import { aksNodePools } from "./azure/node-pools";
import { aksMarketplaceExtension } from "./azure/marketplace-extension";
import { aksNetwork } from "./azure/network";
import { aksAzurePolicy } from "./azure/azure-policy";
import { aksHttpProxy } from "./azure/http-proxy";

export const CHECKS: readonly AnyCheck[] = [
  // 1. Dynatrace environment and tokens
  dynatraceEnvironment,
  tenantReachable,
  deploymentApi,
  tokens,
  operatorToken,
  ingestToken,
  tokensSecret,
  // 2. Kubernetes / AKS cluster
  aksClusterState,
  apiServerReachable,
  kubernetesVersion,
  aksKubernetesVersion,
  aksNodePools,
  nodeArchitecture,
  installPermissions,
  existingInstallation,
  aksMarketplaceExtension,
  // 3. Network and security
  networkAccess,
  namespacePodSecurity,
  admissionDryRun,
  aksAzurePolicy,
  foreignWebhooks,
  aksNetwork,
  networkPolicy,
  operatorImageCheck,
  proxy,
  proxyAlignment,
  aksHttpProxy,
  inClusterEgress,
  // 4. Resources and storage
  nodeResources,
  namespaceQuota,
  ephemeralStorage,
  // 5. Deployment mode
  deploymentMode,
  codeModuleDeliveryCheck,
  imageVolumeRegistry,
  // 6. Additional technical requirements
  containerRuntime,
  monitoringScope,
  customCa,
  fips,
];

export function findCheck(id: string): AnyCheck | undefined {
  return CHECKS.find((c) => c.id === id);
}
