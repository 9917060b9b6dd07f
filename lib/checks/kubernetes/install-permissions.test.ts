import { describe, expect, it } from "vitest";
import { installAccessChecks } from "@/lib/data/install-permissions";
import type { AccessReviewFact } from "@/lib/collect/kubernetes/access-reviews";
import { evaluateCheck } from "./fixtures";
import { installPermissions, subjectFlag } from "./install-permissions";

const allAllowed = (plan = { namespace: "dynatrace", csiDriver: true }): AccessReviewFact[] => installAccessChecks(plan).map((c) => ({ ...c, allowed: true }));
const identity = { username: "alice@contoso.com", groups: ["system:authenticated"] };

describe("install access checks (data)", () => {
  it("covers the chart's cluster-wide objects, bind/escalate on clusterroles, and namespaced objects in the plan's namespace", () => {
    const checks = installAccessChecks({ namespace: "dt-prod", csiDriver: true });
    const has = (verb: string, resource: string) => checks.some((c) => c.verb === verb && c.resource === resource);
    expect(has("escalate", "clusterroles") && has("bind", "clusterroles")).toBe(true);
    expect(has("create", "customresourcedefinitions") && has("delete", "customresourcedefinitions")).toBe(true);
    expect(has("create", "csidrivers") && has("create", "priorityclasses") && has("create", "daemonsets")).toBe(true);
    expect(checks.find((c) => c.resource === "secrets")!.namespace).toBe("dt-prod");
    expect(checks.find((c) => c.resource === "clusterroles")!.namespace).toBeUndefined();
  });
  it("includes what helm install --atomic needs to find its releases and wait for the rollout", () => {
    const checks = installAccessChecks({ namespace: "dynatrace", csiDriver: true });
    const has = (verb: string, resource: string) => checks.some((c) => c.verb === verb && c.resource === resource);
    expect(has("list", "secrets") && has("watch", "deployments") && has("list", "replicasets")).toBe(true);
  });
  it("leaves out the CSI driver's objects when the plan disables it", () => {
    const checks = installAccessChecks({ namespace: "dynatrace", csiDriver: false });
    expect(checks.some((c) => c.resource === "csidrivers" || c.resource === "daemonsets" || c.resource === "priorityclasses")).toBe(false);
  });
});

describe("kubelet API grants follow the release and the cluster's version", () => {
  const v = (minor: string) => ({ gitVersion: `v1.${minor}.3`, major: "1", minor, platform: "linux/amd64" });
  // An installer without escalate (the operator's deployer-clusterrole-no-escalate samples) that holds nodes/proxy only.
  const noEscalate = () =>
    allAllowed().map((r) => (r.verb === "escalate" || r.resource === "nodes/pods" ? { ...r, allowed: false } : r));

  it("on Kubernetes 1.36 with chart 1.10+ the log-monitoring role grants nodes/pods: an installer without escalate must hold it", () => {
    const r = evaluateCheck(installPermissions, { "k8s.accessReviews": noEscalate(), "k8s.identity": identity, "k8s.version": v("36") }, { operatorVersion: "1.10.2" });
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("get nodes/pods");
    expect(r.evidence.find((e) => e.label === "Kubelet API the chart grants")?.value).toBe("get nodes/proxy: held; get nodes/pods: not held");
    expect(r.remediation.commands[1]).toContain(`resources: ["nodes/pods"]`);
  });

  it("on Kubernetes 1.35, or with chart 1.9, only nodes/proxy is granted", () => {
    const r135 = evaluateCheck(installPermissions, { "k8s.accessReviews": noEscalate(), "k8s.identity": identity, "k8s.version": v("35") }, { operatorVersion: "1.10.2" });
    expect(r135.summary).not.toContain("nodes/pods");
    expect(r135.evidence.find((e) => e.label === "Kubelet API the chart grants")?.value).toBe("get nodes/proxy: held");
    const old = evaluateCheck(installPermissions, { "k8s.accessReviews": noEscalate(), "k8s.identity": identity, "k8s.version": v("36") }, { operatorVersion: "1.9.0" });
    expect(old.summary).not.toContain("nodes/pods");
    // Either way escalate itself is still missing.
    expect(old.summary).toContain("escalate clusterroles.rbac.authorization.k8s.io");
  });

  it("an installer that may escalate needs none of them, and an unknown cluster version requires both", () => {
    const escalating = allAllowed().map((r) => (r.resource === "nodes/pods" || r.resource === "nodes/proxy" ? { ...r, allowed: false } : r));
    const r = evaluateCheck(installPermissions, { "k8s.accessReviews": escalating, "k8s.identity": identity, "k8s.version": v("36") });
    expect(r.status).toBe("pass");
    expect(r.evidence.find((e) => e.label === "Kubelet API the chart grants")?.value).toContain("not held (not needed: may escalate clusterroles)");
    const unknown = evaluateCheck(installPermissions, { "k8s.accessReviews": noEscalate(), "k8s.identity": identity });
    expect(unknown.summary).toContain("get nodes/pods");
  });
});

describe("k8s.install-permissions", () => {
  it("passes when every review is allowed", () => {
    const r = evaluateCheck(installPermissions, { "k8s.accessReviews": allAllowed(), "k8s.identity": identity });
    expect(r.status).toBe("pass");
    expect(r.summary).toMatch(/^"alice@contoso.com" may perform all \d+ actions/);
  });

  it("fails when its own evidence predicts a rejection (the API server denies these requests of helm install), naming the exact missing permissions", () => {
    const reviews = allAllowed().map((r) =>
      (r.resource === "clusterroles" && (r.verb === "create" || r.verb === "escalate")) || (r.resource === "secrets" && r.verb === "create") ? { ...r, allowed: false } : r,
    );
    const r = evaluateCheck(installPermissions, { "k8s.accessReviews": reviews, "k8s.identity": identity });
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("missing 3 of");
    expect(r.summary).toContain("create clusterroles.rbac.authorization.k8s.io");
    expect(r.summary).toContain("escalate clusterroles.rbac.authorization.k8s.io");
    expect(r.summary).toContain("create secrets in namespace dynatrace");
    expect(r.remediation.commands[0]).toBe(
      "kubectl --context aks-prod-admin create clusterrolebinding dynatrace-installer-admin --clusterrole=cluster-admin --user=alice@contoso.com",
    );
    expect(r.remediation.commands[1]).toContain(`  - apiGroups: ["rbac.authorization.k8s.io"]\n    resources: ["clusterroles"]\n    verbs: ["create", "escalate"]`);
    expect(r.remediation.commands[1]).toContain(`  - apiGroups: [""]\n    resources: ["secrets"]\n    verbs: ["create"]`);
    expect(r.evidence.find((e) => e.label === "Denied")!.value).toBe("3");
    expect(r.evidence.find((e) => e.label === "Denied")!.detail).toContain(
      "create clusterroles.rbac.authorization.k8s.io (operator, webhook, CSI, OneAgent and ActiveGate ClusterRoles)",
    );
  });

  it("still fails with a placeholder user when the identity could not be read", () => {
    const reviews = allAllowed().map((r) => ({ ...r, allowed: r.resource !== "customresourcedefinitions" }));
    const r = evaluateCheck(installPermissions, { "k8s.accessReviews": reviews, "k8s.identity": { kind: "forbidden", message: "selfsubjectreviews forbidden" } });
    expect(r.status).toBe("fail");
    expect(r.remediation.commands[0]).toContain("--user=<user>");
  });

  it("is unknown when the access reviews themselves could not be made", () => {
    const r = evaluateCheck(installPermissions, {
      "k8s.accessReviews": { kind: "unreachable", message: "POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews: ECONNREFUSED" },
      "k8s.identity": identity,
    });
    expect(r.status).toBe("unknown");
    expect(r.reason).toContain("ECONNREFUSED");
  });

  it("binds service accounts with --serviceaccount", () => {
    expect(subjectFlag("system:serviceaccount:ci:deployer")).toBe("--serviceaccount=ci:deployer");
    expect(subjectFlag("")).toBe("--user=<user>");
  });
});
