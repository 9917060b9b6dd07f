import type { V1Node } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { NO_POOL, toNodeFact } from "./nodes";

const aksNode: V1Node = {
  metadata: {
    name: "aks-system-000000",
    labels: {
      "kubernetes.io/arch": "amd64",
      "kubernetes.io/os": "linux",
      "kubernetes.azure.com/agentpool": "system",
      agentpool: "system",
      "node.kubernetes.io/instance-type": "Standard_D4ds_v5",
      "topology.kubernetes.io/zone": "westeurope-1",
      "kubernetes.azure.com/os-sku": "Ubuntu",
      "kubernetes.azure.com/mode": "system",
      "node-role.kubernetes.io/agent": "",
      "kubernetes.azure.com/node-image-version": "AKSUbuntu-2204gen2containerd-202511.01.0",
      "kubernetes.azure.com/cluster": "MC_rg_cluster_westeurope",
    },
  },
  spec: { taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" }] },
  status: {
    allocatable: { cpu: "3860m", memory: "13Gi", "ephemeral-storage": "118Gi", pods: "110" },
    nodeInfo: {
      architecture: "amd64",
      operatingSystem: "linux",
      containerRuntimeVersion: "containerd://1.7.27-1",
      kubeletVersion: "v1.36.3",
      bootID: "",
      kernelVersion: "",
      kubeProxyVersion: "",
      machineID: "",
      osImage: "",
      systemUUID: "",
    },
    conditions: [
      { type: "MemoryPressure", status: "False" },
      { type: "Ready", status: "True" },
    ],
  },
};

describe("toNodeFact", () => {
  it("keeps only the labels checks read, and parses allocatable", () => {
    const f = toNodeFact(aksNode);
    expect(f).toEqual({
      name: "aks-system-000000",
      labels: {
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/os": "linux",
        "kubernetes.azure.com/agentpool": "system",
        agentpool: "system",
        "node.kubernetes.io/instance-type": "Standard_D4ds_v5",
        "topology.kubernetes.io/zone": "westeurope-1",
        "kubernetes.azure.com/os-sku": "Ubuntu",
        "kubernetes.azure.com/mode": "system",
        "node-role.kubernetes.io/agent": "",
      },
      arch: "amd64",
      os: "linux",
      pool: "system",
      taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" }],
      allocatable: { cpuMillis: 3860, memoryBytes: 13 * 2 ** 30, ephemeralStorageBytes: 118 * 2 ** 30, pods: 110 },
      containerRuntime: "containerd://1.7.27-1",
      kubeletVersion: "v1.36.3",
      ready: true,
      unschedulable: false,
    });
  });

  it("falls back to nodeInfo for arch/os and marks nodes without a pool label", () => {
    const f = toNodeFact({
      metadata: { name: "worker-1", labels: {} },
      spec: { unschedulable: true, taints: [{ key: "node.kubernetes.io/unreachable", effect: "NoExecute" }] },
      status: { nodeInfo: { ...aksNode.status!.nodeInfo!, architecture: "arm64" }, conditions: [{ type: "Ready", status: "Unknown" }] },
    });
    expect(f.arch).toBe("arm64");
    expect(f.os).toBe("linux");
    expect(f.pool).toBe(NO_POOL);
    expect(f.ready).toBe(false);
    expect(f.unschedulable).toBe(true);
    expect(f.taints).toEqual([{ key: "node.kubernetes.io/unreachable", effect: "NoExecute" }]);
    expect(f.allocatable).toEqual({ cpuMillis: null, memoryBytes: null, ephemeralStorageBytes: null, pods: null });
  });
});

describe("nodesCollector", () => {
  it("reads the node list in pages of 500 as raw JSON, following continue tokens", async () => {
    const { nodesCollector } = await import("./nodes");
    const pages = [
      { items: [aksNode], metadata: { continue: "t1" } },
      { items: [{ ...aksNode, metadata: { ...aksNode.metadata, name: "aks-system-000001" } }], metadata: { continue: "" } },
    ];
    const paths: string[] = [];
    const requests: string[] = [];
    const client = {
      server: "https://k",
      getJson: async (ctx: { noteRequest(d: string): void }, d: string, path: string) => (ctx.noteRequest(d), paths.push(path), pages[paths.length - 1]),
    };
    const { parsePlan } = await import("@/lib/engine/plan");
    const out = await nodesCollector.collect(
      {
        plan: parsePlan({}),
        target: { kind: "kubeconfig", name: "t", context: "t", server: "https://k" },
        signal: new AbortController().signal,
        noteRequest: (d) => requests.push(d),
        clients: { kubernetes: client as never },
      },
      new Map(),
    );
    expect(paths).toEqual(["/api/v1/nodes?limit=500", "/api/v1/nodes?limit=500&continue=t1"]);
    expect(requests).toEqual(["GET /api/v1/nodes?limit=500", "GET /api/v1/nodes?limit=500 (page 2)"]);
    expect((out["k8s.nodes"] as { name: string }[]).map((n) => n.name)).toEqual(["aks-system-000000", "aks-system-000001"]);
  });
});
