// The tenant's API answers from the dashboard host: DNS, TCP (or the proxy), TLS with the custom CA bundle, HTTP.
// A failure names its layer; a TLS-intercepting proxy is named by its certificate issuer (reference DT-01, section 5).
import { defineCheck, type CheckContext } from "@/lib/engine/check";
import type { Evaluation, Evidence } from "@/lib/engine/types";
import type { ReachabilityFact } from "@/lib/collect/dynatrace/reachability";
import { REACHABILITY_PATH } from "@/lib/data/token-scopes";
import { DOCS } from "@/lib/checks/sections";

function commands(f: ReachabilityFact): string[] {
  const proxy = f.proxy ? ` --proxy '${f.proxy}'` : "";
  const ca = f.customCaBundle ? " --cacert ca-bundle.pem" : "";
  const out = [`curl -sS -o /dev/null -w '%{http_code}\\n'${proxy}${ca} ${f.apiUrl}${REACHABILITY_PATH}`];
  const connect = f.proxy ? ` -proxy ${new URL(f.proxy).host}` : "";
  out.push(`openssl s_client -connect ${f.host}:${f.port}${connect} -servername ${f.host} -showcerts </dev/null`);
  return out;
}

function remediationFor(f: ReachabilityFact): string {
  switch (f.failedLayer) {
    case "DNS":
      return `The dashboard host cannot resolve ${f.host}. Check its DNS resolver, or set the proxy your network uses to reach the internet.`;
    case "TCP":
      return `Allow outbound TCP ${f.port} from the dashboard host to ${f.host} (firewall, NSG, egress rules), or set the proxy your network requires.`;
    case "proxy":
      return "Check the proxy URL, port and credentials (http://user:password@host:port), and that the proxy allows CONNECT to the tenant on port 443.";
    case "TLS":
      if (f.interception) {
        return (
          `A proxy presents its own certificate, issued by "${f.interception.issuer}" (TLS interception). Add that CA to the tenant connection's CA bundle ` +
          "and to the DynaKube's trustedCAs ConfigMap (key certs), or ask for the tenant to be excluded from inspection."
        );
      }
      return f.customCaBundle
        ? "The certificate is not signed by the system roots or by the custom CA bundle. Add the issuing CA (for Managed, your own CA) to the bundle."
        : "The certificate is not trusted by the system roots. For Managed with your own CA, add the CA bundle to the tenant connection (and trustedCAs in the DynaKube).";
    case "HTTP":
      return "The TLS connection works but the tenant did not answer properly. Check the API URL (Managed: https://<host>/e/<environment-id>/api) and the tenant's status.";
    default:
      return "Run again; if it persists, the evidence says which layer failed.";
  }
}

export function evaluateReachability(f: ReachabilityFact, _ctx: CheckContext): Evaluation {
  const evidence: Evidence[] = [
    { label: "API URL", value: f.apiUrl },
    { label: "Path", value: f.via === "proxy" ? `through the proxy ${f.proxy}` : "direct (no proxy)" },
    ...f.layers.map((l) => ({ label: l.layer, value: `${l.ok ? "ok" : "FAILED"}${l.ms !== undefined ? ` in ${l.ms} ms` : ""}`, detail: l.detail })),
  ];
  if (f.tls) {
    evidence.push({
      label: "Certificate",
      value: `issued by ${f.tls.issuer}`,
      detail: `${f.tls.authorized ? "trusted" : `not trusted (${f.tls.authorizationError ?? "?"})`}${f.tls.customCaUsed ? ", only thanks to the custom CA bundle" : ""}`,
    });
  }
  if (f.direct) evidence.push({ label: "Direct connection", value: f.direct.issuer ? `certificate issued by ${f.direct.issuer}` : `no TLS: ${f.direct.error ?? "?"}` });
  if (f.httpStatus !== undefined) evidence.push({ label: "HTTP status", value: String(f.httpStatus), detail: "Unauthenticated request: any answer below 500 proves the path." });
  const interceptionText = f.interception
    ? f.interception.confirmed
      ? `The proxy intercepts TLS: it presents a certificate issued by "${f.interception.issuer}", the tenant's own is issued by "${f.interception.directIssuer}".`
      : `The certificate seen through the proxy is issued by "${f.interception.issuer}" and is ${f.tls?.authorized ? "trusted only thanks to the custom CA bundle" : "not trusted"}: probably a TLS-intercepting proxy.`
    : undefined;
  if (interceptionText) evidence.push({ label: "TLS interception", value: f.interception!.issuer, detail: interceptionText });

  if (f.failureKind === "timeout") {
    return {
      status: "unknown",
      summary: `The tenant at ${f.host} did not answer in time (${f.failedLayer} layer).`,
      reason: `Timed out at the ${f.failedLayer} layer: ${f.failure}`,
      evidence,
      remediation: { text: remediationFor(f), commands: commands(f) },
    };
  }
  if (!f.ok) {
    return {
      status: "fail",
      summary: `The tenant at ${f.host} cannot be reached: the ${f.failedLayer} layer failed (${f.failure})${interceptionText ? `. ${interceptionText}` : ""}`,
      evidence,
      remediation: { text: remediationFor(f), commands: commands(f) },
    };
  }
  const via = f.via === "proxy" ? ` through the proxy ${f.proxy}` : "";
  if (f.interception) {
    return {
      status: "warn",
      summary: `The tenant answers${via}, but ${interceptionText}`,
      evidence,
      remediation: {
        text:
          "The operator, OneAgent and ActiveGate must trust the intercepting CA too: put it in the DynaKube's trustedCAs ConfigMap (key certs). " +
          "Better, exclude the tenant and communication endpoints from TLS inspection.",
        commands: commands(f),
      },
    };
  }
  const total = f.layers.reduce((n, l) => n + (l.ms ?? 0), 0);
  return {
    status: "pass",
    summary: `The tenant at ${f.host} answers${via} (DNS, TCP, TLS and HTTP in ${total} ms)${f.tls?.customCaUsed ? ", trusted through the custom CA bundle" : ""}.`,
    evidence,
  };
}

export const tenantReachable = defineCheck({
  id: "dt.tenant-reachable",
  title: "Dynatrace tenant reachable",
  section: "tenant",
  severity: "blocking",
  checklistItem: "environment",
  docs: [DOCS.network, DOCS.deployment],
  needs: ["dt.reachability"],
  notApplicable: ({ target }) => (target.tenant ? undefined : "No Dynatrace tenant is connected to this run."),
  evaluate(facts, ctx) {
    return evaluateReachability(facts.get("dt.reachability"), ctx);
  },
});
