// Pods as a running cluster holds them: created by a controller (owner reference, pod-template-hash, the service
// account volume the ServiceAccount admission plugin would add), bound to a node, then given the status a kubelet
// posts through the status subresource once its containers run (Running, Ready, containerStatuses).
// The shapes follow what kube-controller-manager, the ServiceAccount admission plugin and kubelet v1.36 write.
import type { KubernetesObject, V1Container, V1PodStatus, V1Toleration } from "@kubernetes/client-node";

export interface ContainerShape {
  name: string;
  image: string;
  /** Absent: the pod declares no resources (LimitRange defaults apply in namespaces that have one). */
  requests?: { cpu: string; memory: string };
  limits?: { cpu?: string; memory: string };
  port?: number;
  /** Init container that stays running (a native sidecar, restartPolicy Always). */
  sidecar?: boolean;
  /** Plain init container: ran to completion before the app started. */
  init?: boolean;
}

export interface PodShape {
  name: string;
  namespace: string;
  /** The workload (Deployment or DaemonSet) the pod belongs to; its controller is the owner. */
  workload: string;
  owner: { kind: "ReplicaSet" | "DaemonSet"; name: string; uid: string };
  templateHash: string;
  nodeName: string;
  hostIP: string;
  podIP: string;
  hostNetwork?: boolean;
  containers: ContainerShape[];
  tolerations?: V1Toleration[];
  /** Pod Security: restricted-compliant app pods; privileged node agents in kube-system. */
  privileged?: boolean;
  /** Seconds before `now` at which the pod started. */
  ageSeconds: number;
  /** 64 hex digits per container, for containerID and imageID. */
  hex: () => string;
  /** 5 characters of the name suffix for the service-account volume. */
  volumeSuffix: string;
}

const TOKEN_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

function container(s: PodShape, c: ContainerShape): V1Container {
  const resources: Record<string, Record<string, string>> = {};
  if (c.requests) resources["requests"] = { ...c.requests };
  if (c.limits) resources["limits"] = Object.fromEntries(Object.entries(c.limits).filter(([, v]) => v !== undefined));
  return {
    name: c.name,
    image: c.image,
    imagePullPolicy: "IfNotPresent",
    ...(c.port ? { ports: [{ name: "http", containerPort: c.port, protocol: "TCP" }] } : {}),
    resources,
    ...(c.port ? { readinessProbe: { httpGet: { path: "/healthz", port: c.port, scheme: "HTTP" }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 } } : {}),
    ...(c.sidecar ? { restartPolicy: "Always" } : {}),
    securityContext: s.privileged ? { privileged: true } : { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    terminationMessagePath: "/dev/termination-log",
    terminationMessagePolicy: "File",
    volumeMounts: [{ name: `kube-api-access-${s.volumeSuffix}`, mountPath: TOKEN_MOUNT, readOnly: true }],
  };
}

/** The pod as its controller creates it and the scheduler binds it (spec.nodeName set). */
export function podObject(s: PodShape): KubernetesObject {
  const inits = s.containers.filter((c) => c.init || c.sidecar);
  const apps = s.containers.filter((c) => !c.init && !c.sidecar);
  const labels: Record<string, string> = { app: s.workload, "app.kubernetes.io/name": s.workload };
  if (s.owner.kind === "ReplicaSet") labels["pod-template-hash"] = s.templateHash;
  else labels["controller-revision-hash"] = s.templateHash;
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: s.name,
      namespace: s.namespace,
      generateName: s.name.slice(0, s.name.lastIndexOf("-") + 1),
      labels,
      ownerReferences: [{ apiVersion: "apps/v1", kind: s.owner.kind, name: s.owner.name, uid: s.owner.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      nodeName: s.nodeName,
      ...(s.hostNetwork ? { hostNetwork: true } : {}),
      ...(inits.length ? { initContainers: inits.map((c) => container(s, c)) } : {}),
      containers: apps.map((c) => container(s, c)),
      dnsPolicy: s.hostNetwork ? "ClusterFirstWithHostNet" : "ClusterFirst",
      enableServiceLinks: true,
      preemptionPolicy: "PreemptLowerPriority",
      priority: 0,
      restartPolicy: "Always",
      schedulerName: "default-scheduler",
      securityContext: s.privileged ? {} : { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: "RuntimeDefault" } },
      serviceAccountName: "default",
      terminationGracePeriodSeconds: 30,
      tolerations: [
        { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
        { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
        ...(s.tolerations ?? []),
      ],
      // What the ServiceAccount admission plugin adds (it is switched off in the test cluster, see cluster.ts).
      volumes: [
        {
          name: `kube-api-access-${s.volumeSuffix}`,
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
              { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
              { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
            ],
          },
        },
      ],
    },
  } as KubernetesObject;
}

/** What the kubelet posts to pods/status once every container runs and passed its readiness probe. */
export function runningStatus(s: PodShape, now: number): V1PodStatus {
  const at = (secondsAfterStart: number) => new Date(now - (s.ageSeconds - secondsAfterStart) * 1000).toISOString().replace(/\.\d+Z$/, "Z");
  const condition = (type: string, after: number) => ({ type, status: "True", lastProbeTime: null, lastTransitionTime: at(after) });
  const mounts = [{ name: `kube-api-access-${s.volumeSuffix}`, mountPath: TOKEN_MOUNT, readOnly: true, recursiveReadOnly: "Disabled" }];
  const status = (c: ContainerShape, startedAfter: number) => {
    const ran = c.init && !c.sidecar;
    return {
      name: c.name,
      image: c.image,
      imageID: `${c.image.split(":")[0]}@sha256:${s.hex()}`,
      containerID: `containerd://${s.hex()}`,
      ready: !ran,
      started: !ran,
      restartCount: 0,
      lastState: {},
      state: ran
        ? { terminated: { exitCode: 0, reason: "Completed", startedAt: at(1), finishedAt: at(2), containerID: `containerd://${s.hex()}` } }
        : { running: { startedAt: at(startedAfter) } },
      volumeMounts: mounts,
    };
  };
  const inits = s.containers.filter((c) => c.init || c.sidecar);
  const apps = s.containers.filter((c) => !c.init && !c.sidecar);
  return {
    phase: "Running",
    conditions: [
      condition("PodReadyToStartContainers", 1),
      condition("Initialized", inits.length ? 3 : 0),
      condition("Ready", 14),
      condition("ContainersReady", 14),
      condition("PodScheduled", 0),
    ],
    hostIP: s.hostIP,
    hostIPs: [{ ip: s.hostIP }],
    podIP: s.hostNetwork ? s.hostIP : s.podIP,
    podIPs: [{ ip: s.hostNetwork ? s.hostIP : s.podIP }],
    startTime: at(0),
    ...(inits.length ? { initContainerStatuses: inits.map((c) => status(c, 3)) } : {}),
    containerStatuses: apps.map((c) => status(c, 4)),
  } as unknown as V1PodStatus;
}
