// Test support for check unit tests: evaluate one check over hand-written facts, through the engine's own
// evaluation (so a missing or failed fact becomes `unknown` exactly as in a run).
import type { AnyCheck } from "@/lib/engine/check";
import type { FactStore, FactTypes } from "@/lib/engine/facts";
import { parsePlan, type PlanInput } from "@/lib/engine/plan";
import { evaluateAll } from "@/lib/engine/run";
import type { CheckResult, FactError, Target } from "@/lib/engine/types";
import type { NodeFact } from "@/lib/collect/kubernetes/nodes";

export const TEST_TARGET: Target = { kind: "kubeconfig", name: "aks-prod", context: "aks-prod-admin", server: "https://aks-prod.hcp.westeurope.azmk8s.io:443" };

type Facts = { [K in keyof FactTypes]?: FactTypes[K] | FactError };

function isError(v: unknown): v is FactError {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "kind" in v && "message" in v && Object.keys(v).length === 2;
}

export function storeOf(facts: Facts): FactStore {
  const store: FactStore = new Map();
  for (const [key, v] of Object.entries(facts)) {
    const source = { collector: "test", requests: [`GET ${key}`] };
    store.set(key, isError(v) ? { ok: false, error: v, source, durationMs: 1 } : { ok: true, value: v, source, durationMs: 1 });
  }
  return store;
}

export function evaluateCheck(check: AnyCheck, facts: Facts, plan: PlanInput = {}): CheckResult {
  return evaluateAll([check], storeOf(facts), { plan: parsePlan(plan), target: TEST_TARGET })[0]!;
}

/** A Ready linux/amd64 AKS node; override what the test is about. */
export function nodeFact(name: string, over: Partial<NodeFact> = {}): NodeFact {
  const pool = over.pool ?? name.split("-")[1] ?? "nodepool1";
  const arch = over.arch ?? "amd64";
  const os = over.os ?? "linux";
  return {
    name,
    labels: { "kubernetes.io/arch": arch, "kubernetes.io/os": os, "kubernetes.azure.com/agentpool": pool, agentpool: pool },
    arch,
    os,
    pool,
    taints: [],
    allocatable: { cpuMillis: 7820, memoryBytes: 28 * 2 ** 30, ephemeralStorageBytes: 118 * 2 ** 30, pods: 110 },
    containerRuntime: "containerd://1.7.27-1",
    kubeletVersion: "v1.36.3",
    ready: true,
    unschedulable: false,
    ...over,
  };
}

/** The integration cluster's baseline nodes, as facts. */
export function baselineNodes(): NodeFact[] {
  return [
    nodeFact("aks-system-000000", { taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" }] }),
    nodeFact("aks-user-000000"),
    nodeFact("aks-user-000001"),
    nodeFact("aks-arm-000000", { arch: "arm64", containerRuntime: "containerd://2.0.5" }),
    nodeFact("akswin000000", { pool: "win", os: "windows", taints: [{ key: "os", value: "windows", effect: "NoSchedule" }], containerRuntime: "containerd://1.7.20+azure" }),
  ];
}
