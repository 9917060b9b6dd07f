// Checklist "Tokens Created": operator and data-ingest tokens with the permissions the planned DynaKube needs.
// Today's default: two platform tokens of a dedicated service user with the "Kubernetes Operator" and "Kubernetes
// Ingest" policies (lib/data/platform-permissions.ts); classic tokens (Managed, older tenants) with the scopes per
// feature of reference dynatrace-operator.md section 2.2 (pkg/controllers/dynakube/token/feature.go).
import { defineManualCheck } from "@/lib/engine/check";
import { MODE_LABELS, type Mode } from "@/lib/engine/plan";
import { INGEST_POLICY, OPERATOR_PERMISSIONS, OPERATOR_POLICY } from "@/lib/data/platform-permissions";
import { DOCS } from "@/lib/checks/sections";
import { ENV_API } from "./placeholders";

interface Scope {
  id: string;
  name: string;
  why: string;
}

/** Operator token scopes the planned mode needs (required) and uses when present (optional). */
export function operatorTokenScopes(mode: Mode): { required: Scope[]; optional: Scope[] } {
  const required: Scope[] = [
    { id: "InstallerDownload", name: "PaaS integration - Installer download", why: "download OneAgent/code modules (no paasToken)" },
    { id: "DataExport", name: "Access problem and event feed, metrics, and topology", why: "host availability detection (Helm default on)" },
    { id: "activeGateTokenManagement.create", name: "Create ActiveGate tokens", why: "the DynaKube deploys an ActiveGate" },
  ];
  const optional: Scope[] = [
    { id: "settings.read", name: "Read settings", why: mode === "platform" ? "Kubernetes API monitoring registration" : "Kubernetes registration and code-module injection settings" },
    { id: "settings.write", name: "Write settings", why: "registers the cluster for Kubernetes API monitoring automatically" },
  ];
  return { required, optional };
}

export const DATA_INGEST_SCOPES: Scope[] = [
  { id: "metrics.ingest", name: "Ingest metrics", why: "metrics via ActiveGate / OTLP" },
  { id: "logs.ingest", name: "Ingest logs", why: "log and OTLP log ingest" },
  { id: "openTelemetryTrace.ingest", name: "Ingest OpenTelemetry traces", why: "OTLP traces" },
];

const line = (s: Scope) => `${s.id} (${s.name}: ${s.why})`;

export const tokens = defineManualCheck({
  id: "manual.tokens",
  title: "Operator and Data Ingest tokens have the right permissions",
  section: "tenant",
  severity: "blocking",
  checklistItem: "tokens",
  docs: [DOCS.tokens],
  notApplicable: ({ target }) =>
    target.tenant ? "Verified automatically by dt.operator-token and dt.ingest-token against the connected tenant." : undefined,
  instructions: ({ plan, target }) => {
    const { required, optional } = operatorTokenScopes(plan.mode);
    const lookup = (v: string) =>
      `curl -sS -X POST ${ENV_API}/v2/apiTokens/lookup -H "Authorization: Api-Token $DT_OPERATOR_TOKEN" -H "Content-Type: application/json" -d "{\\"token\\":\\"$${v}\\"}"`;
    return {
      summary: `Create an Operator token and a Data Ingest token for ${MODE_LABELS[plan.mode]}: platform tokens of the cluster's service user with the "${OPERATOR_POLICY}" and "${INGEST_POLICY}" policies (SaaS default), or classic tokens from the templates "Kubernetes: Dynatrace Operator" and "Kubernetes: Data Ingest" (Managed). Store them in secret ${plan.dynakubeName} in ${plan.namespace}.`,
      remediation:
        `Platform tokens (dt0s16…): the operator token needs ${OPERATOR_PERMISSIONS.map((p) => `${p.permission}${p.need === "optional" ? " (optional)" : ""}`).join(", ")}; connect the tenant to have dtready prove them. ` +
        `Classic tokens (dt0c01…): Operator token, required: ${required.map(line).join("; ")}. Optional (features are skipped without them): ${optional.map(line).join("; ")}. ` +
        `Data Ingest token: ${DATA_INGEST_SCOPES.map(line).join("; ")}. ` +
        "Check each classic token's scopes with the lookup call below (the operator token authenticates both lookups), and that neither is expired. " +
        "Token values must have no leading or trailing whitespace.",
      commands: [
        lookup("DT_OPERATOR_TOKEN"),
        lookup("DT_INGEST_TOKEN"),
        `kubectl --context ${target.context} -n ${plan.namespace} create secret generic ${plan.dynakubeName} --from-literal=apiToken="$DT_OPERATOR_TOKEN" --from-literal=dataIngestToken="$DT_INGEST_TOKEN"`,
      ],
    };
  },
});
