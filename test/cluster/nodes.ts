// Node objects as a kubelet on AKS would register them: labels, taints, allocatable, nodeInfo, Ready.
import type { V1Node, V1Taint } from "@kubernetes/client-node";

export interface NodeSpec {
  name: string;
  pool: string;
  arch?: "amd64" | "arm64" | "ppc64le" | "s390x";
  os?: "linux" | "windows";
  vmSize?: string;
  zone?: string;
  osSku?: string;
  mode?: "System" | "User";
  taints?: V1Taint[];
  cpu?: string;
  memory?: string;
  ephemeralStorage?: string;
  pods?: string;
  runtime?: string;
  kubeletVersion?: string;
  ready?: boolean;
}

export function aksNode(s: NodeSpec): V1Node {
  const arch = s.arch ?? "amd64";
  const os = s.os ?? "linux";
  const kubelet = s.kubeletVersion ?? "v1.36.3";
  const allocatable = { cpu: s.cpu ?? "3860m", memory: s.memory ?? "13Gi", pods: s.pods ?? "110", "ephemeral-storage": s.ephemeralStorage ?? "118Gi" };
  const now = new Date().toISOString();
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: s.name,
      labels: {
        "kubernetes.io/arch": arch,
        "kubernetes.io/os": os,
        "kubernetes.io/hostname": s.name,
        "beta.kubernetes.io/arch": arch,
        "beta.kubernetes.io/os": os,
        agentpool: s.pool,
        "kubernetes.azure.com/agentpool": s.pool,
        "kubernetes.azure.com/mode": (s.mode ?? "User").toLowerCase(),
        "kubernetes.azure.com/os-sku": s.osSku ?? (os === "windows" ? "Windows2022" : "AzureLinux"),
        "node.kubernetes.io/instance-type": s.vmSize ?? (arch === "arm64" ? "Standard_D4ps_v5" : "Standard_D4s_v5"),
        "topology.kubernetes.io/region": "westeurope",
        "topology.kubernetes.io/zone": s.zone ?? "westeurope-1",
      },
    },
    spec: { taints: s.taints },
    status: {
      capacity: allocatable,
      allocatable,
      conditions: [
        {
          type: "Ready",
          status: s.ready === false ? "False" : "True",
          reason: s.ready === false ? "KubeletNotReady" : "KubeletReady",
          message: s.ready === false ? "container runtime network not ready" : "kubelet is posting ready status",
          lastHeartbeatTime: now as unknown as Date,
          lastTransitionTime: now as unknown as Date,
        },
      ],
      addresses: [{ type: "Hostname", address: s.name }],
      nodeInfo: {
        architecture: arch,
        operatingSystem: os,
        containerRuntimeVersion: s.runtime ?? "containerd://1.7.27-1",
        kubeletVersion: kubelet,
        kubeProxyVersion: "",
        osImage: os === "windows" ? "Windows Server 2022 Datacenter" : "CBL-Mariner/Linux",
        kernelVersion: os === "windows" ? "10.0.20348.2966" : "5.15.173.1-2.cm2",
        machineID: s.name.padEnd(32, "0").slice(0, 32),
        systemUUID: "00000000-0000-0000-0000-000000000000",
        bootID: "00000000-0000-0000-0000-000000000001",
      },
    },
  };
}

/** The nodes every integration test sees (documented in test/cluster/README.md). */
export const BASELINE_NODES: V1Node[] = [
  aksNode({ name: "aks-system-000000", pool: "system", mode: "System", taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" }] }),
  aksNode({ name: "aks-user-000000", pool: "user", cpu: "7820m", memory: "28Gi" }),
  aksNode({ name: "aks-user-000001", pool: "user", cpu: "7820m", memory: "28Gi", zone: "westeurope-2" }),
  aksNode({ name: "aks-arm-000000", pool: "arm", arch: "arm64", runtime: "containerd://2.0.5" }),
  aksNode({
    name: "akswin000000",
    pool: "win",
    os: "windows",
    vmSize: "Standard_D4s_v5",
    runtime: "containerd://1.7.20+azure",
    taints: [{ key: "os", value: "windows", effect: "NoSchedule" }],
  }),
];
