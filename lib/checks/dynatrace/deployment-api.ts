// The deployment API the operator depends on, called as the operator calls it: connection info with communication
// endpoints (DT-06), the latest OneAgent version (DT-05, troubleshoot step 6) and, validate-only, the Kubernetes
// settings registration (DT-10; nothing is written in the tenant).
import { defineCheck, type CheckContext } from "@/lib/engine/check";
import type { FactResult, Evaluation, Evidence, Status } from "@/lib/engine/types";
import type { AgentVersionFact } from "@/lib/collect/dynatrace/agent-version";
import type { ConnectionInfoFact } from "@/lib/collect/dynatrace/connection-info";
import type { SettingsWriteFact } from "@/lib/collect/dynatrace/settings-write";
import { DOCS } from "@/lib/checks/sections";

interface Part {
  status: Exclude<Status, "not-applicable" | "manual">;
  /** One sentence for the summary. */
  text: string;
  evidence: Evidence;
  fix?: string;
}

const said = (e?: { message: string }) => (e?.message ? `: "${e.message}"` : "");

function undecided(r: FactResult, what: string): Part {
  const err = r.ok ? undefined : r.error;
  const timedOut = err?.kind === "timeout";
  return {
    status: "unknown",
    text: `${what}: ${timedOut ? "timed out" : "could not be asked"} (${err?.message ?? "?"})`,
    evidence: { label: what, value: timedOut ? "timed out" : "not collected", detail: err?.message },
  };
}

function httpUndecided(status: number, error: { message: string } | undefined, what: string): Part {
  const why = status === 429 ? "rate-limited (429)" : `HTTP ${status}`;
  return { status: "unknown", text: `${what}: the tenant answered ${why}${said(error)}`, evidence: { label: what, value: why, detail: error?.message } };
}

function connectionInfoPart(r: FactResult<ConnectionInfoFact>, platform: boolean): Part {
  const what = "Connection info";
  if (!r.ok) return undecided(r, what);
  const f = r.value;
  if (f.status === 200) {
    if (f.communicationEndpoints.length === 0) {
      return {
        status: "fail",
        text: "connection info lists no communication endpoints",
        evidence: { label: what, value: "no communication endpoints" },
        fix: "The tenant returned no communication endpoints; OneAgents would have nowhere to send data. Contact Dynatrace support.",
      };
    }
    return {
      status: "pass",
      text: `connection info lists ${f.communicationEndpoints.length} communication endpoint${f.communicationEndpoints.length > 1 ? "s" : ""}`,
      evidence: { label: "Communication endpoints", value: f.communicationEndpoints.join(", "), detail: f.networkZone ? `network zone ${f.networkZone}` : undefined },
    };
  }
  if (f.status === 400 && f.networkZone) {
    return {
      status: "warn",
      text: `no ActiveGate serves the network zone "${f.networkZone}"${said(f.error)}`,
      evidence: { label: what, value: `HTTP 400 for network zone ${f.networkZone}`, detail: f.error?.message },
      fix: `Check the network zone name, or deploy an ActiveGate for the zone "${f.networkZone}" (the operator treats 400 as "no ActiveGate for the network zone").`,
    };
  }
  if (f.status === 401 || f.status === 403) {
    return {
      status: "fail",
      text: `connection info was refused (${f.status}${said(f.error)})`,
      evidence: { label: what, value: `HTTP ${f.status}`, detail: f.error?.message },
      fix:
        f.status === 403
          ? platform
            ? 'Give the token\'s service user fleet-management:oneagent.connection-info:read (the "Kubernetes Operator" policy); see dt.operator-token.'
            : "Give the operator token the InstallerDownload scope (PaaS integration - Installer download)."
          : "The operator token is rejected; see dt.operator-token.",
    };
  }
  return httpUndecided(f.status, f.error, what);
}

function agentVersionPart(r: FactResult<AgentVersionFact>, platform: boolean): Part {
  const what = "Latest OneAgent version";
  if (!r.ok) return undecided(r, what);
  const f = r.value;
  if (f.status === 200) {
    if (!f.latestAgentVersion) {
      return { status: "fail", text: "the tenant reports no latest OneAgent version", evidence: { label: what, value: "empty" }, fix: "The tenant offers no OneAgent installer; contact Dynatrace support." };
    }
    return { status: "pass", text: `the latest OneAgent is ${f.latestAgentVersion}`, evidence: { label: what, value: f.latestAgentVersion } };
  }
  if (f.status === 401 || f.status === 403 || f.status === 404) {
    return {
      status: "fail",
      text: `the latest OneAgent version could not be read (${f.status}${said(f.error)})`,
      evidence: { label: what, value: `HTTP ${f.status}`, detail: f.error?.message },
      fix:
        f.status === 403
          ? platform
            ? 'Give the token\'s service user fleet-management:oneagents:download (the "Kubernetes Operator" policy).'
            : "Give the operator token the InstallerDownload scope."
          : f.status === 404
            ? "Check the API URL: the deployment API is not at this address."
            : "The operator token is rejected; see dt.operator-token.",
    };
  }
  return httpUndecided(f.status, f.error, what);
}

function settingsPart(r: FactResult<SettingsWriteFact>, platform: boolean): Part {
  const what = "Settings write (validate only)";
  if (!r.ok) return undecided(r, what);
  const f = r.value;
  if (f.permitted === true) return { status: "pass", text: "writing the Kubernetes settings is permitted (validated, nothing written)", evidence: { label: what, value: `permitted (${f.schemaId})` } };
  if (f.permitted === false) {
    return {
      status: "warn",
      text: `writing the Kubernetes settings is not permitted (403${said(f.error)}): the cluster will not be registered for Kubernetes monitoring automatically`,
      evidence: { label: what, value: "403 forbidden", detail: f.error?.message },
      fix: `Give the operator token ${platform ? 'settings:objects:read and settings:objects:write (the "Kubernetes Operator" policy)' : "settings.read and settings.write"}, or register the cluster manually in Dynatrace (Kubernetes → Connect manually).`,
    };
  }
  if (f.status === 401) return { status: "fail", text: "the settings API rejected the operator token (401)", evidence: { label: what, value: "HTTP 401" }, fix: "See dt.operator-token." };
  return httpUndecided(f.status, f.error, what);
}

const RANK: Record<Part["status"], number> = { fail: 4, unknown: 3, warn: 2, pass: 1 };

export function evaluateDeploymentApi(parts: Part[], ctx: CheckContext): Evaluation {
  const worst = parts.reduce((w, p) => (RANK[p.status] > RANK[w] ? p.status : w), "pass" as Part["status"]);
  const evidence = parts.map((p) => p.evidence);
  const api = ctx.target.tenant?.apiUrl ?? "<api-url>";
  const commands = [
    `curl -sS -H "Authorization: Api-Token $DT_OPERATOR_TOKEN" ${api}/v1/deployment/installer/agent/connectioninfo | jq '{tenantUUID, communicationEndpoints}'`,
    `curl -sS -H "Authorization: Api-Token $DT_OPERATOR_TOKEN" "${api}/v1/deployment/installer/agent/unix/default/latest/metainfo?bitness=64&flavor=default"`,
  ];
  const bad = parts.filter((p) => p.status !== "pass");
  if (worst === "pass") return { status: "pass", summary: `The deployment API works: ${parts.map((p) => p.text).join("; ")}.`, evidence };
  const summary = `${bad.map((p) => p.text).join("; ")}.`;
  const fixes = bad.map((p) => p.fix).filter(Boolean);
  if (worst === "unknown" && !bad.some((p) => p.status === "fail")) {
    return { status: "unknown", summary: `Could not tell whether the deployment API works: ${summary}`, reason: bad.filter((p) => p.status === "unknown").map((p) => p.text).join("; "), evidence };
  }
  return {
    status: worst,
    summary: summary.charAt(0).toUpperCase() + summary.slice(1),
    evidence,
    remediation: { text: fixes.join(" ") || "Run again; the evidence shows each answer.", commands },
  };
}

export const deploymentApi = defineCheck({
  id: "dt.deployment-api",
  title: "Deployment API usable (connection info, agent version, settings)",
  section: "tenant",
  severity: "blocking",
  checklistItem: "environment",
  docs: [DOCS.deployment, DOCS.network],
  needs: ["dt.connectionInfo", "dt.agentVersion", "dt.settingsWrite"],
  notApplicable: ({ target }) => (target.tenant ? undefined : "No Dynatrace tenant is connected to this run."),
  evaluate(facts, ctx) {
    // The tenant summary keeps the token's public prefix: dt0s16 is a platform token, whose permissions have other names.
    const platform = ctx.target.tenant?.operatorTokenPublic.startsWith("dt0s16.") === true;
    return evaluateDeploymentApi(
      [connectionInfoPart(facts.result("dt.connectionInfo"), platform), agentVersionPart(facts.result("dt.agentVersion"), platform), settingsPart(facts.result("dt.settingsWrite"), platform)],
      ctx,
    );
  },
});
