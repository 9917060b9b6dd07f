// Checklist "Tokens": the data-ingest token (secret key dataIngestToken), looked up with the operator token as the
// operator does. It is optional for the operator: without it the DynaKube condition reads "Token ready, DataIngest
// token not provided" (pkg/controllers/dynakube/conditions.go), so absence is a warning only where the plan uses it.
import { defineCheck } from "@/lib/engine/check";
import { MODE_LABELS } from "@/lib/engine/plan";
import { scopesFor } from "@/lib/data/token-scopes";
import { DOCS } from "../sections";
import { judgeLookup, judgeLookupError, lookupCommand, TOKEN_TEMPLATE } from "./token-judgement";

export const ingestToken = defineCheck({
  id: "dt.ingest-token",
  title: "Data-ingest token valid with the ingest scopes",
  section: "tenant",
  severity: "blocking",
  checklistItem: "tokens",
  docs: [DOCS.tokens, DOCS.tokenLookup],
  needs: ["dt.ingestToken"],
  notApplicable: ({ target }) => (target.tenant ? undefined : "No Dynatrace tenant is connected to this run."),
  evaluate(facts, ctx) {
    const t = facts.get("dt.ingestToken");
    const needs = scopesFor(ctx.plan, "ingest");
    if (t.lookup === "not-present") {
      if (needs.length === 0) {
        return {
          status: "pass",
          summary: `No data-ingest token, and ${MODE_LABELS[ctx.plan.mode]} uses none; the operator reports "DataIngest token not provided" and carries on.`,
          evidence: [{ label: "Data-ingest token", value: "not provided" }],
        };
      }
      const features = [...new Set(needs.map((s) => s.feature))].join("; ");
      return {
        status: "warn",
        summary: `DataIngest token not provided: ${features} will not work (${needs.map((s) => s.scope).join(", ")}). The operator installs without it.`,
        evidence: [
          { label: "Data-ingest token", value: "not provided" },
          { label: "Scopes the plan would use", value: needs.map((s) => s.scope).join(", ") },
        ],
        remediation: {
          text: `Create a token from the template "${TOKEN_TEMPLATE.ingest}", add it to the tenant connection, and store it as dataIngestToken in the secret ${ctx.plan.namespace}/${ctx.plan.dynakubeName}.`,
          commands: [lookupCommand(ctx, "ingest")],
        },
      };
    }
    if (t.status !== 200 && t.status !== 201) return judgeLookupError(t, "ingest", ctx);
    return judgeLookup(t, "ingest", needs, ctx);
  },
});
