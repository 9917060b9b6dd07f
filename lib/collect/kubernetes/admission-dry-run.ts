// Server-side dry runs (dryRun=All) of the workloads the plan installs in its namespace (CSI driver, webhook,
// operator, ActiveGate, OneAgent in full-stack): the API server runs authentication, RBAC and every admission step
// (Pod Security, quota, LimitRange, webhooks such as Gatekeeper's, policies) and persists nothing. Each workload is
// sent as its controller object and as the Pod it would create, because Pod Security `enforce` rejects only Pods
// (controllers merely get warnings).
import { ApiException, type ConfigurationOptions } from "@kubernetes/client-node";

import type { FactResult } from "@/lib/engine/types";
import { activeGateStatefulSet, csiDriverDaemonSet, oneAgentDaemonSet, operatorDeployment, podFromTemplate, webhookDeployment } from "@/lib/data/operator-workloads";
import { statusOf, type KubeClient } from "./client";
import { defineKubeCollector, kube } from "./context";
import type { NamespaceFact } from "./namespace";

export interface DryRunResult {
  workload: "csi-driver" | "webhook" | "operator" | "activegate" | "oneagent";
  kind: "DaemonSet" | "Deployment" | "StatefulSet" | "Pod";
  name: string;
  request: string;
  allowed: boolean;
  statusCode?: number;
  /** Status.reason of a rejection, e.g. Forbidden, Invalid, AlreadyExists. */
  reason?: string;
  /** Status.message, trimmed. */
  message?: string;
  /**
   * Status.details.name. Admission plugins and webhooks reject a named object (`pods "x" is forbidden: ...`), while
   * the authorizer denies the request before any object is read, so its 403 has no name (`pods is forbidden: User
   * ...`). Absent in facts stored before it was recorded.
   */
  detailsName?: string;
  /** Status.details.causes as "field: message" (422 Invalid lists each invalid field), trimmed. */
  causes?: string[];
  /** Warning headers (e.g. Pod Security `would violate PodSecurity ...`). */
  warnings: string[];
}

export interface AdmissionDryRunFact {
  namespace: string;
  /** Set when nothing was sent: the namespace does not exist, or whether it does is unknown. */
  skipped?: { reason: "namespace-absent" | "namespace-unknown"; detail: string };
  results: DryRunResult[];
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "k8s.admissionDryRun": AdmissionDryRunFact;
  }
}

const MAX_MESSAGE = 600;
const MAX_WARNINGS = 10;

/** Warning headers look like `299 - "text"`; several may be joined with ", " by the HTTP stack. */
export function parseWarnings(header: string | undefined): string[] {
  if (!header) return [];
  const out: string[] = [];
  for (const m of header.matchAll(/\d{3} \S+ "((?:[^"\\]|\\.)*)"/g)) out.push(m[1]!.replace(/\\(.)/g, "$1").slice(0, MAX_MESSAGE));
  return (out.length > 0 ? out : [header.slice(0, MAX_MESSAGE)]).slice(0, MAX_WARNINGS);
}

type Outcome = Pick<DryRunResult, "allowed" | "statusCode" | "reason" | "message" | "detailsName" | "causes" | "warnings">;
const MAX_CAUSES = 10;

async function dryRun(
  k: KubeClient,
  ctx: Parameters<KubeClient["request"]>[0],
  request: string,
  call: (o?: ConfigurationOptions) => Promise<{ httpStatusCode: number; headers: Record<string, string> }>,
): Promise<Outcome> {
  return k.request(ctx, request, async (o) => {
    try {
      const r = await call(o);
      return { allowed: true, statusCode: r.httpStatusCode, warnings: parseWarnings(r.headers["warning"]) };
    } catch (err) {
      // An API answer is the finding itself; only transport failures (timeouts, TLS, refused) fail the fact.
      if (!(err instanceof ApiException)) throw err;
      const status = statusOf(err);
      const headers = (err.headers ?? {}) as Record<string, string>;
      const message = status?.message?.slice(0, MAX_MESSAGE);
      // AlreadyExists is decided by storage after admission has passed, so the object was admitted.
      const admitted = err.code === 409 && status?.reason === "AlreadyExists";
      const causes = (status?.details?.causes ?? [])
        .slice(0, MAX_CAUSES)
        .map((c) => [c.field, c.message].filter(Boolean).join(": ").slice(0, MAX_MESSAGE))
        .filter(Boolean);
      return {
        allowed: admitted,
        statusCode: err.code,
        reason: status?.reason,
        ...(message ? { message } : {}),
        ...(status?.details?.name ? { detailsName: status.details.name } : {}),
        ...(causes.length ? { causes } : {}),
        warnings: parseWarnings(headers["warning"]),
      };
    }
  });
}

export const admissionDryRunCollector = defineKubeCollector({
  id: "kubernetes.admission-dry-run",
  produces: ["k8s.admissionDryRun"],
  // It dry-runs the plan's own workloads (image of the release, namespace, names, the mode's and the code-module delivery's workloads).
  reads: ["namespace", "csiDriver", "codeModules", "operatorVersion", "mode", "dynakubeName"],
  after: ["k8s.namespace"],
  async collect(ctx, earlier) {
    const namespace = ctx.plan.namespace;
    const ns = earlier.get("k8s.namespace") as FactResult<NamespaceFact> | undefined;
    if (!ns || !ns.ok) {
      const detail = ns && !ns.ok ? ns.error.message : "the namespace was not read";
      return { "k8s.admissionDryRun": { namespace, skipped: { reason: "namespace-unknown", detail }, results: [] } };
    }
    if (!ns.value.exists) {
      return { "k8s.admissionDryRun": { namespace, skipped: { reason: "namespace-absent", detail: `namespace ${namespace} does not exist` }, results: [] } };
    }

    const k = kube(ctx);
    const jobs: Promise<DryRunResult>[] = [];
    const add = (workload: DryRunResult["workload"], kind: DryRunResult["kind"], name: string, path: string, call: Parameters<typeof dryRun>[3]) => {
      const request = `POST ${path}?dryRun=All (${name})`;
      jobs.push(dryRun(k, ctx, request, call).then((o) => ({ workload, kind, name, request, ...o })));
    };

    if (ctx.plan.csiDriver) {
      const ds = csiDriverDaemonSet(ctx.plan);
      const pod = podFromTemplate(`${ds.metadata!.name}-dtready-dryrun`, namespace, ds.spec!.template);
      add("csi-driver", "DaemonSet", ds.metadata!.name!, `/apis/apps/v1/namespaces/${namespace}/daemonsets`, (o) =>
        k.api.apps.createNamespacedDaemonSetWithHttpInfo({ namespace, body: ds, dryRun: "All" }, o),
      );
      add("csi-driver", "Pod", pod.metadata!.name!, `/api/v1/namespaces/${namespace}/pods`, (o) =>
        k.api.core.createNamespacedPodWithHttpInfo({ namespace, body: pod, dryRun: "All" }, o),
      );
    }
    const dep = webhookDeployment(ctx.plan);
    const webhookPod = podFromTemplate(`${dep.metadata!.name}-dtready-dryrun`, namespace, dep.spec!.template);
    add("webhook", "Deployment", dep.metadata!.name!, `/apis/apps/v1/namespaces/${namespace}/deployments`, (o) =>
      k.api.apps.createNamespacedDeploymentWithHttpInfo({ namespace, body: dep, dryRun: "All" }, o),
    );
    add("webhook", "Pod", webhookPod.metadata!.name!, `/api/v1/namespaces/${namespace}/pods`, (o) =>
      k.api.core.createNamespacedPodWithHttpInfo({ namespace, body: webhookPod, dryRun: "All" }, o),
    );
    const op = operatorDeployment(ctx.plan);
    const opPod = podFromTemplate(`${op.metadata!.name}-dtready-dryrun`, namespace, op.spec!.template);
    add("operator", "Deployment", op.metadata!.name!, `/apis/apps/v1/namespaces/${namespace}/deployments`, (o) =>
      k.api.apps.createNamespacedDeploymentWithHttpInfo({ namespace, body: op, dryRun: "All" }, o),
    );
    add("operator", "Pod", opPod.metadata!.name!, `/api/v1/namespaces/${namespace}/pods`, (o) => k.api.core.createNamespacedPodWithHttpInfo({ namespace, body: opPod, dryRun: "All" }, o));
    // Every mode plans an ActiveGate (operator-components.ts); the operator creates it from the DynaKube.
    const ag = activeGateStatefulSet(ctx.plan);
    const agPod = podFromTemplate(`${ag.metadata!.name}-dtready-dryrun`, namespace, ag.spec!.template);
    add("activegate", "StatefulSet", ag.metadata!.name!, `/apis/apps/v1/namespaces/${namespace}/statefulsets`, (o) =>
      k.api.apps.createNamespacedStatefulSetWithHttpInfo({ namespace, body: ag, dryRun: "All" }, o),
    );
    add("activegate", "Pod", agPod.metadata!.name!, `/api/v1/namespaces/${namespace}/pods`, (o) => k.api.core.createNamespacedPodWithHttpInfo({ namespace, body: agPod, dryRun: "All" }, o));
    if (ctx.plan.mode === "full-stack") {
      const oa = oneAgentDaemonSet(ctx.plan);
      const oaPod = podFromTemplate(`${oa.metadata!.name}-dtready-dryrun`, namespace, oa.spec!.template);
      add("oneagent", "DaemonSet", oa.metadata!.name!, `/apis/apps/v1/namespaces/${namespace}/daemonsets`, (o) =>
        k.api.apps.createNamespacedDaemonSetWithHttpInfo({ namespace, body: oa, dryRun: "All" }, o),
      );
      add("oneagent", "Pod", oaPod.metadata!.name!, `/api/v1/namespaces/${namespace}/pods`, (o) => k.api.core.createNamespacedPodWithHttpInfo({ namespace, body: oaPod, dryRun: "All" }, o));
    }

    return { "k8s.admissionDryRun": { namespace, results: await Promise.all(jobs) } };
  },
});
