// Which nodes can run Dynatrace pods: operator, webhook and CSI driver need linux on amd64/arm64/ppc64le/s390x;
// OneAgent and ActiveGate images from the tenant registry are amd64-only (required node affinity).
import { defineCheck } from "@/lib/engine/check";
import type { Mode } from "@/lib/engine/plan";
import type { Evaluation, Evidence } from "@/lib/engine/types";
import type { NodeFact } from "@/lib/collect/kubernetes/nodes";
import { SUPPORTED_ARCHITECTURES } from "@/lib/data/operator-components";
import { DOCS } from "@/lib/checks/sections";

interface PoolSummary {
  pool: string;
  count: number;
  archs: string[];
  oses: string[];
  nodes: string[];
}

export function poolsOf(nodes: readonly NodeFact[]): PoolSummary[] {
  const byPool = new Map<string, PoolSummary>();
  for (const n of nodes) {
    const p = byPool.get(n.pool) ?? { pool: n.pool, count: 0, archs: [], oses: [], nodes: [] };
    p.count++;
    if (!p.archs.includes(n.arch || "(unknown)")) p.archs.push(n.arch || "(unknown)");
    if (!p.oses.includes(n.os || "(unknown)")) p.oses.push(n.os || "(unknown)");
    p.nodes.push(n.name);
    byPool.set(n.pool, p);
  }
  return [...byPool.values()].sort((a, b) => a.pool.localeCompare(b.pool));
}

const isSupportedArch = (arch: string) => (SUPPORTED_ARCHITECTURES as readonly string[]).includes(arch);
const list = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(", ");
const nodeCount = (n: number) => `${n} node${n === 1 ? "" : "s"}`;

export const nodeArchitecture = defineCheck({
  id: "k8s.node-architecture",
  title: "Node architecture and operating system",
  section: "cluster",
  severity: "blocking",
  docs: [DOCS.supportMatrix, DOCS.deployment],
  needs: ["k8s.nodes"],
  evaluate(facts, { plan, target }): Evaluation {
    const nodes = facts.get("k8s.nodes");
    const pools = poolsOf(nodes);
    const evidence: Evidence[] = pools.map((p) => ({
      label: `Pool ${p.pool}`,
      value: `${nodeCount(p.count)}, ${p.archs.join("+")}, ${p.oses.join("+")}`,
      detail: p.nodes.length <= 10 ? p.nodes.join(", ") : `${p.nodes.slice(0, 10).join(", ")} and ${p.nodes.length - 10} more`,
    }));
    const listNodes = `kubectl --context ${target.context} get nodes -L kubernetes.io/arch,kubernetes.io/os,kubernetes.azure.com/agentpool`;

    if (nodes.length === 0) {
      return {
        status: "fail",
        summary: "The cluster has no nodes, so no Dynatrace pod can run.",
        evidence,
        remediation: { text: "Add a Linux node pool (amd64 or arm64) before installing the operator.", commands: [listNodes] },
      };
    }

    const linux = nodes.filter((n) => n.os === "linux");
    const usable = linux.filter((n) => isSupportedArch(n.arch));
    if (usable.length === 0) {
      return {
        status: "fail",
        summary: `None of the ${nodeCount(nodes.length)} runs Linux on a supported architecture (${SUPPORTED_ARCHITECTURES.join(", ")}); the operator, webhook and CSI driver cannot be scheduled.`,
        evidence,
        remediation: {
          text: "Add a Linux node pool on amd64 or arm64. Dynatrace pods require kubernetes.io/os=linux and one of the supported architectures.",
          commands: ["az aks nodepool add --resource-group <resource-group> --cluster-name <cluster> --name linux --os-type Linux --node-count 2", listNodes],
        },
      };
    }

    const warnings: string[] = [];
    const failures: string[] = [];
    const remedies: string[] = [];
    const poolNames = (pred: (p: PoolSummary) => boolean) => pools.filter(pred).map((p) => p.pool);

    const windowsPools = poolNames((p) => p.oses.includes("windows"));
    if (windowsPools.length > 0) {
      warnings.push(
        `Windows pool(s) ${list(windowsPools)} get no Dynatrace pods (all Dynatrace workloads require kubernetes.io/os=linux): applications on those nodes are not monitored.`,
      );
      remedies.push("Windows nodes cannot be monitored by the operator; run the workloads that must be monitored on Linux pools.");
    }

    const otherOs = poolNames((p) => p.oses.some((o) => o !== "linux" && o !== "windows"));
    if (otherOs.length > 0) warnings.push(`Pool(s) ${list(otherOs)} report an operating system other than linux or windows; no Dynatrace pods run there.`);

    const unsupportedArch = poolNames((p) => p.oses.includes("linux") && p.archs.some((a) => !isSupportedArch(a)));
    if (unsupportedArch.length > 0) {
      const archs = [...new Set(linux.filter((n) => !isSupportedArch(n.arch)).map((n) => n.arch || "(unknown)"))];
      warnings.push(`Linux pool(s) ${list(unsupportedArch)} run on ${archs.join(", ")}, which Dynatrace does not support; no Dynatrace pods run there.`);
    }

    const archOf = (a: string) => linux.filter((n) => n.arch === a);
    const nonAmdPools = (archs: string[]) => poolNames((p) => p.oses.includes("linux") && p.archs.some((a) => archs.includes(a)));
    const hasAmd64 = archOf("amd64").length > 0;
    const publicRegistry = `Use images from the public registry (public.ecr.aws/dynatrace, multi-arch) — DynaKube annotation feature.dynatrace.com/use-public-registry: "true" on "${plan.dynakubeName}" — or set multi-arch custom images for OneAgent/ActiveGate.`;

    if (!hasAmd64) {
      warnings.push(
        "There is no linux/amd64 node: with the default tenant-registry images, ActiveGate (and OneAgent) pods only schedule on amd64 and will stay Pending.",
      );
      remedies.push(publicRegistry);
    }

    const modeWarn = tenantRegistryWarning(plan.mode, nonAmdPools(["arm64", "ppc64le", "s390x"]));
    if (modeWarn && hasAmd64) {
      warnings.push(modeWarn);
      remedies.push(publicRegistry);
    }

    const s390xPools = nonAmdPools(["s390x"]);
    if (s390xPools.length > 0 && plan.mode === "full-stack") {
      const onlyS390x = usable.every((n) => n.arch === "s390x");
      const text = `On s390x only application injection is supported: full-stack monitoring does not cover pool(s) ${list(s390xPools)}.`;
      if (onlyS390x) failures.push(`${text} Every usable node is s390x, so full-stack observability cannot be deployed on this cluster.`);
      else warnings.push(text);
      remedies.push("Choose Application observability for s390x pools, or run full-stack only on amd64/arm64 pools.");
    }

    const supportedSummary = summarizeArchs(usable);
    if (failures.length > 0) {
      return { status: "fail", summary: failures.join(" "), evidence, remediation: { text: [...new Set(remedies)].join(" "), commands: [listNodes] } };
    }
    if (warnings.length > 0) {
      return {
        status: "warn",
        summary: `${nodeCount(usable.length)} can run Dynatrace pods (${supportedSummary}), with limits: ${warnings.join(" ")}`,
        evidence,
        remediation: { text: [...new Set(remedies)].join(" ") || "Review which pools Dynatrace pods will run on.", commands: [listNodes] },
      };
    }
    return { status: "pass", summary: `All ${nodeCount(nodes.length)} run Linux on a supported architecture (${supportedSummary}).`, evidence };
  },
});

function summarizeArchs(nodes: readonly NodeFact[]): string {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.arch, (counts.get(n.arch) ?? 0) + 1);
  return [...counts].map(([a, c]) => `${c}× linux/${a}`).join(", ");
}

function tenantRegistryWarning(mode: Mode, pools: string[]): string | undefined {
  if (pools.length === 0) return undefined;
  switch (mode) {
    case "full-stack":
      return `With the default tenant-registry images, OneAgent pods are amd64-only: hosts in pool(s) ${list(pools)} get no OneAgent and no full-stack monitoring.`;
    case "application":
      return `With the default tenant-registry images, Dynatrace's OneAgent and ActiveGate images are amd64-only: the ActiveGate runs only on amd64 nodes, never on pool(s) ${list(pools)}.`;
    case "platform":
      return undefined; // one ActiveGate on any amd64 node is enough
  }
}
