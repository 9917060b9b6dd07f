import { describe, expect, it } from "vitest";
import { CollectError } from "@/lib/engine/errors";
import { isFailed } from "@/lib/engine/collector";
import { parsePlan } from "@/lib/engine/plan";
import { accessReviewsCollector, type AccessReviewFact } from "./access-reviews";

type Attrs = { verb: string; group: string; resource: string; namespace?: string };

function fakeClient(opts: { allow: (a: Attrs) => boolean; identity: "ok" | "forbidden" }) {
  const requests: string[] = [];
  const client = {
    server: "https://k",
    api: {
      authz: {
        createSelfSubjectAccessReview: async ({ body }: { body: { spec: { resourceAttributes: Attrs } } }) => {
          const allowed = opts.allow(body.spec.resourceAttributes);
          return { status: { allowed, ...(allowed ? { reason: 'RBAC: allowed by ClusterRoleBinding "x"' } : {}) } };
        },
      },
      authn: {
        createSelfSubjectReview: async () => {
          if (opts.identity === "forbidden") throw new CollectError("forbidden", "POST selfsubjectreviews is forbidden (403)");
          return { status: { userInfo: { username: "alice", groups: ["team-a", "system:authenticated"] } } };
        },
      },
    },
    request: async (ctx: { noteRequest(d: string): void }, d: string, call: () => Promise<unknown>) => (ctx.noteRequest(d), call()),
  };
  const ctx = {
    plan: parsePlan({ namespace: "dt", csiDriver: false }),
    target: { kind: "kubeconfig" as const, name: "t", context: "t", server: "https://k" },
    signal: new AbortController().signal,
    noteRequest: (d: string) => requests.push(d),
    clients: { kubernetes: client as never },
  };
  return { ctx, requests };
}

describe("accessReviewsCollector", () => {
  it("sends one review per verb and resource, namespaced ones in the plan's namespace, and reads who the identity is", async () => {
    const { ctx, requests } = fakeClient({ allow: (a) => a.resource !== "clusterroles" || a.verb !== "escalate", identity: "ok" });
    const out = await accessReviewsCollector.collect(ctx, new Map());
    const reviews = out["k8s.accessReviews"] as AccessReviewFact[];
    expect(reviews.length).toBe(requests.length - 1);
    expect(reviews.filter((r) => !r.allowed)).toEqual([{ verb: "escalate", group: "rbac.authorization.k8s.io", resource: "clusterroles", allowed: false }]);
    expect(reviews.find((r) => r.resource === "secrets" && r.verb === "create")).toMatchObject({ namespace: "dt", allowed: true });
    expect(reviews.some((r) => r.resource === "csidrivers")).toBe(false); // CSI driver off in this plan
    expect(requests).toContain("POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews (escalate clusterroles.rbac.authorization.k8s.io)");
    expect(out["k8s.identity"]).toEqual({ username: "alice", groups: ["team-a", "system:authenticated"] });
  });

  it("still returns the reviews when the identity cannot be read", async () => {
    const { ctx } = fakeClient({ allow: () => true, identity: "forbidden" });
    const out = await accessReviewsCollector.collect(ctx, new Map());
    expect((out["k8s.accessReviews"] as AccessReviewFact[]).every((r) => r.allowed)).toBe(true);
    expect(isFailed(out["k8s.identity"])).toBe(true);
    expect(out["k8s.identity"]).toMatchObject({ kind: "forbidden" });
  });
});
