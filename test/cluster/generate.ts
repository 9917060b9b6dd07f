// Synthetic large clusters for benchmarks: AKS-like pools with a realistic mix of architectures, OSes,
// taints and sizes, and namespaces with labels, ResourceQuotas, LimitRanges and NetworkPolicies.
// Deterministic for a given seed, so two benchmark runs see the same cluster.
import type { KubernetesObject, V1Node, V1Taint } from "@kubernetes/client-node";
import { aksNode, type NodeSpec } from "./nodes";
import { podObject, runningStatus, type ContainerShape, type PodShape } from "./pods";

export interface SyntheticClusterOptions {
  nodes: number;
  namespaces: number;
  /** Running pods bound to each Linux node (spec.nodeName set, as the scheduler would). */
  podsPerNode?: number;
  /** Running pods in all, spread evenly over the Linux nodes (instead of podsPerNode). */
  pods?: number;
  seed?: number;
}

/** mulberry32: tiny, fast, good enough to make repeatable variety. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Share of nodes per pool; the rest of the mix comes from each pool's shape.
const POOLS: { share: number; spec: Omit<NodeSpec, "name"> }[] = [
  { share: 0.03, spec: { pool: "system", mode: "System", cpu: "3860m", memory: "13Gi", taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" }] } },
  { share: 0.55, spec: { pool: "user", cpu: "7820m", memory: "28Gi", vmSize: "Standard_D8s_v5" } },
  { share: 0.2, spec: { pool: "arm", arch: "arm64", cpu: "7820m", memory: "28Gi", vmSize: "Standard_D8ps_v5", runtime: "containerd://2.0.5" } },
  { share: 0.08, spec: { pool: "gpu", cpu: "5820m", memory: "52Gi", vmSize: "Standard_NC6s_v3", taints: [{ key: "sku", value: "gpu", effect: "NoSchedule" }] } },
  { share: 0.06, spec: { pool: "spot", cpu: "3860m", memory: "13Gi", taints: [{ key: "kubernetes.azure.com/scalesetpriority", value: "spot", effect: "NoSchedule" }] } },
  { share: 0.05, spec: { pool: "win", os: "windows", cpu: "3860m", memory: "13Gi", runtime: "containerd://1.7.20+azure", taints: [{ key: "os", value: "windows", effect: "NoSchedule" }] } },
  { share: 0.03, spec: { pool: "small", cpu: "1900m", memory: "5Gi", ephemeralStorage: "3Gi", vmSize: "Standard_B2s" } },
];

export interface SyntheticCluster {
  /** Nodes, namespaces and their quotas, limit ranges and policies: small enough to hold. */
  objects: KubernetesObject[];
  podCount: number;
  /** The pods, made one at a time (100,000 of them would take a gigabyte), each with the status its kubelet posts. */
  pods: () => Iterator<KubernetesObject>;
}

export function syntheticCluster(opts: SyntheticClusterOptions): SyntheticCluster {
  const rand = rng(opts.seed ?? 42);
  const objects: KubernetesObject[] = [];
  let made = 0;
  POOLS.forEach((p, i) => {
    const count = i === POOLS.length - 1 ? opts.nodes - made : Math.round(opts.nodes * p.share);
    for (let n = 0; n < count; n++) {
      const zone = `westeurope-${1 + Math.floor(rand() * 3)}`;
      const name = p.spec.os === "windows" ? `aks${p.spec.pool}${String(n).padStart(6, "0")}` : `aks-${p.spec.pool}-${String(n).padStart(6, "0")}`;
      objects.push(aksNode({ ...p.spec, name, zone, ready: rand() > 0.01 }));
    }
    made += count;
  });

  const linuxNodes = objects.filter((o) => (o.metadata?.labels ?? {})["kubernetes.io/os"] === "linux").map((o) => o.metadata!.name!);
  const teams = ["payments", "checkout", "search", "identity", "data", "ml", "web", "mobile", "platform", "ops"];
  for (let i = 0; i < opts.namespaces; i++) {
    const team = teams[i % teams.length]!;
    const name = `${team}-${String(i).padStart(3, "0")}`;
    const monitored = rand() < 0.6;
    const labels: Record<string, string> = { team, env: rand() < 0.3 ? "prod" : "dev" };
    if (monitored) labels["monitoring"] = "dynatrace";
    if (rand() < 0.15) labels["pod-security.kubernetes.io/enforce"] = rand() < 0.5 ? "restricted" : "baseline";
    objects.push({ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });
    if (rand() < 0.5) {
      objects.push({
        apiVersion: "v1",
        kind: "ResourceQuota",
        metadata: { name: "compute", namespace: name },
        spec: { hard: { "requests.cpu": `${4 + Math.floor(rand() * 60)}`, "requests.memory": `${8 + Math.floor(rand() * 120)}Gi`, pods: "200" } },
      } as KubernetesObject);
    }
    if (rand() < 0.3) {
      objects.push({
        apiVersion: "v1",
        kind: "LimitRange",
        metadata: { name: "defaults", namespace: name },
        spec: { limits: [{ type: "Container", default: { cpu: "500m", memory: "512Mi" }, defaultRequest: { cpu: "100m", memory: "128Mi" } }] },
      } as KubernetesObject);
    }
    if (rand() < 0.4) {
      objects.push({
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "default-deny-ingress", namespace: name },
        spec: { podSelector: {}, policyTypes: ["Ingress"] },
      } as KubernetesObject);
    }
  }
  // App pods go into namespaces without a restricted/baseline label, and are restricted-compliant anyway.
  const appNamespaces = objects
    .filter((o) => o.kind === "Namespace" && !(o.metadata?.labels ?? {})["pod-security.kubernetes.io/enforce"])
    .map((o) => o.metadata!.name!);
  const nodeTaints = new Map(objects.filter((o) => o.kind === "Node").map((o) => [o.metadata!.name!, (o as V1Node).spec?.taints ?? []]));
  const total = opts.pods ?? (opts.podsPerNode ?? 0) * linuxNodes.length;
  const seed = opts.seed ?? 42;
  return {
    objects,
    podCount: total > 0 && appNamespaces.length > 0 ? total : 0,
    pods: () => (total > 0 && appNamespaces.length > 0 ? syntheticPods(seed, total, linuxNodes, nodeTaints, appNamespaces) : [][Symbol.iterator]()),
  };
}

// Node agents every AKS Linux node runs (DaemonSets in kube-system), as the first pods of each node.
const NODE_AGENTS: { workload: string; containers: ContainerShape[] }[] = [
  { workload: "kube-proxy", containers: [{ name: "kube-proxy", image: "mcr.microsoft.com/oss/kubernetes/kube-proxy:v1.36.3", requests: { cpu: "100m", memory: "64Mi" }, limits: { memory: "256Mi" } }] },
  { workload: "azure-cns", containers: [{ name: "cni-installer", image: "mcr.microsoft.com/containernetworking/azure-cns:v1.6.21", init: true, requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "64Mi" } }, { name: "cns-container", image: "mcr.microsoft.com/containernetworking/azure-cns:v1.6.21", requests: { cpu: "40m", memory: "250Mi" }, limits: { cpu: "40m", memory: "250Mi" } }] },
  {
    workload: "csi-azuredisk-node",
    containers: [
      { name: "node-driver-registrar", image: "mcr.microsoft.com/oss/kubernetes-csi/csi-node-driver-registrar:v2.13.0", requests: { cpu: "10m", memory: "20Mi" }, limits: { memory: "100Mi" } },
      { name: "azuredisk", image: "mcr.microsoft.com/oss/kubernetes-csi/azuredisk-csi:v1.33.1", requests: { cpu: "10m", memory: "20Mi" }, limits: { memory: "1000Mi" } },
    ],
  },
];
const APPS = ["api", "web", "worker", "cache", "gateway", "scheduler", "consumer", "indexer"];
// Names as Kubernetes makes them (k8s.io/apimachinery rand.SafeEncodeString: no vowels, no look-alikes).
const SAFE = "bcdfghjklmnpqrstvwxz2456789";

function safeString(n: number, len: number): string {
  let out = "";
  for (let i = 0; i < len; i++) {
    out += SAFE[n % SAFE.length];
    n = Math.floor(n / SAFE.length);
  }
  return out;
}

/**
 * `total` Running pods spread evenly over the Linux nodes: the node agents first on each node, then app pods of
 * a few Deployments per namespace. App containers mostly declare requests and memory limits (CPU requests stay
 * at most 500m, the LimitRange default limit); a tenth declare nothing and take the namespace's LimitRange defaults.
 */
function* syntheticPods(seed: number, total: number, nodes: string[], taints: Map<string, V1Taint[]>, namespaces: string[]): Generator<KubernetesObject> {
  const rand = rng(seed + 1);
  const hex = () => Array.from({ length: 8 }, () => Math.floor(rand() * 4294967296).toString(16).padStart(8, "0")).join("");
  const uid = () => {
    const h = hex();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
  const hash = (name: string) => safeString([...name].reduce((a, c) => (Math.imul(a, 31) + c.charCodeAt(0)) >>> 0, seed), 10);
  const owners = new Map<string, string>();
  const ownerUid = (key: string) => owners.get(key) ?? (owners.set(key, uid()), owners.get(key)!);
  const now = Date.now();
  let n = 0;
  for (let j = 0; j < nodes.length; j++) {
    const node = nodes[j]!;
    const count = Math.floor(total / nodes.length) + (j < total % nodes.length ? 1 : 0);
    const tolerations = (taints.get(node) ?? []).map((t) => ({ key: t.key, operator: "Equal", value: t.value, effect: t.effect }));
    for (let i = 0; i < count; i++, n++) {
      // A bijection on 0..27^5-1 (the multiplier is prime to 27): unique suffixes that do not look sequential.
      const suffix = safeString((n * 7919) % 14348907, 5);
      const common = {
        nodeName: node,
        hostIP: `10.224.${(j >> 8) & 255}.${j & 255}`,
        podIP: `10.${244 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`,
        ageSeconds: 3600 + Math.floor(rand() * 30 * 86400),
        hex,
        volumeSuffix: safeString(Math.floor(rand() * 14348907), 5),
      };
      if (i < NODE_AGENTS.length) {
        const agent = NODE_AGENTS[i]!;
        const templateHash = hash(agent.workload).slice(0, 9);
        yield withStatus({
          ...common,
          name: `${agent.workload}-${suffix}`,
          namespace: "kube-system",
          workload: agent.workload,
          owner: { kind: "DaemonSet", name: agent.workload, uid: ownerUid(agent.workload) },
          templateHash,
          hostNetwork: true,
          privileged: true,
          containers: agent.containers,
          tolerations: [{ operator: "Exists" }],
        }, now);
        continue;
      }
      const namespace = namespaces[Math.floor(rand() * namespaces.length)]!;
      const workload = `${namespace.split("-")[0]}-${APPS[Math.floor(rand() * APPS.length)]}`;
      const templateHash = hash(`${namespace}/${workload}`);
      const cpu = 50 + Math.floor(rand() * 450);
      const memory = 64 + Math.floor(rand() * 960);
      // Half the apps serve HTTP (a port and a readiness probe); the others are workers.
      const port = rand() < 0.5 ? 8080 : undefined;
      const app: ContainerShape =
        rand() < 0.1
          ? { name: "app", image: `registry.example/${workload}:1.${Math.floor(rand() * 40)}`, port }
          : {
              name: "app",
              image: `registry.example/${workload}:1.${Math.floor(rand() * 40)}`,
              port,
              requests: { cpu: `${cpu}m`, memory: `${memory}Mi` },
              limits: { ...(rand() < 0.5 ? { cpu: `${cpu * 2}m` } : {}), memory: `${memory * 2}Mi` },
            };
      const containers: ContainerShape[] = [app];
      if (rand() < 0.15) containers.unshift({ name: "migrate", image: app.image, init: true, requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "64Mi" } });
      if (rand() < 0.2) containers.push({ name: "proxy", image: "registry.example/envoy:1.34", sidecar: true, requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } });
      yield withStatus({
        ...common,
        name: `${workload}-${templateHash}-${suffix}`,
        namespace,
        workload,
        owner: { kind: "ReplicaSet", name: `${workload}-${templateHash}`, uid: ownerUid(`${namespace}/${workload}`) },
        templateHash,
        containers,
        tolerations,
      }, now);
    }
  }
}

function withStatus(shape: PodShape, now: number): KubernetesObject {
  return { ...podObject(shape), status: runningStatus(shape, now) } as KubernetesObject;
}
