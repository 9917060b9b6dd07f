// Unit-test helpers for checks: facts as a store, one check evaluated the way the engine does it.
import type { NodeFact } from "@/lib/collect/kubernetes/nodes";
import type { AnyCheck } from "@/lib/engine/check";
import type { FactKey, FactStore, FactTypes } from "@/lib/engine/facts";
import { parsePlan, type PlanInput } from "@/lib/engine/plan";
import { evaluateAll } from "@/lib/engine/run";
import type { CheckResult, FactError } from "@/lib/engine/types";

export type FactsInput = { [K in FactKey]?: FactTypes[K] | { error: FactError } };

export function storeOf(input: FactsInput): FactStore {
  const store: FactStore = new Map();
  for (const [key, v] of Object.entries(input)) {
    const source = { collector: "test", requests: [`GET ${key}`] };
    if (v && typeof v === "object" && "error" in v && Object.keys(v).length === 1) store.set(key, { ok: false, error: (v as { error: FactError }).error, source, durationMs: 1 });
    else store.set(key, { ok: true, value: v, source, durationMs: 1 });
  }
  return store;
}

export function evaluateCheck(check: AnyCheck, input: FactsInput, plan: PlanInput = {}): CheckResult {
  const ctx = { plan: parsePlan(plan), target: { kind: "kubeconfig" as const, name: "test", context: "aks-test", server: "https://aks-test:443" } };
  return evaluateAll([check], storeOf(input), ctx)[0]!;
}

const GiB = 2 ** 30;

/** An AKS-like node; defaults are a Ready, untainted linux/amd64 user-pool node with 7.82 cores and 28 GiB. */
export function node(name: string, over: Partial<NodeFact> & { cpu?: number; memGi?: number; ephemeralGi?: number; pods?: number } = {}): NodeFact {
  const { cpu = 7820, memGi = 28, ephemeralGi = 118, pods = 110, ...rest } = over;
  return {
    name,
    labels: {},
    arch: "amd64",
    os: "linux",
    pool: "user",
    taints: [],
    allocatable: { cpuMillis: cpu, memoryBytes: memGi * GiB, ephemeralStorageBytes: ephemeralGi * GiB, pods },
    containerRuntime: "containerd://1.7.27-1",
    kubeletVersion: "v1.36.3",
    ready: true,
    unschedulable: false,
    ...rest,
  };
}

/** The integration cluster's baseline nodes (test/cluster/nodes.ts), for unit tests that mirror it. */
export function baselineNodes(): NodeFact[] {
  return [
    node("aks-system-000000", { pool: "system", cpu: 3860, memGi: 13, taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" }] }),
    node("aks-user-000000"),
    node("aks-user-000001"),
    node("aks-arm-000000", { pool: "arm", arch: "arm64", cpu: 3860, memGi: 13, containerRuntime: "containerd://2.0.5" }),
    node("akswin000000", { pool: "win", os: "windows", taints: [{ key: "os", value: "windows", effect: "NoSchedule" }] }),
  ];
}
