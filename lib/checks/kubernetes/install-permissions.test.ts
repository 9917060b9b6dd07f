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
