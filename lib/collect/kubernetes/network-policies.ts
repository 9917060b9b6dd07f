// GET /apis/networking.k8s.io/v1/namespaces/<ns>/networkpolicies: each policy trimmed to what the network-policy
// check evaluates (selectors, policy types, rules). Raw JSON keeps "field absent" apart from "empty list".

import type { LabelSelector } from "@/lib/engine/plan";
import { defineKubeCollector, kube } from "./context";
import { forEachPage } from "./paging";

export interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface PolicyPort {
  protocol: string; // TCP | UDP | SCTP (Kubernetes defaults to TCP)
  /** Number or container port name; absent means every port. */
  port?: number | string;
  endPort?: number;
}

export interface PolicyRule {
  /** `from` (ingress) or `to` (egress); empty means every peer. */
  peers: PolicyPeer[];
  /** Empty means every port. */
  ports: PolicyPort[];
}

export interface NetworkPolicyFact {
  name: string;
  podSelector: LabelSelector;
  policyTypes: ("Ingress" | "Egress")[];
  ingress: PolicyRule[];
  egress: PolicyRule[];
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "k8s.networkPolicies": NetworkPolicyFact[];
  }
}

interface RawPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface RawRule {
  from?: RawPeer[];
  to?: RawPeer[];
  ports?: { protocol?: string; port?: number | string; endPort?: number }[];
}
export interface RawNetworkPolicy {
  metadata?: { name?: string };
  spec?: { podSelector?: LabelSelector; policyTypes?: string[]; ingress?: RawRule[]; egress?: RawRule[] };
}

function selector(s: LabelSelector | undefined): LabelSelector | undefined {
  if (!s) return undefined;
  const out: LabelSelector = {};
  if (s.matchLabels && Object.keys(s.matchLabels).length > 0) out.matchLabels = s.matchLabels;
  if (s.matchExpressions && s.matchExpressions.length > 0) {
    out.matchExpressions = s.matchExpressions.map((e) => (e.values ? { key: e.key, operator: e.operator, values: e.values } : { key: e.key, operator: e.operator }));
  }
  return out;
}

function rule(r: RawRule, direction: "from" | "to"): PolicyRule {
  const peers = (r[direction] ?? []).map((p) => {
    const peer: PolicyPeer = {};
    if (p.podSelector) peer.podSelector = selector(p.podSelector);
    if (p.namespaceSelector) peer.namespaceSelector = selector(p.namespaceSelector);
    if (p.ipBlock) peer.ipBlock = p.ipBlock.except?.length ? { cidr: p.ipBlock.cidr, except: p.ipBlock.except } : { cidr: p.ipBlock.cidr };
    return peer;
  });
  const ports = (r.ports ?? []).map((p) => {
    const port: PolicyPort = { protocol: p.protocol ?? "TCP" };
    if (p.port !== undefined) port.port = p.port;
    if (p.endPort !== undefined) port.endPort = p.endPort;
    return port;
  });
  return { peers, ports };
}

export function toNetworkPolicyFact(p: RawNetworkPolicy): NetworkPolicyFact {
  const spec = p.spec ?? {};
  const ingress = (spec.ingress ?? []).map((r) => rule(r, "from"));
  const egress = (spec.egress ?? []).map((r) => rule(r, "to"));
  // The API server defaults policyTypes on create; this fallback mirrors that defaulting for older objects.
  const types = spec.policyTypes?.length ? spec.policyTypes : ["Ingress", ...(egress.length > 0 ? ["Egress"] : [])];
  return {
    name: p.metadata?.name ?? "",
    podSelector: selector(spec.podSelector) ?? {},
    policyTypes: types.filter((t): t is "Ingress" | "Egress" => t === "Ingress" || t === "Egress"),
    ingress,
    egress,
  };
}

export const networkPoliciesCollector = defineKubeCollector({
  id: "kubernetes.network-policies",
  produces: ["k8s.networkPolicies"],
  reads: ["namespace"],
  async collect(ctx) {
    const k = kube(ctx);
    const out: NetworkPolicyFact[] = [];
    await forEachPage<RawNetworkPolicy>(k, ctx, `/apis/networking.k8s.io/v1/namespaces/${ctx.plan.namespace}/networkpolicies`, (items) => {
      for (const p of items) out.push(toNetworkPolicyFact(p));
    });
    out.sort((a, b) => a.name.localeCompare(b.name));
    return { "k8s.networkPolicies": out };
  },
});
