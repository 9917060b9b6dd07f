// The pods the operator's install creates, as the Helm chart and the operator render them (v1.10.2 defaults), for
// server-side dry runs and for judging admission policies: the privileged CSI driver DaemonSet, the webhook and
// operator Deployments, the OneAgent DaemonSet (cloudNativeFullStack) and the ActiveGate StatefulSet. Written once
// here, parameterised by the plan. Sources (Dynatrace/dynatrace-operator at tag v1.10.2, read 2026-12-04):
// - config/helm/chart/default/templates/Common/csi/daemonset.yaml, .../webhook/deployment-webhook.yaml,
//   .../operator/deployment-operator.yaml and values.yaml (securityContext, ports, kubeletPath /var/lib/kubelet);
// - pkg/controllers/dynakube/oneagent/daemonset/{daemonset,volumes,init}.go (OneAgent: hostNetwork, hostPID,
//   host root "/" read-only, capabilities, AppArmor unconfined, uid/gid 1000, fsGroup 1000);
// - pkg/controllers/dynakube/activegate/internal/statefulset/statefulset.go and builder/modifiers/kubemon.go
//   (ActiveGate: uid/gid 1001, drop ALL, RuntimeDefault seccomp, writable root filesystem, emptyDir volumes).
// Resources come from operator-components.ts.
import type { V1Container, V1DaemonSet, V1Deployment, V1Pod, V1PodTemplateSpec, V1ResourceRequirements, V1SecurityContext, V1StatefulSet, V1Volume } from "@kubernetes/client-node";
import { codeModuleDelivery, type Plan } from "@/lib/engine/plan";
import {
  ACTIVEGATE,
  CSI_DRIVER,
  OPERATOR,
  SUPPORTED_ARCHITECTURES,
  WEBHOOK,
  plannedComponents,
  type ComponentId,
  type ContainerSpec,
  type Resources,
} from "./operator-components";

export const CSI_DAEMONSET_NAME = "dynatrace-oneagent-csi-driver";
export const WEBHOOK_DEPLOYMENT_NAME = "dynatrace-webhook";
const KUBELET = "/var/lib/kubelet";
const CSI_PLUGIN_DIR = `${KUBELET}/plugins/csi.oneagent.dynatrace.com`;

export function operatorImage(version: string): string {
  return `public.ecr.aws/dynatrace/dynatrace-operator:v${version}`;
}

// Marks every object this tool sends, so a dry-run request is recognisable in audit logs.
const DRY_RUN_LABELS = { "app.kubernetes.io/managed-by": "dtready", "dtready.dev/purpose": "admission-dry-run" };

function quantity(r: Resources): { cpu: string; memory: string } {
  return { cpu: `${r.cpuMillis}m`, memory: `${Math.round(r.memoryBytes / 2 ** 20)}Mi` };
}

function resourcesOf(component: { containers: ContainerSpec[] }, name: string): V1ResourceRequirements {
  const c = component.containers.find((x) => x.name === name);
  if (!c) throw new Error(`operator-components has no container ${name}`);
  return { requests: quantity(c.requests), ...(c.limits ? { limits: quantity(c.limits) } : {}) };
}

const privilegedRoot: V1SecurityContext = {
  runAsUser: 0,
  privileged: true, // needed for Bidirectional mount propagation
  allowPrivilegeEscalation: true,
  readOnlyRootFilesystem: true,
  runAsNonRoot: false,
  seLinuxOptions: { level: "s0" },
  seccompProfile: { type: "RuntimeDefault" },
};
const unprivilegedRoot: V1SecurityContext = {
  runAsUser: 0,
  privileged: false,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: false,
  seccompProfile: { type: "RuntimeDefault" },
};
const nonRoot: V1SecurityContext = {
  privileged: false,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  runAsUser: 1001,
  runAsGroup: 1001,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

const linuxSupportedArch = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        {
          matchExpressions: [
            { key: "kubernetes.io/arch", operator: "In", values: [...SUPPORTED_ARCHITECTURES] },
            { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
          ],
        },
      ],
    },
  },
};

export function csiDriverDaemonSet(plan: Pick<Plan, "namespace" | "operatorVersion">): V1DaemonSet {
  const image = operatorImage(plan.operatorVersion);
  const labels = { "app.kubernetes.io/name": "dynatrace-operator", "app.kubernetes.io/component": "csi-driver", "internal.oneagent.dynatrace.com/app": "csi-driver" };
  const container = (name: string, args: string[], securityContext: V1SecurityContext, volumeMounts: V1Container["volumeMounts"]): V1Container => ({
    name,
    image,
    args,
    resources: resourcesOf(CSI_DRIVER, name),
    securityContext,
    volumeMounts,
  });
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: CSI_DAEMONSET_NAME, namespace: plan.namespace, labels: { ...labels, ...DRY_RUN_LABELS } },
    spec: {
      selector: { matchLabels: { "internal.oneagent.dynatrace.com/app": "csi-driver" } },
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      template: {
        metadata: { labels, annotations: { "dynatrace.com/inject": "false", "cluster-autoscaler.kubernetes.io/enable-ds-eviction": "false" } },
        spec: {
          serviceAccountName: "dynatrace-oneagent-csi-driver",
          priorityClassName: "dynatrace-high-priority",
          affinity: linuxSupportedArch,
          tolerations: [
            { key: "node-role.kubernetes.io/master", operator: "Exists", effect: "NoSchedule" },
            { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" },
            { key: "ToBeDeletedByClusterAutoscaler", operator: "Exists", effect: "NoSchedule" },
          ],
          initContainers: [
            container("csi-init", ["csi-init"], { ...unprivilegedRoot, seLinuxOptions: { level: "s0" } }, [{ name: "data-dir", mountPath: "/data" }]),
          ],
          containers: [
            container("server", ["csi-server", "--endpoint=unix:/csi/csi.sock", "--node-id=$(KUBE_NODE_NAME)"], privilegedRoot, [
              { name: "plugin-dir", mountPath: "/csi" },
              { name: "mountpoint-dir", mountPath: `${KUBELET}/pods`, mountPropagation: "Bidirectional" },
              { name: "data-dir", mountPath: "/data", mountPropagation: "Bidirectional" },
            ]),
            container("provisioner", ["csi-provisioner", "--health-probe-bind-address=:10090"], privilegedRoot, [
              { name: "data-dir", mountPath: "/data", mountPropagation: "Bidirectional" },
              { name: "mountpoint-dir", mountPath: `${KUBELET}/pods`, readOnly: true },
            ]),
            container("registrar", ["csi-node-driver-registrar", "--csi-address=/csi/csi.sock", `--kubelet-registration-path=${CSI_PLUGIN_DIR}/csi.sock`], unprivilegedRoot, [
              { name: "plugin-dir", mountPath: "/csi" },
              { name: "registration-dir", mountPath: "/registration" },
            ]),
            container("liveness-probe", ["livenessprobe", "--csi-address=/csi/csi.sock", "--health-port=9808"], unprivilegedRoot, [{ name: "plugin-dir", mountPath: "/csi" }]),
          ],
          volumes: [
            { name: "registration-dir", hostPath: { path: `${KUBELET}/plugins_registry/`, type: "Directory" } },
            { name: "plugin-dir", hostPath: { path: `${CSI_PLUGIN_DIR}/`, type: "DirectoryOrCreate" } },
            { name: "data-dir", hostPath: { path: `${CSI_PLUGIN_DIR}/data`, type: "DirectoryOrCreate" } },
            { name: "mountpoint-dir", hostPath: { path: `${KUBELET}/pods/`, type: "DirectoryOrCreate" } },
          ],
        },
      },
    },
  };
}

export function webhookDeployment(plan: Pick<Plan, "namespace" | "operatorVersion">): V1Deployment {
  const labels = { "app.kubernetes.io/name": "dynatrace-operator", "app.kubernetes.io/component": "webhook", "internal.dynatrace.com/app": "webhook" };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: WEBHOOK_DEPLOYMENT_NAME, namespace: plan.namespace, labels: { ...labels, ...DRY_RUN_LABELS } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { "internal.dynatrace.com/app": "webhook" } },
      template: {
        metadata: { labels, annotations: { "dynatrace.com/inject": "false", "kubectl.kubernetes.io/default-container": "webhook" } },
        spec: {
          serviceAccountName: "dynatrace-webhook",
          affinity: linuxSupportedArch,
          securityContext: { seccompProfile: { type: "RuntimeDefault" } },
          topologySpreadConstraints: [
            { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { "internal.dynatrace.com/app": "webhook" } } },
            { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { "internal.dynatrace.com/app": "webhook" } } },
          ],
          containers: [
            {
              name: "webhook",
              image: operatorImage(plan.operatorVersion),
              args: ["webhook-server", "--certs-dir=/tmp/k8s-webhook-server/serving-certs/"],
              ports: [
                { name: "server-port", containerPort: 8443 },
                { name: "metrics", containerPort: 8383 },
                { name: "livez", containerPort: 10080 },
              ],
              resources: resourcesOf(WEBHOOK, "webhook"),
              securityContext: nonRoot,
              volumeMounts: [{ name: "certs-dir", mountPath: "/tmp/k8s-webhook-server/serving-certs" }],
            },
          ],
          volumes: [{ name: "certs-dir", emptyDir: { sizeLimit: "10Mi" } }],
        },
      },
    },
  };
}

export function operatorDeployment(plan: Pick<Plan, "namespace" | "operatorVersion">): V1Deployment {
  const labels = { "app.kubernetes.io/name": "dynatrace-operator", "app.kubernetes.io/component": "operator", name: "dynatrace-operator" };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "dynatrace-operator", namespace: plan.namespace, labels: { ...labels, ...DRY_RUN_LABELS } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { name: "dynatrace-operator" } },
      template: {
        metadata: { labels, annotations: { "dynatrace.com/inject": "false", "kubectl.kubernetes.io/default-container": "operator" } },
        spec: {
          serviceAccountName: "dynatrace-operator",
          affinity: linuxSupportedArch,
          securityContext: { seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "operator",
              image: operatorImage(plan.operatorVersion),
              args: ["operator"],
              ports: [
                { name: "livez", containerPort: 10080 },
                { name: "metrics", containerPort: 8080 },
              ],
              resources: resourcesOf(OPERATOR, "operator"),
              securityContext: nonRoot,
            },
          ],
        },
      },
    },
  };
}

// OneAgent's default capabilities when the DynaKube does not ask for a privileged OneAgent (daemonset.go).
const ONEAGENT_CAPABILITIES = ["CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "NET_ADMIN", "NET_RAW", "SETFCAP", "SETGID", "SETUID", "SYS_ADMIN", "SYS_CHROOT", "SYS_PTRACE", "SYS_RESOURCE"];

/** The OneAgent DaemonSet of cloudNativeFullStack (named after the DynaKube), without the CSI driver its storage is a hostPath. */
export function oneAgentDaemonSet(plan: Pick<Plan, "namespace" | "dynakubeName" | "csiDriver">): V1DaemonSet {
  const labels = { "app.kubernetes.io/name": plan.dynakubeName, "app.kubernetes.io/component": "oneagent", "app.kubernetes.io/created-by": plan.dynakubeName };
  const image = "public.ecr.aws/dynatrace/dynatrace-oneagent";
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: `${plan.dynakubeName}-oneagent`, namespace: plan.namespace, labels: { ...labels, ...DRY_RUN_LABELS } },
    spec: {
      selector: { matchLabels: { "app.kubernetes.io/name": plan.dynakubeName, "app.kubernetes.io/created-by": plan.dynakubeName } },
      template: {
        metadata: { labels, annotations: { "dynatrace.com/inject": "false", "cluster-autoscaler.kubernetes.io/enable-ds-eviction": "false" } },
        spec: {
          serviceAccountName: "dynatrace-dynakube-oneagent",
          hostNetwork: true,
          hostPID: true,
          hostIPC: false,
          dnsPolicy: "ClusterFirstWithHostNet",
          securityContext: { fsGroup: 1000 },
          affinity: linuxSupportedArch,
          initContainers: [
            {
              name: "dynatrace-operator",
              image: operatorImage("latest"),
              securityContext: {
                privileged: false,
                allowPrivilegeEscalation: false,
                runAsNonRoot: true,
                runAsUser: 1000,
                runAsGroup: 1000,
                capabilities: { drop: ["ALL"] },
                seccompProfile: { type: "RuntimeDefault" },
                readOnlyRootFilesystem: true,
              },
              volumeMounts: [{ name: "dynatrace-operator", mountPath: "/mnt/dynatrace-operator" }],
            },
          ],
          containers: [
            {
              name: "dynatrace-oneagent",
              image,
              // No resources: the operator sets none unless the DynaKube's oneAgentResources does (operator-components.ts
              // plans with the sample's suggestion, which is commented out there).
              securityContext: {
                runAsNonRoot: true,
                runAsUser: 1000,
                runAsGroup: 1000,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"], add: ONEAGENT_CAPABILITIES },
                appArmorProfile: { type: "Unconfined" },
              },
              volumeMounts: [
                { name: "oneagent-tenant-secret", mountPath: "/var/lib/dynatrace/secrets/tokens", readOnly: true },
                { name: "dynatrace-operator", mountPath: "/mnt/dynatrace-operator", readOnly: true },
                { name: "host-root", mountPath: "/mnt/root", readOnly: true },
                { name: plan.csiDriver ? "osagent-storage" : "volume-storage", mountPath: "/mnt/volume_storage_mount" },
              ],
            },
          ],
          volumes: [
            { name: "host-root", hostPath: { path: "/" } },
            { name: "dynatrace-operator", emptyDir: {} },
            { name: "oneagent-tenant-secret", secret: { secretName: `${plan.dynakubeName}-oneagent-tenant-secret` } },
            plan.csiDriver
              ? { name: "osagent-storage", csi: { driver: "csi.oneagent.dynatrace.com", volumeAttributes: { mode: "host", dynakube: plan.dynakubeName } } }
              : { name: "volume-storage", hostPath: { path: "/var/opt/dynatrace", type: "DirectoryOrCreate" } },
          ],
        },
      },
    },
  };
}

/** The ActiveGate StatefulSet with the kubernetes-monitoring capability (every mode plans one). */
export function activeGateStatefulSet(plan: Pick<Plan, "namespace" | "dynakubeName">): V1StatefulSet {
  const labels = { "app.kubernetes.io/name": "activegate", "app.kubernetes.io/component": "activegate", "app.kubernetes.io/created-by": plan.dynakubeName };
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: `${plan.dynakubeName}-activegate`, namespace: plan.namespace, labels: { ...labels, ...DRY_RUN_LABELS } },
    spec: {
      serviceName: `${plan.dynakubeName}-activegate`,
      selector: { matchLabels: { "app.kubernetes.io/name": "activegate", "app.kubernetes.io/created-by": plan.dynakubeName } },
      template: {
        metadata: { labels, annotations: { "dynatrace.com/inject": "false" } },
        spec: {
          serviceAccountName: "dynatrace-activegate",
          automountServiceAccountToken: false,
          securityContext: { seccompProfile: { type: "RuntimeDefault" }, fsGroup: 1001 },
          initContainers: [
            {
              name: "certificate-loader",
              image: operatorImage("latest"),
              securityContext: { ...nonRoot, readOnlyRootFilesystem: true },
              volumeMounts: [
                { name: "truststore-volume", mountPath: "/var/lib/dynatrace/gateway/ssl" },
                { name: "cert-tmp", mountPath: "/tmp" },
              ],
            },
          ],
          containers: [
            {
              name: "activegate",
              image: "public.ecr.aws/dynatrace/dynatrace-activegate",
              resources: resourcesOf(ACTIVEGATE, "activegate"),
              securityContext: { ...nonRoot, readOnlyRootFilesystem: false },
              ports: [{ name: "https", containerPort: 9999 }],
              volumeMounts: [
                { name: "ag-tmp", mountPath: "/var/tmp/dynatrace/gateway" },
                { name: "truststore-volume", mountPath: "/var/lib/dynatrace/gateway/ssl" },
              ],
            },
          ],
          volumes: [
            { name: "ag-tmp", emptyDir: {} },
            { name: "truststore-volume", emptyDir: {} },
            { name: "cert-tmp", emptyDir: {} },
          ],
        },
      },
    },
  };
}

/**
 * An application pod after the webhook injected code modules (applicationMonitoring / cloudNativeFullStack): a pod
 * that passes a strict policy on its own (non-root, no escalation, drop ALL, read-only root, RuntimeDefault), so
 * that whatever a policy finds is what the injection adds: the init container (security context from
 * pkg/webhook/mutation/pod/handler/injection/init.go) and the volumes (oneagent-bin by the plan's delivery, from
 * .../mutator/oneagent/volumes.go; dynatrace-config emptyDir and dynatrace-input projected from .../pod/volumes).
 */
export function injectedApplicationPod(plan: Pick<Plan, "operatorVersion" | "csiDriver" | "codeModules" | "dynakubeName">): V1PodTemplateSpec {
  const delivery = codeModuleDelivery(plan);
  const bin: V1Volume =
    delivery === "csi-driver"
      ? { name: "oneagent-bin", csi: { driver: "csi.oneagent.dynatrace.com", readOnly: true, volumeAttributes: { mode: "app", dynakube: plan.dynakubeName } } }
      : delivery === "image-volume"
        ? ({ name: "oneagent-bin", image: { reference: "public.ecr.aws/dynatrace/dynatrace-codemodules", pullPolicy: "IfNotPresent" } } as V1Volume)
        : { name: "oneagent-bin", emptyDir: {} };
  const strict: V1SecurityContext = { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } };
  return {
    metadata: { labels: { app: "injected-application" }, annotations: { "oneagent.dynatrace.com/injected": "true" } },
    spec: {
      securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
      initContainers: [
        {
          name: "dynatrace-operator",
          image: operatorImage(plan.operatorVersion),
          securityContext: { ...strict, runAsUser: 1000, runAsGroup: 1000 },
          volumeMounts: [
            { name: "dynatrace-input", mountPath: "/mnt/input", readOnly: true },
            { name: "dynatrace-config", mountPath: "/mnt/config" },
            { name: "oneagent-bin", mountPath: "/mnt/bin", readOnly: delivery !== "ephemeral-volume" },
          ],
        },
      ],
      containers: [
        {
          name: "application",
          image: "<your application image>",
          securityContext: strict,
          volumeMounts: [
            { name: "oneagent-bin", mountPath: "/opt/dynatrace/oneagent-paas", readOnly: true },
            { name: "dynatrace-config", mountPath: "/etc/ld.so.preload", subPath: "oneagent/ld.so.preload" },
          ],
        },
      ],
      volumes: [{ name: "dynatrace-input", projected: { sources: [{ secret: { name: "dynatrace-bootstrapper-config" } }] } }, { name: "dynatrace-config", emptyDir: {} }, bin],
    },
  };
}

export interface OperatorPod {
  /** "injected-application": an application pod in an injected namespace, as the webhook leaves it. */
  component: ComponentId | "injected-application";
  /** Workload kind and name as the install creates it, e.g. "DaemonSet dynatrace-oneagent-csi-driver". */
  workload: string;
  template: V1PodTemplateSpec;
}

/** Every pod template the plan's install creates in its namespace, in install order (plannedComponents). */
export function operatorPods(plan: Pick<Plan, "mode" | "csiDriver" | "namespace" | "operatorVersion" | "dynakubeName">): OperatorPod[] {
  const build: Record<ComponentId, () => { kind?: string; metadata?: { name?: string }; spec?: { template: V1PodTemplateSpec } }> = {
    operator: () => operatorDeployment(plan),
    webhook: () => webhookDeployment(plan),
    "csi-driver": () => csiDriverDaemonSet(plan),
    activegate: () => activeGateStatefulSet(plan),
    oneagent: () => oneAgentDaemonSet(plan),
  };
  return plannedComponents(plan).map((c) => {
    const w = build[c.id]();
    return { component: c.id, workload: `${w.kind} ${w.metadata!.name}`, template: w.spec!.template };
  });
}

/**
 * The Pod a controller would create from `template`. Pod Security `enforce` applies to Pods only (workload objects
 * get warnings), so proving admission needs a Pod. The service account and priority class are left out because
 * they do not exist before the install and their admission plugins would reject the Pod for that alone.
 */
export function podFromTemplate(name: string, namespace: string, template: V1PodTemplateSpec): V1Pod {
  const spec = { ...template.spec! };
  delete spec.serviceAccountName;
  delete spec.priorityClassName;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace, labels: { ...template.metadata?.labels, ...DRY_RUN_LABELS }, annotations: template.metadata?.annotations },
    spec: { ...spec, automountServiceAccountToken: false },
  };
}
