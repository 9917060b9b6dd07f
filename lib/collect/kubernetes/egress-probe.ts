// k8s.inClusterEgress (opt-in, plan.egressProbe): a short-lived Pod in the operator namespace that resolves and
// connects to the tenant and the communication endpoints from inside the pod network and reports through its
// termination message. Besides server-side dry runs, this is the only write the product makes: the pod is labelled
// app.kubernetes.io/managed-by=dtready, has a deadline, and is ALWAYS deleted (finally), even when the run times out.
import type { V1Pod } from "@kubernetes/client-node";
import type { CollectContext } from "@/lib/engine/collector";
import { CollectError } from "@/lib/engine/errors";
import type { FactResult } from "@/lib/engine/types";
import type { ConnectionInfoFact } from "@/lib/collect/dynatrace/connection-info";
import { redactProxy } from "@/lib/collect/dynatrace/tenant";
import { defineKubeCollector, kube } from "./context";

export const PROBE_LABELS = { "app.kubernetes.io/managed-by": "dtready", "app.kubernetes.io/name": "dtready-egress-probe", "dtready.dev/purpose": "egress-probe" };
const DEFAULT_WAIT_MS = 45_000;
const POLL_MS = 1_000;

export interface ProbeTargetResult {
  target: string; // host:port
  curlExit: number;
  http?: string; // HTTP status code curl saw ("000" when none)
  ip?: string; // address connected to
}

export interface InClusterEgressFact {
  namespace: string;
  image: string;
  podName?: string;
  node?: string;
  /** host:port pairs the probe was asked to reach. */
  targets: string[];
  /** "proxy": through the tenant connection's proxy (one without credentials); "direct" otherwise. */
  via: "direct" | "proxy";
  /** The proxy used (no credentials), or the reason a configured proxy was not used. */
  proxy?: string;
  proxySkipped?: string;
  /** The pod ran and reported (termination message parsed). */
  completed: boolean;
  phase?: string;
  waitedMs: number;
  /** Why there is no result (not scheduled, image pull failure, namespace missing, …). */
  problem?: string;
  results: ProbeTargetResult[];
  deleted: boolean;
  deleteProblem?: string;
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "k8s.inClusterEgress": InClusterEgressFact;
  }
}

declare module "@/lib/engine/collector" {
  interface CollectClients {
    /** How long the egress probe waits for its pod (tests shorten it). */
    egressProbeWaitMs?: number;
  }
}

// POSIX sh + curl (curlimages/curl has both). One JSON line, well under the 4096-byte termination message limit.
export const PROBE_SCRIPT = [
  'out=\'{"v":1,"results":[\'; sep=""',
  "for t in $TARGETS; do",
  '  r=$(curl -sS -o /dev/null --connect-timeout 5 -m 10 -w "%{http_code} %{remote_ip}" "https://$t/" 2>/dev/null); rc=$?',
  '  out="$out$sep{\\"target\\":\\"$t\\",\\"curlExit\\":$rc,\\"http\\":\\"${r%% *}\\",\\"ip\\":\\"${r#* }\\"}"; sep=","',
  "done",
  'printf "%s]}" "$out" > /dev/termination-log',
].join("\n");

export function probeTargets(apiUrl: string | undefined, endpoints: readonly string[]): string[] {
  const out: string[] = [];
  for (const u of [...(apiUrl ? [apiUrl] : []), ...endpoints]) {
    try {
      const url = new URL(u);
      const t = `${url.hostname}:${url.port || (url.protocol === "http:" ? 80 : 443)}`;
      if (!out.includes(t) && /^[A-Za-z0-9.:[\]-]+$/.test(t)) out.push(t);
    } catch {
      /* not a URL: skipped */
    }
  }
  return out.slice(0, 10);
}

/** The proxy the probe may use: only one without credentials, which must never be written into a pod spec. */
export function probeProxy(proxyUrl: string | undefined): { proxy?: string; skipped?: string } {
  if (!proxyUrl) return {};
  try {
    const u = new URL(proxyUrl);
    if (u.username || u.password) return { skipped: `the proxy ${redactProxy(proxyUrl)} has credentials, which are never put into a pod spec; the probe connected directly` };
    return { proxy: proxyUrl };
  } catch {
    return { skipped: "the proxy URL is not valid" };
  }
}

export function probePod(namespace: string, image: string, targets: string[], deadlineSeconds: number, proxy?: string): V1Pod {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { generateName: "dtready-egress-probe-", namespace, labels: PROBE_LABELS, annotations: { "dynatrace.com/inject": "false" } },
    spec: {
      restartPolicy: "Never",
      activeDeadlineSeconds: deadlineSeconds,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      nodeSelector: { "kubernetes.io/os": "linux" },
      // Pod Security "restricted" compliant, so the probe is admitted in any namespace.
      securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, seccompProfile: { type: "RuntimeDefault" } },
      containers: [
        {
          name: "probe",
          image,
          command: ["sh", "-c", PROBE_SCRIPT],
          env: [{ name: "TARGETS", value: targets.join(" ") }, ...(proxy ? [{ name: "HTTPS_PROXY", value: proxy }, { name: "https_proxy", value: proxy }] : [])],
          resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "64Mi" } },
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] } },
          terminationMessagePath: "/dev/termination-log",
          terminationMessagePolicy: "File",
        },
      ],
    },
  };
}

/** Parses the termination message; undefined when it is not the probe's JSON. */
export function parseProbeMessage(message: string | undefined): ProbeTargetResult[] | undefined {
  if (!message) return undefined;
  try {
    const parsed = JSON.parse(message) as { v?: number; results?: unknown };
    if (parsed.v !== 1 || !Array.isArray(parsed.results)) return undefined;
    return parsed.results
      .filter((r): r is Record<string, unknown> => typeof r === "object" && r !== null)
      .map((r) => ({
        target: String(r.target ?? "").slice(0, 300),
        curlExit: Number(r.curlExit ?? -1),
        ...(typeof r.http === "string" && r.http ? { http: r.http.slice(0, 3) } : {}),
        ...(typeof r.ip === "string" && r.ip && r.ip !== r.http ? { ip: r.ip.slice(0, 45) } : {}),
      }));
  } catch {
    return undefined;
  }
}

/** Why a pod that has not finished is stuck, from its status, in words. */
function waitingReason(pod: V1Pod): string | undefined {
  const waiting = pod.status?.containerStatuses?.[0]?.state?.waiting;
  if (waiting?.reason && /ImagePull|ErrImage|InvalidImageName|CreateContainer/.test(waiting.reason)) return `${waiting.reason}: ${waiting.message ?? ""}`.trim();
  const unschedulable = pod.status?.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False");
  if (unschedulable) return `not scheduled: ${unschedulable.message ?? unschedulable.reason ?? ""}`.trim();
  return undefined;
}

export async function runEgressProbe(ctx: CollectContext, targets: string[], waitMs: number): Promise<InClusterEgressFact> {
  const k = kube(ctx);
  const namespace = ctx.plan.namespace;
  const image = ctx.plan.egressProbeImage;
  const { proxy, skipped } = probeProxy(ctx.clients.tenant?.proxyUrl);
  const fact: InClusterEgressFact = {
    namespace,
    image,
    targets,
    via: proxy ? "proxy" : "direct",
    ...(proxy ? { proxy } : {}),
    ...(skipped ? { proxySkipped: skipped } : {}),
    completed: false,
    waitedMs: 0,
    results: [],
    deleted: false,
  };
  const deadlineSeconds = Math.ceil(waitMs / 1000) + 15;
  let name: string | undefined;
  const started = Date.now();
  try {
    try {
      const created = await k.request(ctx, `POST /api/v1/namespaces/${namespace}/pods (egress probe)`, (o) =>
        k.api.core.createNamespacedPod({ namespace, body: probePod(namespace, image, targets, deadlineSeconds, proxy) }, o),
      );
      name = created.metadata?.name;
      fact.podName = name;
    } catch (err) {
      if (err instanceof CollectError && err.kind === "not-found") {
        fact.problem = `namespace ${namespace} does not exist, so the probe pod could not be created there`;
        fact.deleted = true; // nothing was created
        return fact;
      }
      throw err;
    }
    if (!name) throw new CollectError("invalid", "the API server did not name the created probe pod");
    const podName = name;
    while (Date.now() - started < waitMs && !ctx.signal.aborted) {
      await sleep(POLL_MS, ctx.signal);
      if (ctx.signal.aborted) break;
      const pod = await k.request(ctx, `GET /api/v1/namespaces/${namespace}/pods/${podName}`, (o) => k.api.core.readNamespacedPod({ name: podName, namespace }, o));
      fact.phase = pod.status?.phase;
      fact.node = pod.spec?.nodeName || undefined;
      const terminated = pod.status?.containerStatuses?.[0]?.state?.terminated;
      if (terminated || pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed") {
        const results = parseProbeMessage(terminated?.message);
        if (results) {
          fact.results = results;
          fact.completed = true;
        } else {
          fact.problem = `the probe pod ended (${terminated?.reason ?? pod.status?.phase}) without a readable result${pod.status?.reason ? `: ${pod.status.reason}` : ""}`;
        }
        break;
      }
      const stuck = waitingReason(pod);
      if (stuck && /ImagePull|ErrImage|InvalidImageName/.test(stuck)) {
        fact.problem = `the probe image ${image} could not be pulled (${stuck}); set egressProbeImage to an image in a registry the nodes can pull from`;
        break;
      }
      if (stuck) fact.problem = stuck;
    }
    fact.waitedMs = Date.now() - started;
    if (!fact.completed && !fact.problem?.startsWith("the probe")) {
      const seconds = Math.round(waitMs / 1000);
      const why = fact.problem ?? (fact.node ? `it was scheduled on ${fact.node} but did not finish` : "no node ran it");
      fact.problem = ctx.signal.aborted ? `the run's time budget ran out while waiting for the probe pod (${why})` : `the probe pod did not start within ${seconds} s (${why})`;
    }
    return fact;
  } finally {
    if (name) {
      // A fresh signal: the run's may already be aborted, and the pod must go regardless.
      const cleanup = { signal: AbortSignal.timeout(10_000), noteRequest: ctx.noteRequest };
      const podName = name;
      try {
        await k.request(cleanup, `DELETE /api/v1/namespaces/${namespace}/pods/${podName}`, (o) =>
          k.api.core.deleteNamespacedPod({ name: podName, namespace, gracePeriodSeconds: 0 }, o),
        );
        fact.deleted = true;
      } catch (err) {
        if (err instanceof CollectError && err.kind === "not-found") fact.deleted = true;
        else fact.deleteProblem = `${(err as Error).message}; delete it with: kubectl -n ${namespace} delete pod ${podName}`;
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}

export const egressProbeCollector = defineKubeCollector({
  id: "kubernetes.egress-probe",
  produces: ["k8s.inClusterEgress"],
  reads: ["egressProbe", "namespace", "egressProbeImage"],
  after: ["dt.connectionInfo"],
  async collect(ctx, earlier) {
    if (!ctx.plan.egressProbe) throw new CollectError("error", "the in-cluster egress probe was not requested for this run");
    const info = earlier.get("dt.connectionInfo") as FactResult<ConnectionInfoFact> | undefined;
    const endpoints = info?.ok ? info.value.communicationEndpoints : [];
    const targets = probeTargets(ctx.target.tenant?.apiUrl, endpoints);
    if (targets.length === 0) throw new CollectError("error", "no tenant is connected to this run, so the probe has nothing to reach");
    return { "k8s.inClusterEgress": await runEgressProbe(ctx, targets, ctx.clients.egressProbeWaitMs ?? DEFAULT_WAIT_MS) };
  },
});
