// Checklist "Tokens": the data-ingest token (secret key dataIngestToken): a classic one looked up (with the operator
// token as the operator does, or with itself when the operator token is a platform token), a platform one tried once.
// It is optional for the operator: without it the DynaKube condition reads "Token ready, DataIngest token not
// provided" (pkg/controllers/dynakube/conditions.go), so absence is a warning only where the plan uses it.
import { defineCheck, type CheckContext } from "@/lib/engine/check";
import { MODE_LABELS } from "@/lib/engine/plan";
import type { Evaluation, Evidence } from "@/lib/engine/types";
import type { TokenLookupFact } from "@/lib/collect/dynatrace/token-lookup";
import { INGEST_PERMISSIONS_PROOF, INGEST_POLICY } from "@/lib/data/platform-permissions";
import { scopesFor, type ScopeRequirement } from "@/lib/data/token-scopes";
import { DOCS } from "@/lib/checks/sections";
import { TOKENS_CLASSIC } from "./token-judgement";
import { judgeLookup, judgeLookupError, lookupCommand, TOKEN_TEMPLATE } from "./token-judgement";

export const ingestToken = defineCheck({
  id: "dt.ingest-token",
  title: "Data-ingest token valid with the ingest scopes",
  section: "tenant",
  severity: "blocking",
  checklistItem: "tokens",
  docs: [DOCS.tokens, TOKENS_CLASSIC, DOCS.tokenLookup],
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
    if (t.kind === "platform") return judgePlatformIngest(t, needs, ctx);
    if (t.status !== 200 && t.status !== 201) return judgeLookupError(t, "ingest", ctx);
    return judgeLookup(t, "ingest", needs, ctx);
  },
});

/**
 * A platform data-ingest token: the tenant is asked once whether it accepts the token (a read it has no permission for:
 * 403 means accepted, 401 rejected). Its "Kubernetes Ingest" permissions are only exercised by ingesting data, so
 * where the plan ingests, the result is `manual` with that reason: never a pass.
 */
function judgePlatformIngest(t: TokenLookupFact, needs: ScopeRequirement[], ctx: CheckContext): Evaluation {
  const a = t.authenticates;
  const evidence: Evidence[] = [
    { label: "Token", value: t.publicPart ?? "?", detail: "Platform token: no scope list exists to look up." },
    { label: "Accepted by the tenant", value: a ? `${a.call} → ${a.status}${a.error?.message ? `: "${a.error.message}"` : ""}` : "not asked" },
    { label: "Ingest permissions", value: "not provable read-only", detail: `${INGEST_PERMISSIONS_PROOF.why} (${INGEST_PERMISSIONS_PROOF.call}).` },
  ];
  const uses = needs.length > 0 ? `${[...new Set(needs.map((s) => s.feature))].join("; ")}` : "";
  if (!a) return { status: "unknown", summary: "Could not tell whether the tenant accepts the data-ingest token.", reason: "The token was not tried against the tenant.", evidence };
  if (a.status === 401) {
    return {
      status: needs.length > 0 ? "fail" : "warn",
      summary: `The tenant rejected the platform data-ingest token (401)${needs.length > 0 ? `: ${uses} will not work` : "; this plan does not ingest with it"}.`,
      evidence,
      remediation: {
        text: `Create a new platform token for the cluster's ingest service user (the one with the "${INGEST_POLICY}" policy) in ${ctx.target.tenant?.apiUrl ?? "this environment"}, and put it in the tenant connection and in the secret ${ctx.plan.namespace}/${ctx.plan.dynakubeName} (key dataIngestToken).`,
        commands: [],
      },
    };
  }
  if (a.status !== 403 && (a.status < 200 || a.status >= 300)) {
    return { status: "unknown", summary: "Could not tell whether the tenant accepts the data-ingest token.", reason: `${a.call} answered HTTP ${a.status}${a.error?.message ? `: "${a.error.message}"` : ""}; run again later.`, evidence };
  }
  if (needs.length === 0) {
    return { status: "pass", summary: `The tenant accepts the platform data-ingest token; ${MODE_LABELS[ctx.plan.mode]} ingests nothing with it.`, evidence };
  }
  return {
    status: "manual",
    summary: `The tenant accepts the platform data-ingest token, but its ingest permissions for ${uses} cannot be proven without ingesting data; confirm its policy and attest.`,
    evidence,
    remediation: {
      text: `Confirm that the token belongs to the cluster's ingest service user and that the user's group has the "${INGEST_POLICY}" policy (Account Management → Identity & access management → Service users and Policies), then attest this item.`,
      commands: [],
    },
  };
}
