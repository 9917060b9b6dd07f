// Synthetic large clusters for benchmarks: AKS-like pools with a realistic mix of architectures, OSes,
// taints and sizes, and namespaces with labels, ResourceQuotas, LimitRanges and NetworkPolicies.
// Deterministic for a given seed, so two benchmark runs see the same cluster.
import type { KubernetesObject } from "@kubernetes/client-node";
import { aksNode, type NodeSpec } from "./nodes";

export interface SyntheticClusterOptions {
  nodes: number;
  namespaces: number;
  /** Pods bound to each Linux node (spec.nodeName set, as the scheduler would), with requests. */
  podsPerNode?: number;
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

export function syntheticCluster(opts: SyntheticClusterOptions): KubernetesObject[] {
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
  // Pods go into namespaces without a restricted/baseline label, and are restricted-compliant anyway.
  const podNamespaces = objects
    .filter((o) => o.kind === "Namespace" && !(o.metadata?.labels ?? {})["pod-security.kubernetes.io/enforce"])
    .map((o) => o.metadata!.name!);
  const perNode = opts.podsPerNode ?? 0;
  if (perNode > 0 && podNamespaces.length > 0) {
    let n = 0;
    for (const node of linuxNodes) {
      for (let i = 0; i < perNode; i++) {
        const namespace = podNamespaces[Math.floor(rand() * podNamespaces.length)]!;
        objects.push({
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: `app-${String(n++).padStart(6, "0")}`, namespace, labels: { app: "synthetic" } },
          spec: {
            nodeName: node,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            containers: [
              {
                name: "app",
                image: "registry.example/app:1.0",
                resources: { requests: { cpu: `${50 + Math.floor(rand() * 450)}m`, memory: `${64 + Math.floor(rand() * 960)}Mi` } },
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
              },
            ],
          },
        } as KubernetesObject);
      }
    }
  }
  return objects;
}
