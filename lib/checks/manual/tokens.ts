// Checklist "Tokens Created": operator and data-ingest tokens with the scopes the planned DynaKube needs.
// Scopes per feature: reference dynatrace-operator.md section 2.2 (pkg/controllers/dynakube/token/feature.go).
import { defineManualCheck } from "@/lib/engine/check";
import { MODE_LABELS, type Mode } from "@/lib/engine/plan";
import { DOCS } from "../sections";
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
  title: "Operator and Data Ingest tokens have the right scopes",
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
      summary: `Create an Operator token (template "Kubernetes: Dynatrace Operator") and a Data Ingest token (template "Kubernetes: Data Ingest") for ${MODE_LABELS[plan.mode]}, then store them in secret ${plan.dynakubeName} in ${plan.namespace}.`,
      remediation:
        `Operator token, required: ${required.map(line).join("; ")}. Optional (features are skipped without them): ${optional.map(line).join("; ")}. ` +
        `Data Ingest token: ${DATA_INGEST_SCOPES.map(line).join("; ")}. ` +
        "Check each token's scopes with the lookup call below (the operator token authenticates both lookups), and that neither is expired. " +
        "Token values must have no leading or trailing whitespace.",
      commands: [
        lookup("DT_OPERATOR_TOKEN"),
        lookup("DT_INGEST_TOKEN"),
        `kubectl --context ${target.context} -n ${plan.namespace} create secret generic ${plan.dynakubeName} --from-literal=apiToken="$DT_OPERATOR_TOKEN" --from-literal=dataIngestToken="$DT_INGEST_TOKEN"`,
      ],
    };
  },
});
