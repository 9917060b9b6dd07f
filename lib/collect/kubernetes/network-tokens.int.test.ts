// Network policies and the token secret as read from the real test cluster, judged by their checks.
import { describe, expect, it } from "vitest";
import { adminClient, applyObjects, createTestNamespace, restrictedClient, testCollectContext } from "@/test/cluster/testing";
import { evaluateNetworkPolicies, requirementsOf } from "@/lib/checks/network/network-policy";
import { evaluateTokensSecret } from "@/lib/checks/dynatrace/tokens-secret";
import { CollectError } from "@/lib/engine/errors";
import { networkPoliciesCollector, type NetworkPolicyFact } from "./network-policies";
import { tokensSecretCollector, type TokensSecretFact } from "./tokens-secret";

const OPERATOR = `dt0c01.${"A".repeat(24)}.${"B".repeat(64)}`;
const INGEST = `dt0c01.${"C".repeat(24)}.${"D".repeat(64)}`;
const b64 = (s: string) => Buffer.from(s).toString("base64");

describe("k8s.networkPolicies from the cluster", () => {
  it("a default-deny ingress policy is read as written and fails the webhook path; an allow policy lifts it", async () => {
    const ns = await createTestNamespace("netpol");
    await applyObjects([
      { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "default-deny", namespace: ns }, spec: { podSelector: {}, policyTypes: ["Ingress"] } },
      {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: "dns-only", namespace: ns },
        spec: { podSelector: {}, egress: [{ to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } }], ports: [{ protocol: "UDP", port: 53 }, { port: 53 }] }] },
      },
    ]);
    const ctx = testCollectContext(adminClient(), { namespace: ns });
    const policies = (await networkPoliciesCollector.collect(ctx, new Map()))["k8s.networkPolicies"] as NetworkPolicyFact[];
    // The API server defaulted policyTypes (Ingress+Egress for a policy with egress rules) and the port protocol.
    expect(policies.find((p) => p.name === "dns-only")).toMatchObject({ policyTypes: ["Ingress", "Egress"], egress: [{ ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] }] });
    const check = { plan: ctx.plan, target: ctx.target };
    const r = evaluateNetworkPolicies(policies, requirementsOf(check, { "kubernetes.io/metadata.name": "kube-system" }), check);
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("API server → webhook on TCP 8443 (blocked by default-deny, dns-only)");
    expect(r.summary).toContain("operator → the Dynatrace tenant on TCP 443 (blocked by dns-only)");

    // The remediation's own policy, as the user would paste it: the API server accepts it and it lifts the block.
    await applyObjects(r.remediation!.commands[1]!.split("\n").slice(1, -1).join("\n"));
    const after = (await networkPoliciesCollector.collect(ctx, new Map()))["k8s.networkPolicies"] as NetworkPolicyFact[];
    expect(evaluateNetworkPolicies(after, requirementsOf(check, { "kubernetes.io/metadata.name": "kube-system" }), check).status).toBe("pass");
  });
});

describe("k8s.tokensSecret from the cluster", () => {
  it("compares the secret's values with the tokens under test and keeps none of them", async () => {
    const ns = await createTestNamespace("tokens");
    await applyObjects([{ apiVersion: "v1", kind: "Secret", metadata: { name: "dynakube", namespace: ns }, type: "Opaque", data: { apiToken: b64(OPERATOR), dataIngestToken: b64(`${INGEST}\n`) } }]);
    const ctx = testCollectContext(adminClient(), { namespace: ns });
    ctx.clients.tenant = { apiUrl: "https://abc12345.live.dynatrace.com/api", operatorToken: OPERATOR, ingestToken: INGEST };
    const fact = (await tokensSecretCollector.collect(ctx, new Map()))["k8s.tokensSecret"] as TokensSecretFact;
    expect(JSON.stringify(fact)).not.toMatch(/AAAAAAAA|BBBBBBBB|CCCCCCCC|DDDDDDDD/);
    expect(fact.tokens).toEqual({
      apiToken: { empty: false, surroundingWhitespace: false, matchesTokenUnderTest: true },
      dataIngestToken: { empty: false, surroundingWhitespace: true, matchesTokenUnderTest: true },
    });
    const r = evaluateTokensSecret(fact, { plan: ctx.plan, target: ctx.target });
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("dataIngestToken has leading or trailing whitespace");
  });

  it("an absent secret is an answer; a view-only identity cannot read secrets (forbidden)", async () => {
    const ns = await createTestNamespace("tokens");
    const absent = (await tokensSecretCollector.collect(testCollectContext(adminClient(), { namespace: ns }), new Map()))["k8s.tokensSecret"] as TokensSecretFact;
    expect(absent.exists).toBe(false);
    await applyObjects([{ apiVersion: "v1", kind: "Secret", metadata: { name: "dynakube", namespace: ns }, data: { apiToken: b64(OPERATOR) } }]);
    const err = await tokensSecretCollector.collect(testCollectContext(restrictedClient(), { namespace: ns }), new Map()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectError);
    expect((err as CollectError).kind).toBe("forbidden");
    expect((err as CollectError).message).toContain(`may not read secret ${ns}/dynakube`);
  });
});
