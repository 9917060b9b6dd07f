import { describe, expect, it } from "vitest";
import { loadYaml } from "@kubernetes/client-node";
import { toNetworkPolicyFact, type RawNetworkPolicy } from "@/lib/collect/kubernetes/network-policies";
import { evaluateCheck, storeOf, TEST_TARGET } from "@/lib/checks/kubernetes/fixtures";
import { evaluateAll } from "@/lib/engine/run";
import { parsePlan } from "@/lib/engine/plan";
import { evaluateNetworkPolicies, networkPolicy, requirementsOf } from "./network-policy";

const pol = (name: string, spec: RawNetworkPolicy["spec"]) => toNetworkPolicyFact({ metadata: { name }, spec });
const kubeSystem = { name: "kube-system", labels: { "kubernetes.io/metadata.name": "kube-system" } };
const facts = (...p: ReturnType<typeof pol>[]) => ({ "k8s.networkPolicies": p, "k8s.namespaces": [kubeSystem] });

const denyAllIngress = pol("default-deny-ingress", { podSelector: {}, policyTypes: ["Ingress"] });
const allowDnsAnd443 = pol("allow-egress", {
  podSelector: {},
  policyTypes: ["Egress"],
  egress: [
    { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }], ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] },
    { to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port: 443 }] },
  ],
});

describe("k8s.network-policy", () => {
  it("passes when the namespace has no NetworkPolicy", () => {
    const r = evaluateCheck(networkPolicy, facts());
    expect(r.status).toBe("pass");
    expect(r.summary).toContain("No NetworkPolicy in namespace dynatrace");
  });

  it("fails when its own evidence predicts a rejection: a default-deny ingress policy keeps the API server from the webhook (pods are rejected while it cannot be called)", () => {
    const r = evaluateCheck(networkPolicy, facts(denyAllIngress));
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("API server → webhook on TCP 8443 (blocked by default-deny-ingress)");
    expect(r.remediation.commands.join("\n")).toContain("namespace: dynatrace");
    expect(r.remediation.commands.join("\n")).toContain("--context aks-prod-admin");
  });

  it("an ingress rule that only admits pods from a namespace still blocks the API server", () => {
    const p = pol("only-from-monitoring", {
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: "monitoring" } } }], ports: [{ port: 8443 }] }],
    });
    expect(evaluateCheck(networkPolicy, facts(p)).status).toBe("fail");
  });

  it("policies are additive: a second policy opening 8443 (by port name) lifts the deny", () => {
    const open = pol("webhook-in", {
      podSelector: { matchLabels: { "app.kubernetes.io/component": "webhook" } },
      policyTypes: ["Ingress"],
      ingress: [{ ports: [{ protocol: "TCP", port: "server-port" }] }],
    });
    expect(evaluateCheck(networkPolicy, facts(denyAllIngress, open)).status).toBe("pass");
  });

  it("a deny policy selecting other pods does not affect the operator", () => {
    const other = pol("deny-app", { podSelector: { matchLabels: { app: "shop" } }, policyTypes: ["Ingress", "Egress"] });
    expect(evaluateCheck(networkPolicy, facts(other)).status).toBe("pass");
  });

  it("a default-deny egress policy fails DNS and the tenant", () => {
    const r = evaluateCheck(networkPolicy, facts(pol("deny-egress", { podSelector: {}, policyTypes: ["Egress"] })));
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("operator → DNS on UDP 53 (blocked by deny-egress)");
    expect(r.summary).toContain("operator → the Dynatrace tenant on TCP 443");
  });

  it("egress allowed for DNS (kube-system/kube-dns) and 443 anywhere passes", () => {
    const r = evaluateCheck(networkPolicy, facts(allowDnsAnd443));
    expect(r.status).toBe("pass");
    expect(r.evidence.find((e) => e.label === "operator → DNS on UDP 53")?.value).toBe("allowed by allow-egress");
  });

  it("DNS allowed over UDP only warns about TCP 53", () => {
    const p = pol("udp-dns", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ to: [{ namespaceSelector: {} }], ports: [{ protocol: "UDP", port: 53 }] }, { ports: [{ protocol: "TCP", port: 443 }] }],
    });
    const r = evaluateCheck(networkPolicy, facts(p));
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("DNS on TCP 53");
  });

  it("egress to 443 only inside a CIDR is uncertain (warn), not a pass", () => {
    const p = pol("corp-egress", {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{ to: [{ namespaceSelector: {} }], ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] }, { to: [{ ipBlock: { cidr: "10.0.0.0/8" } }], ports: [{ protocol: "TCP", port: 443 }] }],
    });
    const r = evaluateCheck(networkPolicy, facts(p));
    expect(r.status).toBe("warn");
    expect(r.evidence.find((e) => e.label === "operator → the Dynatrace tenant on TCP 443")?.value).toContain("only if its address is in 10.0.0.0/8");
  });

  it("a port range (endPort) covering 8443 allows the webhook", () => {
    const p = pol("range", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ ports: [{ protocol: "TCP", port: 8000, endPort: 9000 }] }] });
    expect(evaluateCheck(networkPolicy, facts(p)).status).toBe("pass");
  });

  it("a policy selecting only the CSI driver is ignored when the plan has no CSI driver", () => {
    const p = pol("deny-csi", { podSelector: { matchLabels: { "app.kubernetes.io/component": "csi-driver" } }, policyTypes: ["Egress"] });
    expect(evaluateCheck(networkPolicy, facts(p)).status).toBe("fail");
    expect(evaluateCheck(networkPolicy, facts(p), { csiDriver: false }).status).toBe("pass");
  });

  it("with a proxy in the tenant connection, egress must reach the proxy's port instead of the tenant", () => {
    const target = { ...TEST_TARGET, tenant: { apiUrl: "https://abc12345.live.dynatrace.com/api", operatorTokenPublic: "dt0c01.ABC…", customCa: false, proxy: "http://***@proxy.corp:3128" } };
    const ctx = { plan: parsePlan({}), target };
    const r = evaluateNetworkPolicies([allowDnsAnd443], requirementsOf(ctx, kubeSystem.labels), ctx);
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("operator → the proxy proxy.corp on TCP 3128 (blocked by allow-egress)");
    expect(r.summary).not.toContain("abc12345");
  });

  it("the suggested policy, applied next to a default deny, makes the check pass (also with a proxy port)", () => {
    const target = { ...TEST_TARGET, tenant: { apiUrl: "https://abc12345.live.dynatrace.com/api", operatorTokenPublic: "dt0c01.ABC…", customCa: false, proxy: "http://proxy.corp:3128" } };
    const ctx = { plan: parsePlan({}), target };
    const deny = pol("deny-all", { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    const reqs = requirementsOf(ctx, kubeSystem.labels);
    const failing = evaluateNetworkPolicies([deny], reqs, ctx);
    expect(failing.status).toBe("fail");
    const yaml = failing.remediation!.commands[1]!.split("\n").slice(1, -1).join("\n");
    expect(yaml).toContain("port: 3128");
    const suggested = toNetworkPolicyFact(loadYaml(yaml) as RawNetworkPolicy);
    expect(evaluateNetworkPolicies([deny, suggested], reqs, ctx).status).toBe("pass");
  });

  it("forbidden to list policies is unknown", () => {
    const r = evaluateCheck(networkPolicy, { "k8s.networkPolicies": { kind: "forbidden", message: "list networkpolicies is forbidden" }, "k8s.namespaces": [kubeSystem] });
    expect(r.status).toBe("unknown");
    expect(r.reason).toContain("forbidden");
  });

  it("when a tenant is checked too, its communication endpoints must be reachable, each named when blocked", () => {
    const target = { ...TEST_TARGET, tenant: { apiUrl: "https://abc12345.live.dynatrace.com/api", operatorTokenPublic: "dt0c01.ABC…", customCa: false } };
    const connectionInfo = { status: 200, communicationEndpoints: ["https://abc12345.live.dynatrace.com:443/communication", "https://sg-eu.example.com:9999/communication"] };
    const withEndpoints = storeOf({ ...facts(allowDnsAnd443), "dt.connectionInfo": connectionInfo } as never);
    const [r] = evaluateAll([networkPolicy], withEndpoints, { plan: parsePlan({}), target });
    expect(r!.status).toBe("fail");
    expect(r!.summary).toContain("communication endpoint sg-eu.example.com on TCP 9999 (blocked by allow-egress)");
    // Without the endpoints fact (a cluster-only run), the same policies pass: 443 to the tenant is open.
    const [alone] = evaluateAll([networkPolicy], storeOf(facts(allowDnsAnd443)), { plan: parsePlan({}), target });
    expect(alone!.status).toBe("pass");
  });
});
