import { defineCheck } from "@/lib/engine/check";
import { compareMinor, findRelease } from "@/lib/data/operator-releases";
import { DOCS } from "@/lib/checks/sections";

export const kubernetesVersion = defineCheck({
  id: "k8s.version",
  title: "Kubernetes version supported by the operator release",
  section: "cluster",
  severity: "blocking",
  checklistItem: "kubernetes-version",
  docs: [DOCS.supportMatrix],
  needs: ["k8s.version"],
  evaluate(facts, { plan }) {
    const v = facts.get("k8s.version");
    const release = findRelease(plan.operatorVersion);
    if (!release) return { status: "unknown", summary: "Unknown operator release.", reason: `No support data for operator ${plan.operatorVersion}.` };
    const minor = `${v.major}.${v.minor.replace(/\D+$/, "")}`;
    const evidence = [
      { label: "Cluster version", value: v.gitVersion },
      { label: `Operator ${release.version}`, value: `supports ${release.minimumKubernetes}+, tested ${release.testedFrom}–${release.testedTo}`, detail: release.source },
    ];
    const upgrade = {
      text: `Upgrade the cluster to a Kubernetes version in ${release.testedFrom}–${release.testedTo}, or choose an operator release that supports ${minor}.`,
      commands: ["az aks get-upgrades --resource-group <resource-group> --name <cluster> --output table"],
    };
    if (compareMinor(minor, release.minimumKubernetes) < 0) {
      return { status: "fail", summary: `Kubernetes ${minor} is below the minimum ${release.minimumKubernetes} of operator ${release.version}.`, evidence, remediation: upgrade };
    }
    if (compareMinor(minor, release.testedTo) > 0) {
      return {
        status: "warn",
        summary: `Kubernetes ${minor} is newer than the range operator ${release.version} was tested on (${release.testedFrom}–${release.testedTo}).`,
        evidence,
        remediation: { text: "Check the support matrix for a newer operator release, or accept the risk of an untested combination.", commands: [] },
      };
    }
    if (compareMinor(minor, release.testedFrom) < 0) {
      return {
        status: "warn",
        summary: `Kubernetes ${minor} is in maintenance support only for operator ${release.version} (fully tested from ${release.testedFrom}).`,
        evidence,
        remediation: upgrade,
      };
    }
    return { status: "pass", summary: `Kubernetes ${minor} is inside the tested range of operator ${release.version}.`, evidence };
  },
});
