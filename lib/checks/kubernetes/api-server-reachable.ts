import { defineCheck } from "@/lib/engine/check";
import { DOCS } from "@/lib/checks/sections";

export const apiServerReachable = defineCheck({
  id: "k8s.api-server-reachable",
  title: "Kubernetes API server reachable",
  section: "cluster",
  severity: "blocking",
  docs: [DOCS.deployment],
  needs: ["k8s.version"],
  evaluate(facts, { target }) {
    const r = facts.result("k8s.version");
    if (r.ok) {
      return {
        status: "pass",
        summary: `The API server at ${target.server} answered (Kubernetes ${r.value.gitVersion}).`,
        evidence: [
          { label: "Server", value: target.server },
          { label: "Request", value: r.source.requests.join(", ") || "GET /version" },
          { label: "Answered in", value: `${r.durationMs} ms` },
        ],
      };
    }
    const evidence = [
      { label: "Server", value: target.server || "not known: no kubeconfig was obtained" },
      { label: "Error", value: r.error.system ? `${r.error.kind} (${r.error.system})` : r.error.kind, detail: r.error.message },
    ];
    // Another system failed before the API server was asked (Entra ID refused the token, Resource Manager withheld
    // the kubeconfig): nothing is known about the API server, and the fix is that system's.
    if (r.error.system) {
      return {
        status: "unknown",
        summary: `The API server was not asked: ${r.error.system} failed first.`,
        reason: r.error.message.includes(r.error.system) ? r.error.message : `${r.error.system}: ${r.error.message}`,
        evidence,
        remediation: { text: r.error.remedy ?? `Fix what ${r.error.system} reported, then run again.`, commands: [] },
      };
    }
    // Unauthorized and unreachable are definite answers about this connection, so they fail the check.
    if (r.error.kind === "unreachable" || r.error.kind === "unauthorized" || r.error.kind === "timeout") {
      const what = r.error.kind === "unauthorized" ? "rejected the credentials" : r.error.kind === "timeout" ? "did not answer in time" : "could not be reached";
      return {
        status: "fail",
        summary: `The API server at ${target.server} ${what}.`,
        evidence,
        remediation: {
          text:
            r.error.kind === "unauthorized"
              ? "The token or client certificate in the kubeconfig is no longer accepted. Fetch fresh credentials and update the connection."
              : "Check that the dashboard host can reach the API server (VPN, authorized IP ranges, private cluster endpoint, proxy).",
          commands: [`kubectl --context ${target.context} get --raw /version`],
        },
      };
    }
    return { status: "unknown", summary: "Could not tell whether the API server works.", reason: r.error.message, evidence };
  },
});
