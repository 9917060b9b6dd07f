// Where each operator component can run, and how much room is left there: the scheduler's filters that matter
// for the operator (OS, architecture, readiness, taints vs the component's default tolerations) and a
// per-node capacity ledger. Pure; shared by the resource and storage checks.
import {
  DEFAULT_TOLERATED_TAINTS,
  SUPPORTED_ARCHITECTURES,
  type ComponentId,
  type OperatorComponent,
  type Resources,
} from "@/lib/data/operator-components";
import type { NodeFact, NodeTaint } from "@/lib/collect/kubernetes/nodes";
import type { PodRequestsByNodeFact } from "@/lib/collect/kubernetes/pods";

export function formatTaint(t: NodeTaint): string {
  return `${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`;
}

/** NoSchedule / NoExecute taints the component does not tolerate by default. */
export function untoleratedTaints(node: NodeFact, component: ComponentId): NodeTaint[] {
  const tolerated = DEFAULT_TOLERATED_TAINTS[component];
  return node.taints.filter((t) => (t.effect === "NoSchedule" || t.effect === "NoExecute") && !tolerated.includes(t.key));
}

/** Why the component's pods will not be placed on the node, or undefined when they can be. */
export function whyNotOn(node: NodeFact, c: OperatorComponent): string | undefined {
  if (node.os !== "linux") return `${node.os || "unknown"} node`;
  // OneAgent and ActiveGate images from the tenant registry are amd64 only (operator key fact 7).
  const amd64Only = c.id === "activegate" || c.id === "oneagent";
  if (amd64Only ? node.arch !== "amd64" : !(SUPPORTED_ARCHITECTURES as readonly string[]).includes(node.arch)) return `${node.arch || "unknown"} architecture`;
  // DaemonSet pods tolerate unschedulable and not-ready nodes; Deployments and StatefulSets do not.
  if (!c.perNode && node.unschedulable) return "cordoned";
  if (!c.perNode && !node.ready) return "not Ready";
  const taints = untoleratedTaints(node, c.id);
  if (taints.length) return `taint ${taints.map(formatTaint).join(", ")}`;
  return undefined;
}

export interface Room extends Resources {
  pods: number;
}

/** Room per node: allocatable minus the requests of the pods already bound to it (when those are known). */
export function roomByNode(nodes: NodeFact[], used: PodRequestsByNodeFact | undefined): Map<string, Room> {
  const out = new Map<string, Room>();
  for (const n of nodes) {
    const u = used?.nodes[n.name];
    out.set(n.name, {
      cpuMillis: (n.allocatable.cpuMillis ?? 0) - (u?.cpuMillis ?? 0),
      memoryBytes: (n.allocatable.memoryBytes ?? 0) - (u?.memoryBytes ?? 0),
      // A node that does not report a pod limit is not judged on it.
      pods: (n.allocatable.pods ?? Infinity) - (u?.pods ?? 0),
    });
  }
  return out;
}

export function fits(room: Room | undefined, need: Resources): boolean {
  return !!room && room.cpuMillis >= need.cpuMillis && room.memoryBytes >= need.memoryBytes && room.pods >= 1;
}

export function take(room: Room, need: Resources): void {
  room.cpuMillis -= need.cpuMillis;
  room.memoryBytes -= need.memoryBytes;
  room.pods -= 1;
}

/** What is short on the node for this request: "memory (needs 6 GiB, 2.1 GiB left)". */
export function shortfall(room: Room | undefined, need: Resources, fmtCpu: (n: number) => string, fmtBytes: (n: number) => string): string {
  if (!room) return "no capacity reported";
  const parts: string[] = [];
  if (room.cpuMillis < need.cpuMillis) parts.push(`CPU (needs ${fmtCpu(need.cpuMillis)}, ${fmtCpu(Math.max(0, room.cpuMillis))} left)`);
  if (room.memoryBytes < need.memoryBytes) parts.push(`memory (needs ${fmtBytes(need.memoryBytes)}, ${fmtBytes(Math.max(0, room.memoryBytes))} left)`);
  if (room.pods < 1) parts.push("pod slots (none left)");
  return parts.join(", ");
}
