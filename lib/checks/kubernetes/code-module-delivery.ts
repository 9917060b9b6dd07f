// Image-volume delivery of code modules (operator 1.11+): the kubelet mounts the code modules image read-only into
// each injected pod, so the operator release, the API server and every node that runs monitored pods (kubelet and
// container runtime) must support image volumes with subPath mounts. The image's registry is attested separately
// (manual.image-volume-registry): the plan does not say where the code modules image comes from.
import type { NodeFact } from "@/lib/collect/kubernetes/nodes";
import { IMAGE_VOLUME, DELIVERY_DOCS, DELIVERY_LABELS, compareVersions, runtimeVersion } from "@/lib/data/code-module-delivery";
import { SUPPORTED_ARCHITECTURES } from "@/lib/data/operator-components";
import { compareMinor, findRelease } from "@/lib/data/operator-releases";
import { defineCheck } from "@/lib/engine/check";
import { codeModuleDelivery } from "@/lib/engine/plan";
import type { Evidence } from "@/lib/engine/types";
import { runtimeKind } from "./container-runtime";

const preview = (names: string[]) => (names.length <= 8 ? names.join(", ") : `${names.slice(0, 8).join(", ")} and ${names.length - 8} more`);

/** Nodes injected pods can run on: Linux nodes of an architecture code modules exist for. */
export function monitoredPodNodes(nodes: NodeFact[]): NodeFact[] {
  return nodes.filter((n) => n.os === "linux" && (SUPPORTED_ARCHITECTURES as readonly string[]).includes(n.arch));
}

/** Why the node cannot mount an image volume, "" when it can, undefined when its versions cannot be read. */
export function imageVolumeGap(n: NodeFact): string | undefined {
  const gaps: string[] = [];
  const kubelet = /^v?\d+\.\d+/.test(n.kubeletVersion) ? n.kubeletVersion : undefined;
  if (kubelet && compareMinor(kubelet, IMAGE_VOLUME.minimumKubernetes) < 0) gaps.push(`kubelet ${kubelet} (needs ${IMAGE_VOLUME.minimumKubernetes}+)`);
  const kind = runtimeKind(n.containerRuntime);
  const floor = IMAGE_VOLUME.runtimes.find((r) => r.runtime === kind);
  const version = runtimeVersion(n.containerRuntime);
  if (!floor) gaps.push(`${n.containerRuntime || "no runtime reported"} (needs containerd ${IMAGE_VOLUME.runtimes[0]!.minimum}+ or CRI-O ${IMAGE_VOLUME.runtimes[1]!.minimum}+)`);
  else if (version && compareVersions(version, floor.minimum) < 0) gaps.push(`${n.containerRuntime} (needs ${floor.runtime} ${floor.minimum}+)`);
  if (gaps.length) return gaps.join(", ");
  if (!kubelet || (floor && !version)) return undefined;
  return "";
}

export const codeModuleDeliveryCheck = defineCheck({
  id: "k8s.code-module-delivery",
  title: "The cluster supports the planned code-module delivery",
  section: "deployment-mode",
  severity: "blocking",
  docs: [IMAGE_VOLUME.docs, DELIVERY_DOCS],
  needs: ["k8s.version", "k8s.nodes"],
  notApplicable: ({ plan }) => {
    if (plan.mode === "platform") return "Platform monitoring injects no code modules.";
    const delivery = codeModuleDelivery(plan);
    if (delivery !== "image-volume") return `The plan delivers code modules by ${DELIVERY_LABELS[delivery]}, which needs no image-volume support (storage: k8s.ephemeral-storage; admission: k8s.admission-dry-run).`;
    return undefined;
  },
  evaluate(facts, { plan, target }) {
    const v = facts.get("k8s.version");
    const nodes = monitoredPodNodes(facts.get("k8s.nodes"));
    const release = findRelease(plan.operatorVersion);
    const cluster = `${v.major}.${v.minor.replace(/\D+$/, "")}`;
    const problems: string[] = [];
    const evidence: Evidence[] = [
      { label: "Delivery", value: DELIVERY_LABELS["image-volume"], detail: IMAGE_VOLUME.source },
      { label: "Operator release", value: plan.operatorVersion, detail: `image volumes need ${IMAGE_VOLUME.minimumOperator}+` },
      { label: "API server", value: v.gitVersion, detail: `image volumes need Kubernetes ${IMAGE_VOLUME.minimumKubernetes}+` },
    ];
    if (!release || compareVersions(release.version, IMAGE_VOLUME.minimumOperator) < 0) {
      problems.push(`operator ${plan.operatorVersion} does not deliver code modules by image volume (${IMAGE_VOLUME.minimumOperator}+ does)`);
    }
    if (compareMinor(cluster, IMAGE_VOLUME.minimumKubernetes) < 0) problems.push(`Kubernetes ${cluster} is below ${IMAGE_VOLUME.minimumKubernetes}`);

    const gaps = nodes.map((n) => ({ n, gap: imageVolumeGap(n) }));
    const lacking = gaps.filter((g) => g.gap);
    const unreadable = gaps.filter((g) => g.gap === undefined).map((g) => g.n.name);
    evidence.push({ label: "Nodes that run monitored pods", value: String(nodes.length), detail: "Linux nodes of a supported architecture" });
    if (lacking.length) {
      evidence.push({ label: "Nodes without image-volume support", value: String(lacking.length), detail: lacking.map((g) => `${g.n.name}: ${g.gap}`).join("\n") });
      problems.push(`${lacking.length} node(s) that would run monitored pods cannot mount image volumes: ${preview(lacking.map((g) => `${g.n.name} (${g.gap})`))}`);
    }
    if (unreadable.length) evidence.push({ label: "Nodes whose kubelet or runtime version is not reported", value: preview(unreadable) });
    evidence.push({
      label: "Code modules image",
      value: `from ${IMAGE_VOLUME.publicRepository} or a mirror of it, not the tenant registry`,
      detail: "Attested in manual.image-volume-registry: the plan does not say where the image comes from.",
    });

    const listCmd = `kubectl --context ${target.context} get nodes -o custom-columns=NAME:.metadata.name,KUBELET:.status.nodeInfo.kubeletVersion,RUNTIME:.status.nodeInfo.containerRuntimeVersion`;
    if (problems.length) {
      return {
        status: "fail",
        summary: `Image-volume delivery will not work: ${problems.join("; ")}. These are the documented prerequisites of image-volume injection.`,
        evidence,
        remediation: {
          text:
            `Upgrade to operator ${IMAGE_VOLUME.minimumOperator}+, Kubernetes ${IMAGE_VOLUME.minimumKubernetes}+ and node images with containerd ${IMAGE_VOLUME.runtimes[0]!.minimum}+ (or CRI-O ${IMAGE_VOLUME.runtimes[1]!.minimum}+) on every pool that runs monitored pods, ` +
            "or plan the CSI driver or ephemeral volumes instead.",
          commands: [listCmd, "az aks nodepool upgrade --resource-group <resource-group> --cluster-name <cluster> --name <pool> --kubernetes-version <1.35 or later>"],
        },
      };
    }
    if (nodes.length === 0) return { status: "unknown", summary: "No node would run monitored pods.", reason: "no Linux node of a supported architecture was found", evidence };
    if (unreadable.length) {
      return {
        status: "unknown",
        summary: `${unreadable.length} node(s) do not report their kubelet or container runtime version, so image-volume support cannot be judged there.`,
        reason: `status.nodeInfo is incomplete on ${preview(unreadable)}`,
        evidence,
        remediation: { text: "Check those nodes' kubelet and runtime versions by hand.", commands: [listCmd] },
      };
    }
    return {
      status: "pass",
      summary: `Operator ${plan.operatorVersion}, Kubernetes ${cluster} and all ${nodes.length} node(s) that run monitored pods support image volumes.`,
      evidence,
    };
  },
});
