// Can the connected identity install the operator chart? One SelfSubjectAccessReview per verb and resource.
import { defineCheck } from "@/lib/engine/check";
import type { Evaluation, Evidence } from "@/lib/engine/types";
import { describeAccess, isKubeletReview, kubeletGrants, purposeOf } from "@/lib/data/install-permissions";
import type { AccessReviewFact } from "@/lib/collect/kubernetes/access-reviews";
import { DOCS } from "../sections";

const INSTALLER_ROLE = "dynatrace-operator-installer";

/** A ClusterRole granting exactly the denied permissions, as a copyable `kubectl apply` heredoc. */
export function installerClusterRole(denied: readonly AccessReviewFact[], context: string): string {
  const rules = new Map<string, { group: string; resource: string; verbs: string[] }>();
  for (const d of denied) {
    const key = `${d.group}/${d.resource}`;
    const r = rules.get(key) ?? { group: d.group, resource: d.resource, verbs: [] };
    if (!r.verbs.includes(d.verb)) r.verbs.push(d.verb);
    rules.set(key, r);
  }
  const lines = [
    `kubectl --context ${context} apply -f - <<'EOF'`,
    "apiVersion: rbac.authorization.k8s.io/v1",
    "kind: ClusterRole",
    "metadata:",
    `  name: ${INSTALLER_ROLE}`,
    "rules:",
    ...[...rules.values()].flatMap((r) => [`  - apiGroups: ["${r.group}"]`, `    resources: ["${r.resource}"]`, `    verbs: [${r.verbs.map((v) => `"${v}"`).join(", ")}]`]),
    "EOF",
  ];
  return lines.join("\n");
}

/** `--user=alice` or `--serviceaccount=ns:name`, so the binding command is copyable as is. */
export function subjectFlag(username: string | undefined): string {
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(username ?? "");
  if (sa) return `--serviceaccount=${sa[1]}:${sa[2]}`;
  return `--user=${username || "<user>"}`;
}

export const installPermissions = defineCheck({
  id: "k8s.install-permissions",
  title: "Permissions to install the operator",
  section: "cluster",
  severity: "blocking",
  checklistItem: "permissions",
  docs: [DOCS.deployment, DOCS.security],
  needs: ["k8s.accessReviews", "k8s.identity"],
  // The cluster's version decides which kubelet API permission the chart's ClusterRoles grant.
  uses: ["k8s.version"],
  evaluate(facts, { target, plan }): Evaluation {
    const all = facts.get("k8s.accessReviews");
    const who = facts.result("k8s.identity");
    const version = facts.result("k8s.version");
    const username = who.ok ? who.value.username : undefined;
    const reviews = all.filter((r) => !isKubeletReview(r));
    const denied = reviews.filter((r) => !r.allowed);
    // Without escalate on clusterroles, RBAC lets Helm create the chart's ClusterRoles only if the installer holds
    // what they grant: then the kubelet API permissions for this release and cluster version are needed too.
    const escalate = reviews.find((r) => r.verb === "escalate" && r.resource === "clusterroles");
    const grants = kubeletGrants(plan.operatorVersion, version.ok ? version.value.gitVersion : undefined);
    const grantReviews = grants.flatMap((g) => all.filter((r) => r.verb === g.verb && r.group === g.group && r.resource === g.resource).map((r) => ({ r, g })));
    const needsGrants = !!escalate && !escalate.allowed;
    if (needsGrants) denied.push(...grantReviews.filter(({ r }) => !r.allowed).map(({ r }) => r));
    const required = reviews.length + (needsGrants ? grantReviews.length : 0);
    const evidence: Evidence[] = [
      { label: "Identity", value: username ?? "(not reported)", detail: who.ok ? (who.value.groups.length ? `groups: ${who.value.groups.join(", ")}` : undefined) : who.error.message },
      { label: "Reviewed", value: `${reviews.length} actions (SelfSubjectAccessReview)`, detail: plan.csiDriver ? "including the CSI driver's objects" : "CSI driver disabled in the plan" },
      { label: "Allowed", value: String(reviews.length - denied.filter((d) => !isKubeletReview(d)).length) },
    ];
    if (grantReviews.length) {
      evidence.push({
        label: "Kubelet API the chart grants",
        value: grantReviews.map(({ r }) => `${describeAccess(r)}: ${r.allowed ? "held" : escalate?.allowed ? "not held (not needed: may escalate clusterroles)" : "not held"}`).join("; "),
        detail: `${grants.map((g) => `${g.resource} ${g.why}`).join("; ")}. Cluster ${version.ok ? version.value.gitVersion : "version unknown (both required)"}, operator ${plan.operatorVersion}.`,
      });
    }
    if (reviews.length === 0) {
      return { status: "unknown", summary: "No permissions were reviewed.", reason: "the access review list was empty", evidence };
    }
    if (denied.length === 0) {
      return { status: "pass", summary: `${username ? `"${username}"` : "The identity"} may perform all ${reviews.length} actions a Helm install of the operator needs.`, evidence };
    }
    const missing = denied.map(describeAccess);
    evidence.push({
      label: "Denied",
      value: String(denied.length),
      detail: denied.map((d) => `${describeAccess(d)}${purposeOf(d) ? ` (${purposeOf(d)})` : ""}`).join("\n"),
    });
    const shown = missing.length <= 6 ? missing.join(", ") : `${missing.slice(0, 6).join(", ")} and ${missing.length - 6} more`;
    const subject = subjectFlag(username);
    return {
      status: "fail",
      summary: `${username ? `"${username}"` : "The identity"} is missing ${denied.length} of ${required} permissions the operator install needs: ${shown}.`,
      evidence,
      remediation: {
        text:
          `Run the install as a cluster administrator, or grant this identity the missing permissions. ` +
          `The first command binds cluster-admin (what the prerequisites recommend); the next two grant only what is missing.`,
        commands: [
          `kubectl --context ${target.context} create clusterrolebinding dynatrace-installer-admin --clusterrole=cluster-admin ${subject}`,
          installerClusterRole(denied, target.context),
          `kubectl --context ${target.context} create clusterrolebinding ${INSTALLER_ROLE} --clusterrole=${INSTALLER_ROLE} ${subject}`,
        ],
      },
    };
  },
});
