// Node storage for code modules: with the CSI driver they are cached once per node under the kubelet root
// (~1-2 GB), with image volumes once per node in the runtime's image store; with ephemeral volumes every injected
// pod keeps its own copy in an emptyDir without a size limit. Judged on each node's allocatable ephemeral storage;
// for ephemeral volumes also on the copies the injected pods already on each node would need (the kubelet evicts
// pods when a node runs out of ephemeral storage).
import type { NodeFact } from "@/lib/collect/kubernetes/nodes";
import { formatBytes } from "@/lib/collect/kubernetes/quantity";
import { CODE_MODULES, CSI_DRIVER, SUPPORTED_ARCHITECTURES } from "@/lib/data/operator-components";
import { defineCheck } from "@/lib/engine/check";
import { codeModuleDelivery } from "@/lib/engine/plan";
import type { Evidence, Status } from "@/lib/engine/types";
import { DOCS } from "../sections";
import { injectionScope } from "./injection-scope";
import { whyNotOn } from "./node-placement";

const GB = 1e9;
const LISTED = 20;

const gb = (n: number) => `${n === 0 ? "0" : (n / GB).toFixed(n >= 10 * GB ? 0 : 1)} GB`;

function list(items: string[]): string {
  return items.length <= LISTED ? items.join(", ") : `${items.slice(0, LISTED).join(", ")} and ${items.length - LISTED} more`;
}

export const ephemeralStorage = defineCheck({
  id: "k8s.ephemeral-storage",
  title: "Node storage for code modules",
  section: "resources",
  severity: "blocking",
  checklistItem: "storage-planning",
  docs: [DOCS.storage],
  needs: ["k8s.nodes", "k8s.namespaces", "k8s.podCountsByNamespace", "k8s.podRequestsByNode"],
  notApplicable: ({ plan }) => (plan.mode === "platform" ? "Platform monitoring injects no code modules, so no node storage is needed for them." : undefined),
  evaluate(facts, { plan, target }) {
    const nodes = facts.get("k8s.nodes");
    const delivery = codeModuleDelivery(plan);
    const csi = delivery === "csi-driver";
    // With the CSI driver the cache lives on the nodes it runs on; otherwise on every node injected pods run on.
    const relevant: NodeFact[] = csi
      ? nodes.filter((n) => !whyNotOn(n, CSI_DRIVER))
      : nodes.filter((n) => n.os === "linux" && (SUPPORTED_ARCHITECTURES as readonly string[]).includes(n.arch));
    if (relevant.length === 0) {
      return {
        status: "unknown",
        summary: "No node would hold code modules.",
        reason: csi ? "No linux node of a supported architecture tolerates the CSI driver." : "No linux node of a supported architecture was found.",
      };
    }

    const unreported = relevant.filter((n) => n.allocatable.ephemeralStorageBytes === null);
    const failing = relevant.filter((n) => n.allocatable.ephemeralStorageBytes !== null && n.allocatable.ephemeralStorageBytes < CODE_MODULES.failBelowBytes);
    const low = relevant.filter(
      (n) =>
        n.allocatable.ephemeralStorageBytes !== null &&
        n.allocatable.ephemeralStorageBytes >= CODE_MODULES.failBelowBytes &&
        n.allocatable.ephemeralStorageBytes < CODE_MODULES.warnBelowBytes,
    );
    const smallest = relevant
      .filter((n) => n.allocatable.ephemeralStorageBytes !== null)
      .reduce<NodeFact | undefined>((m, n) => (!m || n.allocatable.ephemeralStorageBytes! < m.allocatable.ephemeralStorageBytes! ? n : m), undefined);

    // The storage plan: what code modules cost with and without the CSI driver.
    const withCsi = relevant.length * CODE_MODULES.perNodeWithCsiBytes;
    const namespaces = facts.result("k8s.namespaces");
    const pods = facts.result("k8s.podCountsByNamespace");
    let monitoredPods: number | undefined;
    if (namespaces.ok && pods.ok) {
      monitoredPods = injectionScope(namespaces.value, plan).injected.reduce((n, ns) => n + (pods.value[ns.name] ?? 0), 0);
    }
    const perPod = gb(CODE_MODULES.perPodWithoutCsiBytes);
    const evidence: Evidence[] = [
      {
        label: csi ? "Nodes that cache code modules (CSI driver)" : "Nodes that run injected pods",
        value: `${relevant.length}`,
        detail: csi
          ? "Linux nodes the CSI driver DaemonSet tolerates."
          : delivery === "image-volume"
            ? "Image volumes: the runtime keeps one copy of the code modules image per node, like any image."
            : "Ephemeral volumes: each injected pod keeps its own copy.",
      },
      {
        label: "Smallest allocatable ephemeral storage",
        value: smallest ? `${formatBytes(smallest.allocatable.ephemeralStorageBytes!)} (${smallest.name})` : "not reported",
      },
      {
        label: "Storage plan with the CSI driver",
        value: `${relevant.length} nodes × ~${gb(CODE_MODULES.perNodeWithCsiBytes)} = ~${gb(withCsi)}`,
        detail: CODE_MODULES.source,
      },
      {
        label: "Storage plan without the CSI driver",
        value:
          monitoredPods !== undefined
            ? `${monitoredPods} pods in injected namespaces × ~${perPod} = ~${gb(monitoredPods * CODE_MODULES.perPodWithoutCsiBytes)}`
            : `~${perPod} per monitored pod`,
        detail:
          "Each injected pod downloads and keeps its own copy of the code modules (an emptyDir counted against the node's ephemeral storage); restricting oneagent.dynatrace.com/technologies makes it smaller." +
          (monitoredPods === undefined ? ` Pods per namespace unknown: ${!namespaces.ok ? namespaces.error.message : !pods.ok ? pods.error.message : ""}` : ""),
      },
    ];

    // Ephemeral volumes: the copies the injected pods already on each node would hold, against its free storage.
    const evicting: string[] = [];
    let perNodeUnknown: string | undefined;
    if (delivery === "ephemeral-volume") {
      const byNode = facts.result("k8s.podRequestsByNode");
      if (!namespaces.ok || !byNode.ok) perNodeUnknown = !namespaces.ok ? namespaces.error.message : !byNode.ok ? byNode.error.message : "";
      else {
        const injectedNs = new Set(injectionScope(namespaces.value, plan).injected.map((n) => n.name));
        for (const n of relevant) {
          const onNode = byNode.value.nodes[n.name];
          if (onNode && onNode.pods > 0 && !onNode.podsByNamespace) {
            perNodeUnknown = "the pod list was stored without per-node namespaces";
            break;
          }
          const injected = Object.entries(onNode?.podsByNamespace ?? {}).reduce((sum, [ns, count]) => sum + (injectedNs.has(ns) ? count : 0), 0);
          const allocatable = n.allocatable.ephemeralStorageBytes;
          if (injected === 0 || allocatable === null) continue;
          const free = allocatable - (onNode?.ephemeralStorageBytes ?? 0);
          const need = injected * CODE_MODULES.perPodWithoutCsiBytes;
          if (need > free) evicting.push(`${n.name} (${injected} injected pods × ~${perPod} = ~${gb(need)}, ${formatBytes(Math.max(0, free))} free)`);
        }
      }
      evidence.push({
        label: "Per-pod copies on the nodes today",
        value: perNodeUnknown !== undefined ? "not judged" : evicting.length ? `${evicting.length} node(s) without room` : "every node has room",
        detail: perNodeUnknown !== undefined ? `Pods per node and namespace unknown: ${perNodeUnknown}` : evicting.length ? list(evicting) : undefined,
      });
    }

    let status: Status = "pass";
    if (low.length) status = "warn";
    if (failing.length || evicting.length) status = "fail";
    if (failing.length) evidence.push({ label: `Under ${formatBytes(CODE_MODULES.failBelowBytes)}`, value: list(failing.map((n) => `${n.name} (${formatBytes(n.allocatable.ephemeralStorageBytes!)})`)) });
    if (low.length) evidence.push({ label: `Under ${formatBytes(CODE_MODULES.warnBelowBytes)}`, value: list(low.map((n) => `${n.name} (${formatBytes(n.allocatable.ephemeralStorageBytes!)})`)) });
    if (unreported.length) evidence.push({ label: "No ephemeral storage reported", value: list(unreported.map((n) => n.name)) });

    const remediation = {
      text:
        "Give these nodes more OS disk (kubelet root /var/lib/kubelet lives there on AKS): create a node pool with a larger --node-osdisk-size " +
        "or ephemeral OS disk VM size, then move workloads. Keep the CSI driver enabled so code modules are stored once per node.",
      commands: [
        `kubectl --context ${target.context} get nodes -o custom-columns=NAME:.metadata.name,EPHEMERAL:.status.allocatable.ephemeral-storage`,
        "az aks nodepool add --resource-group <resource-group> --cluster-name <cluster> --name <pool> --node-osdisk-size 128",
      ],
    };
    if (evicting.length) {
      return {
        status: "fail",
        summary:
          `${evicting.length} node${evicting.length > 1 ? "s have" : " has"} less free ephemeral storage than the per-pod code modules of the injected pods already there need: ` +
          `${list(evicting)}. Without the CSI driver each injected pod keeps its own copy, so pods would be evicted when the node runs out of ephemeral storage.`,
        evidence,
        remediation: {
          text:
            "Plan the CSI driver (one copy per node) or image volumes (operator 1.11+), restrict oneagent.dynatrace.com/technologies to make each copy smaller, " +
            "narrow the injected namespaces, or give these nodes more OS disk.",
          commands: remediation.commands,
        },
      };
    }
    if (status === "fail") {
      return {
        status,
        summary: `${failing.length} node${failing.length > 1 ? "s have" : " has"} less than ${formatBytes(CODE_MODULES.failBelowBytes)} of allocatable ephemeral storage: too little for the ~1-2 GB code-module cache.`,
        evidence,
        remediation,
      };
    }
    if (status === "warn") {
      return {
        status,
        summary: `${low.length} node${low.length > 1 ? "s have" : " has"} less than ${formatBytes(CODE_MODULES.warnBelowBytes)} of allocatable ephemeral storage: little headroom for code modules next to images and logs.`,
        evidence,
        remediation,
      };
    }
    if (unreported.length === relevant.length) {
      return { status: "unknown", summary: "No node reports its ephemeral storage.", reason: "status.allocatable.ephemeral-storage is missing on every relevant node.", evidence };
    }
    return {
      status: "pass",
      summary: `Every node that ${csi ? "caches code modules" : "runs injected pods"} has at least ${formatBytes(CODE_MODULES.warnBelowBytes)} of ephemeral storage (smallest: ${smallest ? formatBytes(smallest.allocatable.ephemeralStorageBytes!) : "n/a"}).`,
      evidence,
    };
  },
});
