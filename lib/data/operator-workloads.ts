// The operator's most demanding workloads as the Helm chart renders them (v1.10.2 defaults), for server-side dry runs:
// the privileged CSI driver DaemonSet and the webhook Deployment. Written once here, parameterised by the plan.
// Sources: config/helm/chart/default/templates/Common/csi/daemonset.yaml, .../webhook/deployment-webhook.yaml and
// values.yaml (securityContext, ports, kubeletPath /var/lib/kubelet). Resources come from operator-components.ts.
import type { V1Container, V1DaemonSet, V1Deployment, V1Pod, V1PodTemplateSpec, V1ResourceRequirements, V1SecurityContext } from "@kubernetes/client-node";
import type { Plan } from "@/lib/engine/plan";
import { CSI_DRIVER, SUPPORTED_ARCHITECTURES, WEBHOOK, type ContainerSpec, type Resources } from "./operator-components";

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
