// What the Dynatrace Operator deploys and what each piece asks of the cluster. Written once as data; the resource,
// quota and storage checks read it.
//
// Sources:
// - Helm chart values (config/helm/chart/default/values.yaml, v1.10.2): operator, webhook, CSI driver requests/limits.
// - DynaKube samples (assets/samples/dynakube/v1beta6/applicationMonitoring.yaml and kubernetesObservability.yaml):
//   ActiveGate 200m/6Gi requests, 1000m/6Gi limits. Both samples (platform and application) deploy an ActiveGate.
// - cloudNativeFullStack.yaml sample: suggested oneAgentResources 100m/512Mi requests, 300m/1.5Gi limits
//   (commented out in the sample: the operator sets no default, so this is a planning figure, not a guarantee).
// - Prerequisites document section 4: code modules cached once per node with the CSI driver, ~1-2 GB per node.
import type { Mode, Plan } from "@/lib/engine/plan";

export interface Resources {
  cpuMillis: number;
  memoryBytes: number;
}

export interface ContainerSpec {
  name: string;
  requests: Resources;
  /** Absent when the chart sets no limit (the CSI provisioner): a LimitRange default then applies. */
  limits?: Resources;
  init?: boolean;
}

export type ComponentId = "operator" | "webhook" | "csi-driver" | "activegate" | "oneagent";

export interface OperatorComponent {
  id: ComponentId;
  /** Workload name as the chart / operator creates it. */
  workload: string;
  kind: "Deployment" | "DaemonSet" | "StatefulSet";
  /** Replicas per cluster; DaemonSets run one pod per eligible node instead. */
  replicas: number;
  perNode: boolean;
  containers: ContainerSpec[];
  source: string;
}

const Mi = 2 ** 20;
const Gi = 2 ** 30;

export const OPERATOR: OperatorComponent = {
  id: "operator",
  workload: "dynatrace-operator",
  kind: "Deployment",
  replicas: 1,
  perNode: false,
  containers: [{ name: "operator", requests: { cpuMillis: 50, memoryBytes: 64 * Mi }, limits: { cpuMillis: 100, memoryBytes: 128 * Mi } }],
  source: "Helm chart values.yaml operator.requests/limits (v1.10.2)",
};

export const WEBHOOK: OperatorComponent = {
  id: "webhook",
  workload: "dynatrace-webhook",
  kind: "Deployment",
  replicas: 2,
  perNode: false,
  containers: [{ name: "webhook", requests: { cpuMillis: 300, memoryBytes: 128 * Mi }, limits: { cpuMillis: 300, memoryBytes: 128 * Mi } }],
  source: "Helm chart values.yaml webhook.requests/limits; 2 replicas spread by hostname (webhook.highAvailability)",
};

export const CSI_DRIVER: OperatorComponent = {
  id: "csi-driver",
  workload: "dynatrace-oneagent-csi-driver",
  kind: "DaemonSet",
  replicas: 0,
  perNode: true,
  containers: [
    { name: "csi-init", init: true, requests: { cpuMillis: 50, memoryBytes: 100 * Mi }, limits: { cpuMillis: 50, memoryBytes: 100 * Mi } },
    { name: "server", requests: { cpuMillis: 50, memoryBytes: 100 * Mi }, limits: { cpuMillis: 50, memoryBytes: 100 * Mi } },
    { name: "provisioner", requests: { cpuMillis: 300, memoryBytes: 100 * Mi } },
    { name: "registrar", requests: { cpuMillis: 20, memoryBytes: 30 * Mi }, limits: { cpuMillis: 20, memoryBytes: 30 * Mi } },
    { name: "liveness-probe", requests: { cpuMillis: 20, memoryBytes: 30 * Mi }, limits: { cpuMillis: 20, memoryBytes: 30 * Mi } },
  ],
  source: "Helm chart values.yaml csidriver.{csiInit,server,provisioner,registrar,livenessprobe}.resources (provisioner: requests only)",
};

export const ACTIVEGATE: OperatorComponent = {
  id: "activegate",
  workload: "<dynakube>-activegate",
  kind: "StatefulSet",
  replicas: 1,
  perNode: false,
  containers: [{ name: "activegate", requests: { cpuMillis: 200, memoryBytes: 6 * Gi }, limits: { cpuMillis: 1000, memoryBytes: 6 * Gi } }],
  source: "DynaKube samples v1beta6 applicationMonitoring.yaml / kubernetesObservability.yaml activeGate.resources",
};

export const ONEAGENT: OperatorComponent = {
  id: "oneagent",
  workload: "<dynakube>-oneagent",
  kind: "DaemonSet",
  replicas: 0,
  perNode: true,
  containers: [{ name: "dynatrace-oneagent", requests: { cpuMillis: 100, memoryBytes: 512 * Mi }, limits: { cpuMillis: 300, memoryBytes: 1.5 * Gi } }],
  source: "cloudNativeFullStack.yaml sample's suggested oneAgentResources (the operator sets none by default)",
};

/** Modes whose DynaKube deploys an ActiveGate (all three samples do; platform monitoring is the ActiveGate alone). */
const MODES_WITH_ACTIVEGATE: readonly Mode[] = ["platform", "application", "full-stack"];

/** Components the plan installs, in install order. */
export function plannedComponents(plan: Pick<Plan, "mode" | "csiDriver">): OperatorComponent[] {
  const list = [OPERATOR, WEBHOOK];
  if (plan.csiDriver) list.push(CSI_DRIVER);
  if (MODES_WITH_ACTIVEGATE.includes(plan.mode)) list.push(ACTIVEGATE);
  if (plan.mode === "full-stack") list.push(ONEAGENT);
  return list;
}

/**
 * What one pod of the component asks the scheduler for: the larger of the sum of its containers and its largest
 * init container (Kubernetes' effective request rule).
 */
export function podRequests(c: OperatorComponent): Resources {
  const main = c.containers.filter((x) => !x.init);
  const init = c.containers.filter((x) => x.init);
  const sum = (pick: (r: Resources) => number) => main.reduce((n, x) => n + pick(x.requests), 0);
  const maxInit = (pick: (r: Resources) => number) => Math.max(0, ...init.map((x) => pick(x.requests)));
  return {
    cpuMillis: Math.max(sum((r) => r.cpuMillis), maxInit((r) => r.cpuMillis)),
    memoryBytes: Math.max(sum((r) => r.memoryBytes), maxInit((r) => r.memoryBytes)),
  };
}

/** Sum of container limits per pod, or undefined when a container has no limit for that resource. */
export function podLimits(c: OperatorComponent): Partial<Resources> {
  const main = c.containers.filter((x) => !x.init);
  const all = main.every((x) => x.limits);
  if (!all) return {};
  return {
    cpuMillis: main.reduce((n, x) => n + x.limits!.cpuMillis, 0),
    memoryBytes: main.reduce((n, x) => n + x.limits!.memoryBytes, 0),
  };
}

/** Storage planning figures (prerequisites document section 4). */
export const CODE_MODULES = {
  /** Typical size of the code-module cache per node with the CSI driver ("~1-2GB per node"): midpoint. */
  perNodeWithCsiBytes: 1.5 * 1e9,
  /**
   * Without the CSI driver every injected pod downloads and keeps its own copy of the code modules in an
   * emptyDir. We plan with the same package size per pod; restricting `oneagent.dynatrace.com/technologies`
   * makes it smaller.
   */
  perPodWithoutCsiBytes: 1.5 * 1e9,
  /** Below this allocatable ephemeral storage a node cannot hold the cache next to its workloads. */
  failBelowBytes: 2 * Gi,
  /** Below this there is little headroom for the cache, container images and logs. */
  warnBelowBytes: 5 * Gi,
  source: "Prerequisites document section 4 (Storage Requirements): ~1-2GB per node for code modules with the CSI driver",
};

/** Names of the cluster-scoped objects a Dynatrace Operator install owns (Helm chart v1.10.2). */
export interface DynatraceObjectNames {
  dynakubeCrd: string;
  /** The legacy OneAgent Operator's CRD. */
  oneAgentCrd: string;
  webhookConfiguration: string;
  csiDriver: string;
  priorityClass: string;
}

export const DYNATRACE_OBJECT_NAMES: DynatraceObjectNames = {
  dynakubeCrd: "dynakubes.dynatrace.com",
  oneAgentCrd: "oneagents.dynatrace.com",
  webhookConfiguration: "dynatrace-webhook",
  csiDriver: "csi.oneagent.dynatrace.com",
  priorityClass: "dynatrace-high-priority",
};

/**
 * Taint keys each component tolerates by default (NoSchedule/NoExecute taints with other keys keep it off a node).
 * Operator, webhook and CSI tolerate the architecture taints (chart templates); the CSI driver also tolerates the
 * control-plane taints and the cluster autoscaler's deletion taint (values.yaml csidriver.tolerations, issues
 * #733/#3490). OneAgent gets the control-plane tolerations of the samples; the ActiveGate sample has none.
 */
export const DEFAULT_TOLERATED_TAINTS: Record<ComponentId, readonly string[]> = {
  operator: ["kubernetes.io/arch"],
  webhook: ["kubernetes.io/arch"],
  "csi-driver": ["kubernetes.io/arch", "node-role.kubernetes.io/master", "node-role.kubernetes.io/control-plane", "ToBeDeletedByClusterAutoscaler"],
  activegate: [],
  oneagent: ["node-role.kubernetes.io/master", "node-role.kubernetes.io/control-plane"],
};

/** Architectures the operator, webhook and CSI images are built for. */
export const SUPPORTED_ARCHITECTURES = ["amd64", "arm64", "ppc64le", "s390x"] as const;
