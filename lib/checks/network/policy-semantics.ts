// Kubernetes NetworkPolicy semantics (networking.k8s.io/v1), evaluated over collected policies: which policies
// select a pod, whether they isolate it in a direction, and whether any rule allows a given connection.
// Policies are additive: a connection is allowed when any rule of any isolating policy allows it.
import type { NetworkPolicyFact, PolicyPeer, PolicyPort, PolicyRule } from "@/lib/collect/kubernetes/network-policies";
import { matchesSelector } from "@/lib/checks/kubernetes/label-selector";

export type Direction = "Ingress" | "Egress";

/** The other end of a connection: outside the pod network (API server, tenant), or pods in a namespace. */
export type Peer =
  | { kind: "external"; description: string }
  | { kind: "pods"; description: string; sameNamespace: boolean; namespaceLabels: Record<string, string>; podLabels: Record<string, string> };

export interface Connection {
  direction: Direction;
  podLabels: Record<string, string>;
  peer: Peer;
  protocol: "TCP" | "UDP";
  port: number;
  /** The container port's name, for rules that name ports instead of numbering them. */
  portName?: string;
}

export type Outcome =
  | { outcome: "not-isolated" }
  | { outcome: "allowed"; by: string[] }
  | { outcome: "conditional"; conditions: string[]; isolatedBy: string[] }
  | { outcome: "blocked"; isolatedBy: string[] };

const ANYWHERE = new Set(["0.0.0.0/0", "::/0"]);

function portMatches(ports: readonly PolicyPort[], c: Connection): boolean {
  if (ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol || "TCP").toUpperCase() !== c.protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === "string") {
      if (/^\d+$/.test(p.port)) return Number(p.port) === c.port;
      return p.port === c.portName;
    }
    return c.port >= p.port && c.port <= (p.endPort ?? p.port);
  });
}

type PeerMatch = { match: "yes" } | { match: "no" } | { match: "maybe"; condition: string };

function peerMatches(peer: PolicyPeer, target: Peer): PeerMatch {
  if (peer.ipBlock) {
    const { cidr, except = [] } = peer.ipBlock;
    if (target.kind === "external") {
      if (ANYWHERE.has(cidr) && except.length === 0) return { match: "yes" };
      if (ANYWHERE.has(cidr)) return { match: "maybe", condition: `${target.description} is allowed unless its address is in ${except.join(", ")}` };
      return { match: "maybe", condition: `${target.description} is allowed only if its address is in ${cidr}${except.length ? ` (except ${except.join(", ")})` : ""}` };
    }
    // Whether an ipBlock matches pod addresses is left to the network policy engine (the API says it should not).
    return { match: "maybe", condition: `${target.description} is allowed only by ipBlock ${cidr}, which some network policy engines do not apply to pod addresses` };
  }
  if (target.kind === "external") return { match: "no" }; // pod and namespace selectors only ever select pods
  if (!peer.podSelector && !peer.namespaceSelector) return { match: "no" };
  const nsOk = peer.namespaceSelector ? matchesSelector(target.namespaceLabels, peer.namespaceSelector) : target.sameNamespace;
  const podOk = peer.podSelector ? matchesSelector(target.podLabels, peer.podSelector) : true;
  return nsOk && podOk ? { match: "yes" } : { match: "no" };
}

function ruleOutcome(rule: PolicyRule, c: Connection): PeerMatch {
  if (!portMatches(rule.ports, c)) return { match: "no" };
  if (rule.peers.length === 0) return { match: "yes" };
  let maybe: PeerMatch | undefined;
  for (const peer of rule.peers) {
    const m = peerMatches(peer, c.peer);
    if (m.match === "yes") return m;
    if (m.match === "maybe") maybe ??= m;
  }
  return maybe ?? { match: "no" };
}

/** Policies whose podSelector selects the pod and whose policyTypes include the direction. */
export function isolatingPolicies(policies: readonly NetworkPolicyFact[], podLabels: Record<string, string>, direction: Direction): NetworkPolicyFact[] {
  return policies.filter((p) => p.policyTypes.includes(direction) && matchesSelector(podLabels, p.podSelector));
}

export function evaluateConnection(policies: readonly NetworkPolicyFact[], c: Connection): Outcome {
  const isolating = isolatingPolicies(policies, c.podLabels, c.direction);
  if (isolating.length === 0) return { outcome: "not-isolated" };
  const by: string[] = [];
  const conditions: string[] = [];
  for (const p of isolating) {
    const rules = c.direction === "Ingress" ? p.ingress : p.egress;
    for (const r of rules) {
      const m = ruleOutcome(r, c);
      if (m.match === "yes") by.push(p.name);
      else if (m.match === "maybe") conditions.push(`${m.condition} (policy ${p.name})`);
    }
  }
  const isolatedBy = isolating.map((p) => p.name);
  if (by.length > 0) return { outcome: "allowed", by: [...new Set(by)] };
  if (conditions.length > 0) return { outcome: "conditional", conditions: [...new Set(conditions)], isolatedBy };
  return { outcome: "blocked", isolatedBy };
}
