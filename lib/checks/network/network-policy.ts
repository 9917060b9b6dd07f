// NetworkPolicies in the operator's namespace against the traffic the operator needs (doc/network.md): the API server
// must reach the webhook on 8443, and the operator, webhook and CSI driver need DNS (53 UDP+TCP), the Kubernetes API
// and the tenant on 443. A default-deny ingress policy silently disables injection (failurePolicy Ignore).
import { defineCheck } from "@/lib/engine/check";
import type { CheckContext } from "@/lib/engine/check";
import type { Evaluation, Evidence } from "@/lib/engine/types";
import type { NetworkPolicyFact } from "@/lib/collect/kubernetes/network-policies";
import { csiDriverDaemonSet, webhookDeployment } from "@/lib/data/operator-workloads";
import { describeSelector } from "@/lib/checks/kubernetes/label-selector";
import { DOCS } from "@/lib/checks/sections";
import { evaluateConnection, type Connection, type Outcome, type Peer } from "./policy-semantics";

// Pod labels of the operator Deployment (Helm chart templates/Common/operator/deployment-operator.yaml).
const OPERATOR_POD_LABELS = { "app.kubernetes.io/name": "dynatrace-operator", "app.kubernetes.io/component": "operator" };
// CoreDNS on AKS (and kubeadm clusters) runs in kube-system with this label.
const DNS_POD_LABELS = { "k8s-app": "kube-dns" };

export interface Requirement {
  component: string;
  what: string;
  connection: Connection;
  /** A blocked requirement fails the check; a soft one only warns. */
  soft?: boolean;
}

function portOf(url: string, fallback: number): { host: string; port: number } {
  try {
    const u = new URL(url);
    return { host: u.hostname, port: u.port ? Number(u.port) : u.protocol === "http:" ? 80 : fallback };
  } catch {
    return { host: url, port: fallback };
  }
}

/** What the operator's pods need, for this plan, target and (when known) communication endpoints. */
export function requirementsOf(ctx: CheckContext, kubeSystemLabels: Record<string, string>, communicationEndpoints: readonly string[] = []): Requirement[] {
  const { plan, target } = ctx;
  const components: { name: string; labels: Record<string, string> }[] = [
    { name: "operator", labels: OPERATOR_POD_LABELS },
    { name: "webhook", labels: (webhookDeployment(plan).spec?.template.metadata?.labels ?? {}) },
  ];
  if (plan.csiDriver) components.push({ name: "CSI driver", labels: (csiDriverDaemonSet(plan).spec?.template.metadata?.labels ?? {}) });

  const dns: Peer = { kind: "pods", description: "cluster DNS (kube-system/kube-dns)", sameNamespace: plan.namespace === "kube-system", namespaceLabels: kubeSystemLabels, podLabels: DNS_POD_LABELS };
  const api = portOf(target.server, 443);
  const destinations = new Map<string, { description: string; port: number }>();
  const tenant = target.tenant ? portOf(target.tenant.apiUrl, 443) : undefined;
  // Through a proxy, the operator's pods connect to the proxy, not to Dynatrace.
  const proxy = target.tenant?.proxy ? portOf(target.tenant.proxy, 3128) : undefined;
  if (proxy) destinations.set(`${proxy.host}:${proxy.port}`, { description: `the proxy ${proxy.host}`, port: proxy.port });
  else if (tenant) destinations.set(`${tenant.host}:${tenant.port}`, { description: `the tenant ${tenant.host}`, port: tenant.port });
  else destinations.set("tenant:443", { description: "the Dynatrace tenant", port: 443 });
  for (const e of proxy ? [] : communicationEndpoints) {
    const ep = portOf(e, 443);
    if (!destinations.has(`${ep.host}:${ep.port}`)) destinations.set(`${ep.host}:${ep.port}`, { description: `communication endpoint ${ep.host}`, port: ep.port });
  }

  const reqs: Requirement[] = [
    {
      component: "webhook",
      what: "API server → webhook on TCP 8443",
      connection: { direction: "Ingress", podLabels: components[1]!.labels, peer: { kind: "external", description: "the Kubernetes API server" }, protocol: "TCP", port: 8443, portName: "server-port" },
    },
  ];
  for (const c of components) {
    reqs.push({ component: c.name, what: `${c.name} → DNS on UDP 53`, connection: { direction: "Egress", podLabels: c.labels, peer: dns, protocol: "UDP", port: 53, portName: "dns" } });
    reqs.push({ component: c.name, what: `${c.name} → DNS on TCP 53`, soft: true, connection: { direction: "Egress", podLabels: c.labels, peer: dns, protocol: "TCP", port: 53, portName: "dns-tcp" } });
    if (c.name !== "CSI driver") {
      reqs.push({
        component: c.name,
        what: `${c.name} → Kubernetes API server on TCP ${api.port}`,
        connection: { direction: "Egress", podLabels: c.labels, peer: { kind: "external", description: "the Kubernetes API server" }, protocol: "TCP", port: api.port },
      });
    }
    for (const d of destinations.values()) {
      reqs.push({
        component: c.name,
        what: `${c.name} → ${d.description} on TCP ${d.port}`,
        connection: { direction: "Egress", podLabels: c.labels, peer: { kind: "external", description: d.description }, protocol: "TCP", port: d.port },
      });
    }
  }
  return reqs;
}

function describeOutcome(o: Outcome): string {
  switch (o.outcome) {
    case "not-isolated":
      return "allowed (no policy restricts it)";
    case "allowed":
      return `allowed by ${o.by.join(", ")}`;
    case "conditional":
      return `uncertain: ${o.conditions.join("; ")}`;
    case "blocked":
      return `BLOCKED by ${o.isolatedBy.join(", ")} (no rule allows it)`;
  }
}

export function allowPolicyYaml(namespace: string, egressPorts: readonly number[]): string {
  const ports = [...new Set(egressPorts)].sort((a, b) => a - b).map((p) => `{ protocol: TCP, port: ${p} }`).join(", ");
  return [
    `cat <<'EOF' | kubectl --context CONTEXT apply -f -`,
    "apiVersion: networking.k8s.io/v1",
    "kind: NetworkPolicy",
    "metadata:",
    "  name: allow-dynatrace-operator",
    `  namespace: ${namespace}`,
    "spec:",
    "  podSelector:",
    "    matchLabels:",
    "      app.kubernetes.io/name: dynatrace-operator",
    "  policyTypes: [Ingress, Egress]",
    "  ingress:",
    "    - ports: [{ protocol: TCP, port: 8443 }]   # API server → webhook; the API server has no pod labels",
    "  egress:",
    "    - to: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } }, podSelector: { matchLabels: { k8s-app: kube-dns } } }]",
    "      ports: [{ protocol: UDP, port: 53 }, { protocol: TCP, port: 53 }]",
    `    - ports: [${ports}]   # Kubernetes API, tenant (or proxy) and communication endpoints`,
    "EOF",
  ].join("\n");
}

export function evaluateNetworkPolicies(policies: readonly NetworkPolicyFact[], reqs: readonly Requirement[], ctx: CheckContext): Evaluation {
  const ns = ctx.plan.namespace;
  const evidence: Evidence[] = policies.map((p) => ({
    label: `Policy ${p.name}`,
    value: `selects ${describeSelector(p.podSelector).replace("every namespace", "every pod")}; ${p.policyTypes.join("+")}; ${p.ingress.length} ingress / ${p.egress.length} egress rule(s)`,
  }));
  const list = `kubectl --context ${ctx.target.context} -n ${ns} get networkpolicies -o yaml`;
  if (policies.length === 0) {
    return {
      status: "pass",
      summary: `No NetworkPolicy in namespace ${ns}: nothing restricts the webhook's ingress or the operator's egress at the Kubernetes level.`,
      evidence: [{ label: "NetworkPolicies", value: `none in ${ns}`, detail: "Engine-specific policies (Calico GlobalNetworkPolicy, Cilium clusterwide policies) and firewalls outside the cluster are not evaluated here." }],
    };
  }
  const results = reqs.map((r) => ({ r, o: evaluateConnection(policies, r.connection) }));
  for (const { r, o } of results) evidence.push({ label: r.what, value: describeOutcome(o) });
  const hard = results.filter(({ r, o }) => o.outcome === "blocked" && !r.soft);
  const soft = results.filter(({ r, o }) => (o.outcome === "blocked" && r.soft) || o.outcome === "conditional");
  const remediation = {
    text: `Add a policy in ${ns} that allows what the operator needs (or widen the blocking policies). NetworkPolicies are additive: one allowing policy is enough.`,
    commands: [
      list,
      allowPolicyYaml(
        ns,
        reqs.filter((r) => r.connection.direction === "Egress" && r.connection.peer.kind === "external").map((r) => r.connection.port),
      ).replace("CONTEXT", ctx.target.context),
    ],
  };
  const name = (xs: typeof results) => xs.map(({ r, o }) => `${r.what} (${o.outcome === "blocked" ? `blocked by ${o.isolatedBy.join(", ")}` : "uncertain"})`).join("; ");
  if (hard.length > 0) {
    const webhook = hard.some(({ r }) => r.connection.direction === "Ingress");
    return {
      status: "fail",
      summary:
        `NetworkPolicies in ${ns} block traffic the operator needs: ${name(hard)}.` +
        (webhook ? " Without the webhook, pod injection is silently skipped and DynaKube create/convert fails." : ""),
      evidence,
      remediation,
    };
  }
  if (soft.length > 0) {
    return { status: "warn", summary: `NetworkPolicies in ${ns} may restrict the operator: ${name(soft)}.`, evidence, remediation };
  }
  return { status: "pass", summary: `${policies.length} NetworkPolic${policies.length === 1 ? "y" : "ies"} in ${ns} allow everything the operator, webhook and CSI driver need.`, evidence };
}

export const networkPolicy = defineCheck({
  id: "k8s.network-policy",
  title: "NetworkPolicies allow the operator's traffic",
  section: "network",
  severity: "blocking",
  checklistItem: "network-access",
  docs: [DOCS.network],
  needs: ["k8s.networkPolicies", "k8s.namespaces"],
  // Collected only when a tenant is checked too; without one, the tenant's port stands in for the endpoints.
  uses: ["dt.connectionInfo"],
  evaluate(facts, ctx): Evaluation {
    const policies = facts.get("k8s.networkPolicies");
    const namespaces = facts.result("k8s.namespaces");
    const kubeSystem = namespaces.ok ? namespaces.value.find((n) => n.name === "kube-system")?.labels : undefined;
    // Every namespace carries kubernetes.io/metadata.name (Kubernetes ≥ 1.21); enough when the list is unavailable.
    const labels = { "kubernetes.io/metadata.name": "kube-system", ...kubeSystem };
    const connection = facts.result("dt.connectionInfo");
    const endpoints = connection.ok ? connection.value.communicationEndpoints : [];
    return evaluateNetworkPolicies(policies, requirementsOf(ctx, labels, endpoints), ctx);
  },
});
