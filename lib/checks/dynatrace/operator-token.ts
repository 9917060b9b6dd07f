// Checklist "Tokens": the operator token (secret key apiToken). A classic token (dt0c01…, Managed and older tenants)
// is looked up: known, enabled, not expired, with the scopes the planned DynaKube needs (reference
// dynatrace-operator.md 2.2/2.3, DT-02 and DT-03). A platform token (dt0s16…, today's documented default) has no scope
// list: each permission of the "Kubernetes Operator" policy is proven by the read-only call the operator makes with
// it, and one that only a write could prove makes the result `manual`, never `pass` (platform-judgement.ts).
import { defineCheck } from "@/lib/engine/check";
import { scopesFor } from "@/lib/data/token-scopes";
import { DOCS } from "@/lib/checks/sections";
import { TOKENS_CLASSIC } from "./token-judgement";
import { answerOf, judgePlatformToken } from "./platform-judgement";
import { judgeLookup, judgeLookupError } from "./token-judgement";

export const operatorToken = defineCheck({
  id: "dt.operator-token",
  title: "Operator token valid with the required scopes or permissions",
  section: "tenant",
  severity: "blocking",
  checklistItem: "tokens",
  docs: [DOCS.tokens, TOKENS_CLASSIC, DOCS.tokenLookup],
  // The platform branch reads the answers the deployment API check reads too: each request is made once.
  needs: ["dt.operatorToken", "dt.platformProbes", "dt.connectionInfo", "dt.agentVersion", "dt.settingsWrite"],
  notApplicable: ({ target }) => (target.tenant ? undefined : "No Dynatrace tenant is connected to this run."),
  evaluate(facts, ctx) {
    const t = facts.get("dt.operatorToken");
    if (t.lookup === "not-present") {
      return { status: "unknown", summary: "No operator token to check.", reason: "The tenant connection has no operator token." };
    }
    if (t.kind === "platform") {
      const probes = facts.get("dt.platformProbes");
      const answers = (key: string) => answerOf(facts.result(key as "dt.connectionInfo"));
      return judgePlatformToken(t, probes, answers, ctx);
    }
    if (t.status !== 200 && t.status !== 201) return judgeLookupError(t, "operator", ctx);
    return judgeLookup(t, "operator", scopesFor(ctx.plan, "operator"), ctx);
  },
});
