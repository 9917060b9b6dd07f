// The opt-in egress probe's result: what a pod in the operator namespace could reach, judged per target, and an
// honest account of what that does and does not prove.
import { defineCheck, type CheckContext } from "@/lib/engine/check";
import type { Evaluation, Evidence } from "@/lib/engine/types";
import type { InClusterEgressFact, ProbeTargetResult } from "@/lib/collect/kubernetes/egress-probe";
import { DOCS } from "@/lib/checks/sections";

export type Layer = "DNS" | "TCP" | "TLS" | "HTTP";

export interface TargetVerdict {
  target: string;
  ok: boolean;
  /** The layer that failed, or undefined when all passed. */
  failedAt?: Layer;
  /** Reachable, but the certificate was not trusted by the probe image's CA store. */
  untrustedCertificate?: boolean;
  text: string;
}

/** curl exit codes → the layer that failed (curl(1) "EXIT CODES"). */
export function judgeTarget(r: ProbeTargetResult): TargetVerdict {
  const at = r.ip ? ` (${r.ip})` : "";
  switch (r.curlExit) {
    case 0:
      return { target: r.target, ok: true, text: `DNS ✓, TCP ✓, TLS ✓, HTTP ${r.http ?? "?"}${at}` };
    case 6:
      return { target: r.target, ok: false, failedAt: "DNS", text: "DNS: the name does not resolve from inside the pod" };
    case 7:
      return { target: r.target, ok: false, failedAt: "TCP", text: `DNS ✓, TCP: connection refused or unreachable${at}` };
    case 28:
      return { target: r.target, ok: false, failedAt: r.ip ? "TLS" : "TCP", text: r.ip ? `DNS ✓, TCP connected${at}, then no answer within 10 s` : "timed out connecting (DNS or TCP; a firewall dropping packets looks like this)" };
    case 5:
      return { target: r.target, ok: false, failedAt: "DNS", text: "the proxy's name does not resolve from inside the pod" };
    case 56:
      return { target: r.target, ok: false, failedAt: "TCP", text: `the connection broke while receiving (a proxy refusing CONNECT looks like this)${at}` };
    case 35:
      return { target: r.target, ok: false, failedAt: "TLS", text: `DNS ✓, TCP ✓, TLS handshake failed${at}` };
    case 60:
      return { target: r.target, ok: false, failedAt: "TLS", untrustedCertificate: true, text: `DNS ✓, TCP ✓, TLS: the certificate is not trusted by the probe image's CA store${at} (TLS inspection or a private CA)` };
    default:
      return { target: r.target, ok: false, failedAt: "HTTP", text: `curl exit code ${r.curlExit}${at}` };
  }
}

function notProven(f: InClusterEgressFact): string[] {
  return [
    "egress of the nodes themselves (image pulls by the container runtime, hostNetwork OneAgent pods)",
    f.via === "proxy" ? "direct egress (the probe went through the proxy)" : `egress through the proxy${f.proxySkipped ? ` (${f.proxySkipped})` : " (none is configured)"}`,
    "egress from application namespaces, which may have other NetworkPolicies",
  ];
}

export function evaluateInClusterEgress(f: InClusterEgressFact, ctx: CheckContext): Evaluation {
  const evidence: Evidence[] = [
    {
      label: "Probe pod",
      value: `${f.podName ?? "(not created)"} in ${f.namespace}, image ${f.image}${f.node ? `, on node ${f.node}` : ""}`,
      detail: "Besides server-side dry runs, this probe pod is the only object dtready writes to a cluster; it is labelled app.kubernetes.io/managed-by=dtready and deleted after the run.",
    },
    { label: "Probe pod deleted", value: f.podName ? (f.deleted ? "yes" : `NO: ${f.deleteProblem ?? "unknown"}`) : "nothing was created" },
  ];
  const leftover = f.podName && !f.deleted ? [`kubectl --context ${ctx.target.context} -n ${f.namespace} delete pod ${f.podName}`] : [];
  if (!f.completed) {
    return {
      status: "unknown",
      summary: `The in-cluster egress probe gave no result: ${f.problem ?? "no result"}.${leftover.length ? " The probe pod could not be deleted." : ""}`,
      reason: f.problem ?? "the probe reported no result",
      evidence: [...evidence, { label: "Not proven", value: `egress from the pod network to ${f.targets.join(", ")}` }],
      remediation: {
        text: "Make sure a Linux node can run the probe image (or set egressProbeImage to a mirror), or verify egress from a pod by hand.",
        commands: [
          `kubectl --context ${ctx.target.context} -n ${f.namespace} run dtready-egress-check --rm -i --restart=Never --image=${f.image} --labels=app.kubernetes.io/managed-by=dtready -- curl -sS -o /dev/null -w "%{http_code}\\n" https://${f.targets[0] ?? "<tenant host>"}/`,
          ...leftover,
        ],
      },
    };
  }
  const verdicts = f.results.map(judgeTarget);
  for (const v of verdicts) evidence.push({ label: v.target, value: v.text });
  const ok = verdicts.filter((v) => v.ok);
  evidence.push({ label: "Proven from inside the pod network", value: ok.length ? `DNS, TCP and TLS to ${ok.map((v) => v.target).join(", ")}` : "nothing reachable" });
  evidence.push({ label: "Not proven", value: notProven(f).join("; ") });
  evidence.push({ label: "Path", value: f.via === "proxy" ? `through the proxy ${f.proxy}` : "direct" });

  const tenantTarget = f.targets[0];
  const failed = verdicts.filter((v) => !v.ok);
  const hardFailed = failed.filter((v) => !v.untrustedCertificate);
  const remediation = {
    text: "Allow egress on TCP 443 from the operator namespace (NetworkPolicy, Azure Firewall / NSG / UDR rules) to the tenant and every communication endpoint; with TLS inspection, give the DynaKube the inspecting CA via trustedCAs.",
    commands: [`kubectl --context ${ctx.target.context} -n ${f.namespace} get networkpolicies`, ...leftover],
  };
  const tenantFailed = hardFailed.find((v) => v.target === tenantTarget);
  if (hardFailed.length > 0 && f.proxySkipped) {
    // The operator will use the proxy; a direct path failing is expected where all egress goes through it.
    return {
      status: "warn",
      summary: `From a pod in ${f.namespace}, direct connections failed (${hardFailed.map((v) => `${v.target} at ${v.failedAt}`).join("; ")}); the operator will use the proxy instead, which the probe could not test because ${f.proxySkipped.replace(/; the probe connected directly$/, "")}.`,
      evidence,
      remediation,
    };
  }
  if (tenantFailed || (hardFailed.length > 0 && hardFailed.length === verdicts.length)) {
    return {
      status: "fail",
      summary: `From a pod in ${f.namespace}, ${hardFailed.map((v) => `${v.target} failed at ${v.failedAt}`).join("; ")}: the operator could not reach Dynatrace from this cluster.`,
      evidence,
      remediation,
    };
  }
  if (failed.length > 0) {
    return {
      status: "warn",
      summary: `From a pod in ${f.namespace}, ${ok.length} of ${verdicts.length} targets are reachable; ${failed.map((v) => `${v.target}: ${v.text}`).join("; ")}.`,
      evidence,
      remediation,
    };
  }
  return {
    status: "pass",
    summary: `From a pod in ${f.namespace}${f.node ? ` on ${f.node}` : ""}, the tenant and ${verdicts.length - 1} communication endpoint(s) resolve and accept TLS connections (${f.via === "proxy" ? `through the proxy ${f.proxy}` : "direct"}).`,
    evidence,
  };
}

export const inClusterEgress = defineCheck({
  id: "k8s.in-cluster-egress",
  title: "Egress from the cluster to Dynatrace (probe pod)",
  section: "network",
  severity: "blocking",
  checklistItem: "network-access",
  docs: [DOCS.network],
  needs: ["k8s.inClusterEgress"],
  notApplicable: ({ plan, target }) =>
    !plan.egressProbe
      ? "The in-cluster egress probe is opt-in (it creates a short-lived pod) and was not requested for this run."
      : !target.tenant
        ? "No Dynatrace tenant is connected to this run."
        : undefined,
  evaluate: (facts, ctx) => evaluateInClusterEgress(facts.get("k8s.inClusterEgress"), ctx),
});
