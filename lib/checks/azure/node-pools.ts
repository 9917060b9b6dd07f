// Node pools as Resource Manager describes them, so pools with no node yet (count 0, autoscaled to zero) are judged
// too: OS, VM size → CPU architecture, FIPS images, taints against the operator DaemonSets' tolerations, OS disk
// room for the CSI driver, Windows pools.
import { defineCheck } from "@/lib/engine/check";
import { DEFAULT_TOLERATED_TAINTS, plannedComponents, type ComponentId } from "@/lib/data/operator-components";
import type { AgentPoolFact } from "@/lib/collect/azure/managed-cluster";
import type { Evidence, Status } from "@/lib/engine/types";
import { DOCS } from "@/lib/checks/sections";
import { AZURE_DOCS, azClusterArgs, onlyAks } from "./common";

/**
 * CPU architecture from the VM size name (reference §2.4): the lower-case additive-feature letter `p` means Arm
 * (Standard_D4ps_v5, Standard_E4pds_v5, Standard_B2pts_v2). Grace (GB200) sizes are Arm without a `p`.
 */
export function architectureOfVmSize(vmSize: string | undefined): "arm64" | "amd64" | undefined {
  if (!vmSize) return undefined;
  if (/GB\d{3}/i.test(vmSize)) return "arm64";
  const m = /^Standard_([A-Z]+)(\d+)(-\d+)?([a-z]*)(_|$)/.exec(vmSize);
  if (!m) return undefined;
  return m[4]!.includes("p") ? "arm64" : "amd64";
}

export interface PoolTaint {
  key: string;
  value?: string;
  effect: string;
}

export function parsePoolTaint(t: string): PoolTaint | undefined {
  const m = /^([^=:]+)(?:=([^:]*))?:(\w+)$/.exec(t.trim());
  return m ? { key: m[1]!, value: m[2] || undefined, effect: m[3]! } : undefined;
}

/** Kubelet data (images, emptyDir, the CSI driver's data directory) shares the OS disk unless kubeletDiskType is Temporary. */
export const SMALL_OS_DISK_GB = 64;

const COMPONENT_LABEL: Record<ComponentId, string> = { operator: "operator", webhook: "webhook", "csi-driver": "CSI driver", activegate: "ActiveGate", oneagent: "OneAgent" };

export const aksNodePools = defineCheck({
  id: "az.node-pools",
  title: "AKS node pools fit the operator's DaemonSets",
  section: "cluster",
  severity: "blocking",
  docs: [AZURE_DOCS.arm64, AZURE_DOCS.fips, AZURE_DOCS.ephemeralOsDisk, DOCS.storage, DOCS.components],
  needs: ["az.agentPools"],
  notApplicable: onlyAks,
  evaluate(facts, ctx) {
    const pools = facts.get("az.agentPools");
    if (!pools.length) return { status: "unknown", summary: "Resource Manager listed no node pools.", reason: "agentPools.list returned nothing" };
    const args = azClusterArgs(ctx).replace("--name", "--cluster-name");
    const daemonSets = plannedComponents(ctx.plan).filter((c) => c.perNode).map((c) => c.id);
    const fullStack = ctx.plan.mode === "full-stack";
    const evidence: Evidence[] = [];
    const findings: { status: Status; text: string; commands?: string[] }[] = [];
    const linux: AgentPoolFact[] = [];

    for (const p of pools) {
      const arch = architectureOfVmSize(p.vmSize);
      const isWindows = p.osType?.toLowerCase() === "windows";
      const nodes = p.enableAutoScaling ? `${p.count ?? 0} nodes (autoscale ${p.minCount ?? "?"}–${p.maxCount ?? "?"})` : `${p.count ?? 0} nodes`;
      evidence.push({
        label: `Pool ${p.name}`,
        value: `${p.mode ?? "?"}, ${p.osType ?? "?"}/${p.osSku ?? "?"}, ${p.vmSize ?? "?"} (${arch ?? "architecture unknown"}), ${nodes}, OS disk ${p.osDiskSizeGB ?? "default"} GB ${p.osDiskType ?? ""}${p.enableFips ? ", FIPS" : ""}${p.nodeTaints.length ? `, taints ${p.nodeTaints.join(" ")}` : ""}`,
      });
      if (isWindows) {
        findings.push({ status: "warn", text: `pool ${p.name} is Windows: no Dynatrace pods run there and its workloads are not monitored by the operator` });
        continue;
      }
      linux.push(p);
      if (!arch) findings.push({ status: "warn", text: `the CPU architecture of pool ${p.name}'s VM size ${p.vmSize ?? "(none)"} is not known from its name; check it with the nodes' kubernetes.io/arch label` });
      if (arch === "arm64" && fullStack) {
        findings.push({ status: "warn", text: `pool ${p.name} (${p.vmSize}) is Arm64: the OneAgent image from the tenant registry is amd64 only, so full-stack monitoring does not cover it` });
      }
      if (p.enableFips) findings.push({ status: "warn", text: `pool ${p.name} runs FIPS-enabled node images: use Dynatrace's FIPS-compliant operator and component images if FIPS is required there` });

      const untolerated = p.nodeTaints
        .map(parsePoolTaint)
        .filter((t): t is PoolTaint => !!t && (t.effect === "NoSchedule" || t.effect === "NoExecute"));
      for (const ds of daemonSets) {
        const blocked = untolerated.filter((t) => !DEFAULT_TOLERATED_TAINTS[ds].includes(t.key));
        if (blocked.length) {
          const tolerations = blocked.map((t) => `{key: "${t.key}", operator: "Exists", effect: "${t.effect}"}`).join(", ");
          findings.push({
            status: "warn",
            text: `the ${COMPONENT_LABEL[ds]} DaemonSet does not tolerate pool ${p.name}'s taint(s) ${blocked.map((t) => `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`).join(", ")}; ${ds === "csi-driver" ? "pods injected there will wait for a CSI volume that never comes" : "those nodes are not monitored"}. Add tolerations: [${tolerations}]`,
          });
        }
      }

      const kubeletOnOsDisk = (p.kubeletDiskType ?? "OS") === "OS";
      if (ctx.plan.csiDriver && kubeletOnOsDisk && p.osDiskSizeGB !== undefined && p.osDiskSizeGB > 0 && p.osDiskSizeGB < SMALL_OS_DISK_GB) {
        findings.push({
          status: "warn",
          text: `pool ${p.name} has a ${p.osDiskSizeGB} GB ${p.osDiskType === "Ephemeral" ? "ephemeral " : ""}OS disk that also holds images and kubelet data; the CSI driver needs about 1–2 GB per node for the code-module cache on top of the node's images`,
          commands: [`az aks nodepool add ${args} --name <new-pool> --node-vm-size ${p.vmSize ?? "<vm-size>"} --node-osdisk-size 128`],
        });
      }
    }

    if (!linux.length) {
      return {
        status: "fail",
        summary: "The cluster has no Linux node pool: the operator, webhook and CSI driver need Linux nodes.",
        evidence,
        remediation: { text: "Add a Linux node pool.", commands: [`az aks nodepool add ${args} --name linux --os-type Linux --node-count 2`] },
      };
    }
    if (!findings.length) {
      return { status: "pass", summary: `${linux.length} Linux pool(s) with known architectures, no taint the operator's DaemonSets miss, OS disks large enough.`, evidence };
    }
    return {
      status: "warn",
      summary: `${findings[0]!.text[0]!.toUpperCase()}${findings[0]!.text.slice(1)}${findings.length > 1 ? ` (and ${findings.length - 1} more)` : ""}.`,
      evidence: [...evidence, ...findings.map((f, i) => ({ label: `Finding ${i + 1}`, value: f.text }))],
      remediation: {
        text: "Review each finding: add the tolerations to the DynaKube / Helm values (csidriver.tolerations), plan FIPS images, and give pools that run the CSI driver enough OS disk.",
        commands: [`az aks nodepool list ${args} --query "[].{name:name, os:osType, size:vmSize, disk:osDiskSizeGB, taints:nodeTaints, fips:enableFips}" -o table`, ...findings.flatMap((f) => f.commands ?? [])],
      },
    };
  },
});
