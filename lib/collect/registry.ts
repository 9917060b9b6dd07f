// Every collector. The engine runs only those whose facts the planned checks need.
import type { CollectorDefinition } from "@/lib/engine/collector";
export { kubeconfigAccessCollector } from "./kubernetes/access";
export { aksAccessCollector } from "./azure/aks-access";
import { accessReviewsCollector } from "./kubernetes/access-reviews";
import { admissionDryRunCollector } from "./kubernetes/admission-dry-run";
import { dynatraceObjectsCollector } from "./kubernetes/dynatrace-objects";
import { namespaceQuotasCollector } from "./kubernetes/namespace-quotas";
import { namespacesCollector } from "./kubernetes/namespaces";
import { podsCollector } from "./kubernetes/pods";
import { webhooksCollector } from "./kubernetes/webhooks";
import { namespaceCollector } from "./kubernetes/namespace";
import { nodesCollector } from "./kubernetes/nodes";
import { networkPoliciesCollector } from "./kubernetes/network-policies";
import { tokensSecretCollector } from "./kubernetes/tokens-secret";
import { operatorImageCollector } from "./registry/operator-image";
import { proxyEnvironmentCollector } from "./network/proxy-environment";
import { egressProbeCollector } from "./kubernetes/egress-probe";
import { reachabilityCollector } from "./dynatrace/reachability";
import { operatorTokenCollector } from "./dynatrace/operator-token";
import { ingestTokenCollector } from "./dynatrace/ingest-token";
import { connectionInfoCollector } from "./dynatrace/connection-info";
import { agentVersionCollector } from "./dynatrace/agent-version";
import { settingsWriteCollector } from "./dynatrace/settings-write";
import { agentPoolsCollector, extensionsCollector, managedClusterCollector } from "./azure/managed-cluster";
import { gatekeeperCollector } from "./kubernetes/gatekeeper";

/**
 * Every collector but the one that gives access to the API server: which one does (a kubeconfig, or an AKS cluster's
 * credentials from Resource Manager) depends on the target, so the composition (lib/runs) adds it.
 */
export const COLLECTORS: readonly CollectorDefinition[] = [
  nodesCollector,
  namespaceCollector,
  accessReviewsCollector,
  admissionDryRunCollector,
  dynatraceObjectsCollector,
  webhooksCollector,
  podsCollector,
  namespaceQuotasCollector,
  namespacesCollector,
  networkPoliciesCollector,
  tokensSecretCollector,
  operatorImageCollector,
  proxyEnvironmentCollector,
  egressProbeCollector,
  reachabilityCollector,
  operatorTokenCollector,
  ingestTokenCollector,
  connectionInfoCollector,
  agentVersionCollector,
  settingsWriteCollector,
  managedClusterCollector,
  agentPoolsCollector,
  extensionsCollector,
  gatekeeperCollector,
];
