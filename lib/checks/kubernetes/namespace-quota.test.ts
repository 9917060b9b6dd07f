import { describe, expect, it } from "vitest";
import { namespaceQuota } from "./namespace-quota";
import { evaluateCheck, node } from "./testing";

const ns = { name: "dynatrace", exists: true, labels: {} };
const nodes = [node("a"), node("b")];
const quota = (hard: Record<string, string>, used: Record<string, string> = {}) => ({ name: "team-quota", hard, used, scopes: [], scoped: false });

describe("k8s.namespace-quota", () => {
  it("passes when the namespace does not exist yet, because no quota can apply", () => {
    const r = evaluateCheck(namespaceQuota, {
      "k8s.namespace": { name: "dynatrace", exists: false, labels: {} },
      "k8s.namespaceQuotas": { namespace: "dynatrace", quotas: [], limitRanges: [] },
      "k8s.nodes": nodes,
    });
    expect(r.status).toBe("pass");
    expect(r.summary).toMatch(/does not exist yet/);
  });

  it("passes with a generous quota", () => {
    const r = evaluateCheck(namespaceQuota, {
      "k8s.namespace": ns,
      "k8s.namespaceQuotas": { namespace: "dynatrace", quotas: [quota({ "requests.cpu": "20", "requests.memory": "64Gi", pods: "50" })], limitRanges: [] },
      "k8s.nodes": nodes,
    });
    expect(r.status).toBe("pass");
  });

  it("fails when the quota cannot hold the operator, the webhooks and the ActiveGate", () => {
    const r = evaluateCheck(namespaceQuota, {
      "k8s.namespace": ns,
      "k8s.namespaceQuotas": { namespace: "dynatrace", quotas: [quota({ "requests.memory": "1Gi", pods: "2" }, { "requests.memory": "0", pods: "0" })], limitRanges: [] },
      "k8s.nodes": nodes,
    });
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/ResourceQuota team-quota cannot fit the operator, webhooks and ActiveGate/);
    expect(r.summary).toMatch(/requests.memory \(needs 6.3 GiB, 1 GiB left\)/);
    expect(r.summary).toMatch(/pods \(needs 4, 2 left\)/);
    expect(r.remediation.commands).toContain("kubectl --context aks-test -n dynatrace describe resourcequota");
  });

  it("fails when the core fits but one CSI pod per node does not", () => {
    const many = Array.from({ length: 20 }, (_, i) => node(`n${i}`));
    const r = evaluateCheck(namespaceQuota, {
      "k8s.namespace": ns,
      "k8s.namespaceQuotas": { namespace: "dynatrace", quotas: [quota({ "requests.cpu": "4", "requests.memory": "16Gi" })], limitRanges: [] },
      "k8s.nodes": many,
    });
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/cannot fit the per-node pods \(dynatrace-oneagent-csi-driver ×20\)/);
  });

  it("fails when a quota tracks limits and nothing gives the CSI provisioner a limit", () => {
    const r = evaluateCheck(namespaceQuota, {
      "k8s.namespace": ns,
      "k8s.namespaceQuotas": { namespace: "dynatrace", quotas: [quota({ "limits.cpu": "100", "limits.memory": "200Gi" })], limitRanges: [] },
      "k8s.nodes": nodes,
    });
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/CSI provisioner container has no limits/);
  });

  it("warns when a LimitRange default limit caps the CSI provisioner", () => {
    const r = evaluateCheck(namespaceQuota, {
      "k8s.namespace": ns,
      "k8s.namespaceQuotas": {
        namespace: "dynatrace",
        quotas: [],
        limitRanges: [{ name: "defaults", limits: [{ type: "Container", default: { cpu: "500m", memory: "128Mi" } }] }],
      },
      "k8s.nodes": nodes,
    });
    expect(r.status).toBe("warn");
    expect(r.evidence.map((e) => e.value).join("\n")).toMatch(/default memory limit 128 MiB will cap dynatrace-oneagent-csi-driver\/provisioner/);
  });

  it("fails when its own evidence predicts a rejection: a LimitRange max below the webhook's limit", () => {
    const r = evaluateCheck(namespaceQuota, {
      "k8s.namespace": ns,
      "k8s.namespaceQuotas": { namespace: "dynatrace", quotas: [], limitRanges: [{ name: "caps", limits: [{ type: "Container", max: { cpu: "200m" } }] }] },
      "k8s.nodes": nodes,
    }, { csiDriver: false });
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/max cpu 200m is below dynatrace-webhook\/webhook's limit 300m; the pod will be rejected/);
    expect(r.remediation.text).toMatch(/^Align the LimitRange in dynatrace/);
  });

  it("fails when its own evidence predicts a rejection: a LimitRange max memory below the ActiveGate's 6 GiB limit in platform mode", () => {
    const r = evaluateCheck(namespaceQuota, {
      "k8s.namespace": ns,
      "k8s.namespaceQuotas": { namespace: "dynatrace", quotas: [], limitRanges: [{ name: "team-caps", limits: [{ type: "Container", max: { memory: "4Gi" } }] }] },
      "k8s.nodes": nodes,
    }, { mode: "platform", csiDriver: false });
    expect(r.status).toBe("fail");
    expect(r.summary).toBe("LimitRange team-caps: max memory 4 GiB is below <dynakube>-activegate/activegate's limit 6 GiB; the pod will be rejected.");
  });

  it("fails when its own evidence predicts a rejection: a default limit below the CSI provisioner's request (the API server's 422)", () => {
    const r = evaluateCheck(namespaceQuota, {
      "k8s.namespace": ns,
      "k8s.namespaceQuotas": { namespace: "dynatrace", quotas: [], limitRanges: [{ name: "defaults", limits: [{ type: "Container", default: { cpu: "100m", memory: "1Gi" } }] }] },
      "k8s.nodes": nodes,
    });
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/^LimitRange defaults: default cpu limit 100m is below dynatrace-oneagent-csi-driver\/provisioner's request 300m; the pod will be rejected/);
  });

  it("fails when a Pod max is below a component's summed limits, and still lists a mere cap as a later finding", () => {
    const r = evaluateCheck(namespaceQuota, {
      "k8s.namespace": ns,
      "k8s.namespaceQuotas": {
        namespace: "dynatrace",
        quotas: [],
        limitRanges: [{ name: "mixed", limits: [{ type: "Container", default: { memory: "2Gi" } }, { type: "Pod", max: { cpu: "250m" } }] }],
      },
      "k8s.nodes": nodes,
    });
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/^LimitRange mixed: pod max cpu 250m is below dynatrace-webhook's 300m; the pod will be rejected/);
    expect(r.evidence.map((e) => e.value).join("\n")).toMatch(/default memory limit 2 GiB will cap dynatrace-oneagent-csi-driver\/provisioner/);
  });

  it("is unknown when the quotas cannot be read", () => {
    const r = evaluateCheck(namespaceQuota, {
      "k8s.namespace": ns,
      "k8s.namespaceQuotas": { error: { kind: "forbidden", message: "resourcequotas is forbidden" } },
      "k8s.nodes": nodes,
    });
    expect(r.status).toBe("unknown");
  });
});
