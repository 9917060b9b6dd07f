// Checklist "Tokens": the operator token (secret key apiToken) is known to the tenant, enabled, not expired, and has
// the scopes the planned DynaKube needs. Rules: reference dynatrace-operator.md 2.2/2.3, DT-02 and DT-03.
import { defineCheck } from "@/lib/engine/check";
import { scopesFor } from "@/lib/data/token-scopes";
import { DOCS } from "../sections";
import { judgeLookup, judgeLookupError } from "./token-judgement";

export const operatorToken = defineCheck({
  id: "dt.operator-token",
  title: "Operator token valid with the required scopes",
  section: "tenant",
  severity: "blocking",
  checklistItem: "tokens",
  docs: [DOCS.tokens, DOCS.tokenLookup],
  needs: ["dt.operatorToken"],
  notApplicable: ({ target }) => (target.tenant ? undefined : "No Dynatrace tenant is connected to this run."),
  evaluate(facts, ctx) {
    const t = facts.get("dt.operatorToken");
    if (t.lookup === "skipped") {
      return {
        status: "pass",
        summary: "The operator token is a platform token (dt0s16…): like the operator, dtready does not look up its scopes. The operator uses the public registry for images with it.",
        evidence: [
          { label: "Token", value: t.publicPart ?? "?" },
          { label: "Kind", value: "platform token", detail: "pkg/util/dttoken/token.go: platform tokens skip the scope lookup." },
        ],
      };
    }
    if (t.lookup === "not-present") {
      return { status: "unknown", summary: "No operator token to check.", reason: "The tenant connection has no operator token." };
    }
    if (t.status !== 200 && t.status !== 201) return judgeLookupError(t, "operator", ctx);
    return judgeLookup(t, "operator", scopesFor(ctx.plan, "operator"), ctx);
  },
});
