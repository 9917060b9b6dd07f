// The Kubernetes version Resource Manager reports for the control plane and every pool, against the operator
// release's support window (lib/data/operator-releases.ts) and AKS's own support (lib/data/aks-versions.ts).
// Readable before any node exists and when the API server is not reachable from the dashboard.
import { defineCheck } from "@/lib/engine/check";
import { compareMinor, findRelease, parseMinor } from "@/lib/data/operator-releases";
import { AKS_VERSIONS_AS_OF, AKS_VERSIONS_SOURCE, aksSupportOf } from "@/lib/data/aks-versions";
import type { Evidence, Status } from "@/lib/engine/types";
import { DOCS } from "@/lib/checks/sections";
import { AZURE_DOCS, azClusterArgs, onlyAks } from "./common";

function minorOf(v: string | undefined): string | undefined {
  if (!v) return undefined;
  try {
    const [a, b] = parseMinor(v);
    return `${a}.${b}`;
  } catch {
    return undefined;
  }
}

const rank: Record<Status, number> = { fail: 3, unknown: 2, warn: 1, pass: 0, manual: 0, "not-applicable": 0 };

export const aksKubernetesVersion = defineCheck({
  id: "az.kubernetes-version",
  title: "AKS control plane and node pool versions supported",
  section: "cluster",
  severity: "blocking",
  checklistItem: "kubernetes-version",
  docs: [DOCS.supportMatrix, AZURE_DOCS.aksVersions, AZURE_DOCS.upgrade],
  needs: ["az.managedCluster"],
  notApplicable: onlyAks,
  evaluate(facts, ctx) {
    const c = facts.get("az.managedCluster");
    const release = findRelease(ctx.plan.operatorVersion);
    if (!release) return { status: "unknown", summary: "Unknown operator release.", reason: `No support data for operator ${ctx.plan.operatorVersion}.` };
    const cpVersion = c.currentKubernetesVersion ?? c.kubernetesVersion;
    const cp = minorOf(cpVersion);
    if (!cp) return { status: "unknown", summary: "Resource Manager reported no Kubernetes version for the control plane.", reason: `currentKubernetesVersion=${c.currentKubernetesVersion ?? "absent"}` };

    let status: Status = "pass";
    const problems: string[] = [];
    const raise = (s: Status, why: string) => {
      if (rank[s] > rank[status]) status = s;
      problems.push(why);
    };
    const evidence: Evidence[] = [
      { label: "Control plane", value: `${cpVersion} (support plan ${c.supportPlan ?? "KubernetesOfficial"}, tier ${c.sku?.tier ?? "?"})` },
      { label: `Operator ${release.version}`, value: `supports ${release.minimumKubernetes}+, tested ${release.testedFrom}–${release.testedTo}`, detail: release.source },
    ];

    // Operator window, judged on every version that will run operator pods: the control plane and each Linux pool.
    const versions = new Map<string, string[]>([[cp, ["control plane"]]]);
    for (const p of c.agentPoolProfiles) {
      const v = minorOf(p.currentOrchestratorVersion ?? p.orchestratorVersion);
      evidence.push({ label: `Pool ${p.name}`, value: p.currentOrchestratorVersion ?? p.orchestratorVersion ?? "version not reported" });
      if (!v) continue;
      versions.set(v, [...(versions.get(v) ?? []), `pool ${p.name}`]);
      const skew = compareMinor(cp, v);
      if (skew < 0) raise("fail", `pool ${p.name} (${v}) is newer than the control plane (${cp}), which Kubernetes does not allow`);
      else if (skew > 3) raise("fail", `pool ${p.name} (${v}) is ${skew} minors behind the control plane (${cp}); kubelets may be at most 3 behind`);
      else if (skew > 0) raise("warn", `pool ${p.name} (${v}) lags the control plane (${cp}); upgrade it before the next control-plane upgrade`);
    }
    for (const [v, where] of versions) {
      if (compareMinor(v, release.minimumKubernetes) < 0) raise("fail", `${where.join(", ")} run ${v}, below operator ${release.version}'s minimum ${release.minimumKubernetes}`);
      else if (compareMinor(v, release.testedTo) > 0) raise("warn", `${where.join(", ")} run ${v}, newer than operator ${release.version} was tested on (${release.testedTo})`);
      else if (compareMinor(v, release.testedFrom) < 0) raise("warn", `${where.join(", ")} run ${v}, in maintenance support only for operator ${release.version} (tested from ${release.testedFrom})`);
    }

    // AKS's support for the control plane's minor.
    const aks = aksSupportOf(cp, c.supportPlan);
    evidence.push({ label: `AKS support (data as of ${AKS_VERSIONS_AS_OF})`, value: aks.kind + (aks.entry ? `; community support until ${aks.entry.endOfLife}${aks.entry.ltsEnd ? `, LTS until ${aks.entry.ltsEnd}` : ""}` : ""), detail: AKS_VERSIONS_SOURCE });
    if (aks.kind === "unsupported") raise("warn", aks.entry?.ltsEnd ? `AKS supports ${cp} only with the LTS plan (Premium tier), which this cluster does not have` : `AKS no longer supports ${cp} (or it is not in the data)`);
    if (aks.kind === "preview") raise("warn", `${cp} is a preview version in AKS`);

    const args = azClusterArgs(ctx);
    if (status === "pass") {
      const lts = aks.kind === "lts-only" ? " (AKS long-term support)" : "";
      return { status: "pass", summary: `Control plane and ${c.agentPoolProfiles.length} pool(s) run Kubernetes ${[...versions.keys()].join(", ")}, inside operator ${release.version}'s tested range and supported by AKS${lts}.`, evidence };
    }
    return {
      status,
      summary: `${problems[0]![0]!.toUpperCase()}${problems[0]!.slice(1)}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}.`,
      evidence: [...evidence, ...problems.map((p, i) => ({ label: `Finding ${i + 1}`, value: p }))],
      remediation: {
        text: `Bring the control plane and every pool to a Kubernetes version in ${release.testedFrom}–${release.testedTo} that AKS supports, or choose an operator release that supports ${cp}.`,
        commands: [`az aks get-upgrades ${args} --output table`, `az aks upgrade ${args} --kubernetes-version <version>`, ...c.agentPoolProfiles.filter((p) => minorOf(p.currentOrchestratorVersion ?? p.orchestratorVersion) !== cp).map((p) => `az aks nodepool upgrade ${args.replace("--name", "--cluster-name")} --name ${p.name} --kubernetes-version ${cpVersion}`)],
      },
    };
  },
});
