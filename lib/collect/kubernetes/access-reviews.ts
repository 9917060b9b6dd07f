// SelfSubjectAccessReviews for every permission a Helm install of the operator needs, and who "self" is.
import { failed } from "@/lib/engine/collector";
import { CollectError } from "@/lib/engine/errors";
import { describeAccess, installAccessChecks, type AccessCheck } from "@/lib/data/install-permissions";
import { defineKubeCollector, kube } from "./context";

export interface AccessReviewFact extends AccessCheck {
  allowed: boolean;
  /** The authorizer's reason or evaluation error, when it gave one. */
  reason?: string;
}

export interface IdentityFact {
  username: string;
  groups: string[];
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "k8s.accessReviews": AccessReviewFact[];
    "k8s.identity": IdentityFact;
  }
}

const MAX_GROUPS = 20;

export const accessReviewsCollector = defineKubeCollector({
  id: "kubernetes.access-reviews",
  produces: ["k8s.accessReviews", "k8s.identity"],
  // The reviews asked are the plan's: namespaced permissions in its namespace, the CSI driver's only with it.
  reads: ["namespace", "csiDriver"],
  async collect(ctx) {
    const k = kube(ctx);
    const checks = installAccessChecks(ctx.plan);
    // Concurrent on purpose; the client's limiter bounds how many are in flight.
    const reviews = Promise.all(
      checks.map(async (c): Promise<AccessReviewFact> => {
        const r = await k.request(ctx, `POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews (${describeAccess(c)})`, (o) =>
          k.api.authz.createSelfSubjectAccessReview(
            { body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { verb: c.verb, group: c.group, resource: c.resource, namespace: c.namespace } } } },
            o,
          ),
        );
        const reason = [r.status?.reason, r.status?.evaluationError].filter(Boolean).join("; ").slice(0, 300);
        return { ...c, allowed: r.status?.allowed === true, ...(reason ? { reason } : {}) };
      }),
    );
    const identity = k
      .request(ctx, "POST /apis/authentication.k8s.io/v1/selfsubjectreviews", (o) =>
        k.api.authn.createSelfSubjectReview({ body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" } }, o),
      )
      .then((r): IdentityFact => ({ username: r.status?.userInfo?.username ?? "", groups: (r.status?.userInfo?.groups ?? []).slice(0, MAX_GROUPS) }))
      .catch((err: unknown) => failed(err instanceof CollectError ? err.kind : "error", err instanceof Error ? err.message : String(err)));
    const [accessReviews, who] = await Promise.all([reviews, identity]);
    return { "k8s.accessReviews": accessReviews, "k8s.identity": who };
  },
});
