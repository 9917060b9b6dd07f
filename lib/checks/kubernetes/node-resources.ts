// K8S-04: will the operator's pods find room? Simulates placement over each node's allocatable capacity minus
// the requests of the pods already running there (when the pod list could be read): per-node DaemonSets first
// (CSI driver, OneAgent), then the ActiveGate, the two webhook replicas on distinct nodes and the operator.
import { formatBytes, formatCpu } from "@/lib/engine/quantity";
import type { NodeFact } from "@/lib/collect/kubernetes/nodes";
import {
  ACTIVEGATE,
  CSI_DRIVER,
  ONEAGENT,
  OPERATOR,
  WEBHOOK,
  plannedComponents,
  podRequests,
  type OperatorComponent,
  type Resources,
} from "@/lib/data/operator-components";
import { defineCheck } from "@/lib/engine/check";
import type { Evidence, Status } from "@/lib/engine/types";
import { DOCS } from "@/lib/checks/sections";
import { fits, roomByNode, shortfall, take, whyNotOn, type Room } from "./node-placement";

const MAX_LISTED = 20;

function fmt(r: Resources): string {
  return `${formatCpu(r.cpuMillis)} CPU / ${formatBytes(r.memoryBytes)}`;
}

function list(names: string[]): string {
  return names.length <= MAX_LISTED ? names.join(", ") : `${names.slice(0, MAX_LISTED).join(", ")} and ${names.length - MAX_LISTED} more`;
}

const worse = (a: Status, b: Status): Status => {
  const order: Status[] = ["pass", "warn", "fail"];
  return order.indexOf(b) > order.indexOf(a) ? b : a;
};

/** Picks the eligible node with the most free memory that fits `need`, excluding `exclude`. */
function bestNode(nodes: NodeFact[], c: OperatorComponent, rooms: Map<string, Room>, exclude: Set<string> = new Set()): string | undefined {
  let best: string | undefined;
  for (const n of nodes) {
    if (exclude.has(n.name) || whyNotOn(n, c)) continue;
    const room = rooms.get(n.name);
    if (!fits(room, podRequests(c))) continue;
    if (!best || room!.memoryBytes > rooms.get(best)!.memoryBytes) best = n.name;
  }
  return best;
}

/** The findings of the worst status, most important first, as one sentence. */
function summarize(problems: { status: Status; text: string }[], status: Status): string {
  // Worst first; at most two in the sentence, the rest are in the evidence.
  const ordered = [...problems.filter((p) => p.status === status), ...problems.filter((p) => p.status !== status)].map((p) => p.text);
  const text = ordered.slice(0, 2).join("; ");
  const more = ordered.length - 2;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${more > 0 ? ` (and ${more} more finding${more > 1 ? "s" : ""})` : ""}.`;
}

export const nodeResources = defineCheck({
  id: "k8s.node-resources",
  title: "Nodes have room for the operator's components",
  section: "resources",
  severity: "blocking",
  checklistItem: "resource-limits",
  docs: [DOCS.components],
  needs: ["k8s.nodes", "k8s.podRequestsByNode"],
  evaluate(facts, { plan, target }) {
    const nodes = facts.get("k8s.nodes");
    const podsResult = facts.result("k8s.podRequestsByNode");
    const used = podsResult.ok ? podsResult.value : undefined;
    const rooms = roomByNode(nodes, used);
    const components = plannedComponents(plan);
    const has = (c: OperatorComponent) => components.includes(c);
    const injects = plan.mode !== "platform";

    let status: Status = "pass";
    const problems: { status: Status; text: string }[] = [];
    const note = (st: Status, text: string) => problems.push({ status: st, text });
    const evidence: Evidence[] = [
      {
        label: "Compared against",
        value: used
          ? `allocatable minus the requests of ${used.totalPods - used.unscheduledPods} running pods`
          : "allocatable capacity only (running pods' requests unknown)",
        detail: used
          ? used.unscheduledPods
            ? `${used.unscheduledPods} pending pods are not bound to a node yet and will claim room too.`
            : undefined
          : podsResult.ok
            ? undefined
            : `The pod list could not be read (${podsResult.error.message}); nodes may have less room than shown.`,
      },
    ];
    const commands = [`kubectl --context ${target.context} describe nodes | grep -A 8 "Allocated resources"`];

    // 1. Per-node DaemonSets: they run wherever their tolerations allow, so their requests are taken first.
    const daemons = [CSI_DRIVER, ONEAGENT].filter(has);
    for (const d of daemons) {
      const need = podRequests(d);
      const runsOn = nodes.filter((n) => !whyNotOn(n, d));
      const skipped = nodes.filter((n) => n.os === "linux" && whyNotOn(n, d)?.startsWith("taint"));
      const tooSmall: string[] = [];
      const crowded: string[] = [];
      for (const n of runsOn) {
        const alloc: Room = { cpuMillis: n.allocatable.cpuMillis ?? 0, memoryBytes: n.allocatable.memoryBytes ?? 0, pods: n.allocatable.pods ?? Infinity };
        const room = rooms.get(n.name)!;
        if (!fits(alloc, need)) tooSmall.push(`${n.name}: ${shortfall(alloc, need, formatCpu, formatBytes)}`);
        else if (!fits(room, need)) crowded.push(n.name);
        take(room, need);
      }
      const label = d === CSI_DRIVER ? "CSI driver" : "OneAgent";
      evidence.push({ label: `${label} per node (${fmt(need)})`, value: `runs on ${runsOn.length} of ${nodes.length} nodes`, detail: d.source });
      if (tooSmall.length) {
        status = worse(status, "fail");
        note("fail", `${label} pods cannot fit on ${tooSmall.length} node(s) even when empty`);
        evidence.push({ label: `${label}: nodes too small`, value: list(tooSmall) });
      }
      if (crowded.length) {
        status = worse(status, "warn");
        note("warn", 
          d === CSI_DRIVER
            ? `the CSI driver will preempt lower-priority pods on ${crowded.length} full node(s) (priority class dynatrace-high-priority)`
            : `OneAgent pods will stay Pending on ${crowded.length} full node(s)`,
        );
        evidence.push({ label: `${label}: nodes without free room`, value: list(crowded) });
      }
      if (skipped.length && (d === ONEAGENT || injects)) {
        status = worse(status, "warn");
        const what = d === CSI_DRIVER ? "pods scheduled there cannot get code modules through the CSI driver" : "those hosts are not monitored";
        note("warn", `${label} will not run on ${skipped.length} tainted node(s): ${what}`);
        evidence.push({
          label: `${label}: nodes it does not tolerate`,
          value: list(skipped.map((n) => `${n.name} (${whyNotOn(n, d)!.replace(/^taint /, "")})`)),
          detail:
            d === CSI_DRIVER
              ? "The CSI driver tolerates only the control-plane and architecture taints by default. Add tolerations under csidriver.tolerations in the Helm values if workloads on these nodes must be injected."
              : "Add tolerations to the DynaKube's oneAgent.cloudNativeFullStack.tolerations for these taints.",
        });
      }
    }

    // 2. Single pods, biggest first so that a tight cluster is judged by its best packing.
    if (has(ACTIVEGATE)) {
      const need = podRequests(ACTIVEGATE);
      const node = bestNode(nodes, ACTIVEGATE, rooms);
      if (node) {
        take(rooms.get(node)!, need);
        evidence.push({ label: `ActiveGate (${fmt(need)})`, value: `fits on ${node}`, detail: ACTIVEGATE.source });
      } else {
        status = worse(status, "fail");
        note("fail", `no node has room for the ActiveGate (${fmt(need)})`);
        evidence.push({
          label: `ActiveGate (${fmt(need)})`,
          value: "fits on no node",
          detail: "Needs a Ready, untainted linux/amd64 node (tenant-registry images are amd64 only). Lower activeGate.resources in the DynaKube only for small clusters; see the ActiveGate sizing guide.",
        });
      }
    }

    const webhookNeed = podRequests(WEBHOOK);
    const first = bestNode(nodes, WEBHOOK, rooms);
    if (first) take(rooms.get(first)!, webhookNeed);
    const second = first ? bestNode(nodes, WEBHOOK, rooms, new Set([first])) : undefined;
    if (second) take(rooms.get(second)!, webhookNeed);
    if (first && second) {
      evidence.push({ label: `Webhook ×2 (${fmt(webhookNeed)} each)`, value: `fits on two nodes: ${[first, second].sort().join(", ")}`, detail: WEBHOOK.source });
    } else if (first) {
      status = worse(status, "warn");
      note("warn", "only one node has room for a webhook replica, so the two replicas cannot be spread for high availability");
      evidence.push({ label: `Webhook ×2 (${fmt(webhookNeed)} each)`, value: `only ${first} has room`, detail: WEBHOOK.source });
    } else {
      status = worse(status, "fail");
      note("fail", `no node has room for a webhook replica (${fmt(webhookNeed)})`);
      evidence.push({ label: `Webhook ×2 (${fmt(webhookNeed)} each)`, value: "fits on no node", detail: WEBHOOK.source });
    }

    const operatorNeed = podRequests(OPERATOR);
    const operatorNode = bestNode(nodes, OPERATOR, rooms);
    if (operatorNode) {
      take(rooms.get(operatorNode)!, operatorNeed);
      evidence.push({ label: `Operator (${fmt(operatorNeed)})`, value: `fits on ${operatorNode}`, detail: OPERATOR.source });
    } else {
      status = worse(status, "fail");
      note("fail", `no node has room for the operator (${fmt(operatorNeed)})`);
      evidence.push({ label: `Operator (${fmt(operatorNeed)})`, value: "fits on no node", detail: OPERATOR.source });
    }

    // Why nodes were left out of the single-pod placements, so an empty result is explainable.
    const excluded = nodes.map((n) => [n.name, whyNotOn(n, WEBHOOK)] as const).filter(([, why]) => why);
    if (excluded.length) {
      evidence.push({ label: "Nodes the operator and webhook cannot use", value: list(excluded.map(([name, why]) => `${name} (${why})`)) });
    }

    const summaryOk = `The operator, two webhook replicas${has(CSI_DRIVER) ? ", the CSI driver" : ""}${has(ACTIVEGATE) ? " and the ActiveGate" : ""} fit on the cluster's nodes.`;
    if (status === "pass") return { status, summary: summaryOk, evidence };
    return {
      status,
      summary: summarize(problems, status),
      evidence,
      remediation: {
        text:
          status === "fail"
            ? "Add capacity (scale the node pool or add a pool with larger VMs), or free room on the nodes, before installing. " +
              "Requests of the operator and webhook can be changed with the Helm values operator.requests and webhook.requests."
            : "Review the findings: spread capacity over at least two untainted linux nodes for the webhook, and add CSI driver tolerations (Helm csidriver.tolerations) for tainted pools whose workloads should be injected.",
        commands: [...commands, `az aks nodepool scale --resource-group <resource-group> --cluster-name <cluster> --name <pool> --node-count <count>`],
      },
    };
  },
});
