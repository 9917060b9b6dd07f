// The token secret the operator reads (named after the DynaKube, in the operator namespace), when it already exists:
// apiToken required, dataIngestToken optional, paasToken deprecated, no surrounding whitespace, and the same tokens
// this run checked against the tenant (token/reader.go, token.go; troubleshoot rejects whitespace).
import { defineCheck, type CheckContext } from "@/lib/engine/check";
import type { Evaluation, Evidence } from "@/lib/engine/types";
import type { TokenKey, TokensSecretFact, TokenValueFact } from "@/lib/collect/kubernetes/tokens-secret";
import { DOCS } from "@/lib/checks/sections";

function createCommand(ctx: CheckContext, withIngest: boolean): string {
  const { plan, target } = ctx;
  return (
    `kubectl --context ${target.context} -n ${plan.namespace} create secret generic ${plan.dynakubeName} ` +
    `--from-literal=apiToken=<operator token>${withIngest ? " --from-literal=dataIngestToken=<data-ingest token>" : ""} ` +
    `--dry-run=client -o yaml | kubectl --context ${target.context} apply -f -`
  );
}

function describe(t: TokenValueFact | undefined): string {
  if (!t) return "absent";
  const parts = [t.empty ? "empty" : "set"];
  if (t.surroundingWhitespace) parts.push("with surrounding whitespace");
  if (t.matchesTokenUnderTest === true) parts.push("same as the token under test");
  if (t.matchesTokenUnderTest === false) parts.push("DIFFERENT from the token under test");
  return parts.join(", ");
}

export function evaluateTokensSecret(s: TokensSecretFact, ctx: CheckContext): Evaluation {
  const ref = `${s.namespace}/${s.name}`;
  if (!s.exists) {
    return {
      status: "not-applicable",
      summary: `The token secret ${ref} does not exist yet; create it before applying the DynaKube "${ctx.plan.dynakubeName}".`,
      reason: `Secret ${ref} has not been created yet (nothing to check). Create it with: ${createCommand(ctx, true)}`,
    };
  }
  const evidence: Evidence[] = [
    { label: "Secret", value: `${ref}${s.type ? ` (${s.type})` : ""}` },
    ...(["apiToken", "dataIngestToken", "paasToken"] as TokenKey[]).map((k) => ({ label: k, value: describe(s.tokens[k]) })),
  ];
  if (s.otherKeys.length > 0) evidence.push({ label: "Other keys", value: s.otherKeys.join(", "), detail: "The operator ignores these keys." });

  const fails: string[] = [];
  const warns: string[] = [];
  const api = s.tokens.apiToken;
  if (!api) fails.push("it has no apiToken key (required)");
  else if (api.empty) fails.push("its apiToken is empty");
  for (const k of ["apiToken", "dataIngestToken", "paasToken"] as TokenKey[]) {
    if (s.tokens[k]?.surroundingWhitespace) fails.push(`${k} has leading or trailing whitespace (often a newline from echo); the operator rejects it`);
  }
  if (api?.matchesTokenUnderTest === false) {
    fails.push("its apiToken is not the operator token this run checked against the tenant, so the scopes judged here are not the ones the operator will have");
  }
  const ingest = s.tokens.dataIngestToken;
  if (ingest?.matchesTokenUnderTest === false) warns.push("its dataIngestToken is not the data-ingest token this run checked");
  if (!ingest && ctx.target.tenant?.ingestTokenPublic) warns.push("it has no dataIngestToken although a data-ingest token was given for this run; ingest features will be off");
  if (s.tokens.paasToken) warns.push("it still has a paasToken, which is deprecated (the apiToken with InstallerDownload replaces it)");
  if (s.type && s.type !== "Opaque") warns.push(`its type is ${s.type}; the documented command creates an Opaque (generic) secret`);

  const remediation = {
    text: `Recreate ${ref} with the tokens checked in this run, without whitespace around the values (kubectl --from-literal does not add any; echo does).`,
    commands: [createCommand(ctx, Boolean(ingest) || Boolean(ctx.target.tenant?.ingestTokenPublic))],
  };
  if (fails.length > 0) return { status: "fail", summary: `Token secret ${ref}: ${fails.join("; ")}.`, evidence, remediation };
  if (warns.length > 0) return { status: "warn", summary: `Token secret ${ref} is usable, but ${warns.join("; ")}.`, evidence, remediation };
  const compared = api?.matchesTokenUnderTest === true;
  return {
    status: "pass",
    summary: `Token secret ${ref} has an apiToken${ingest ? " and a dataIngestToken" : ""} without surrounding whitespace${compared ? ", matching the tokens checked in this run" : ""}.`,
    evidence,
  };
}

export const tokensSecret = defineCheck({
  id: "k8s.tokens-secret",
  title: "Token secret in the cluster",
  section: "tenant",
  severity: "blocking",
  checklistItem: "tokens",
  docs: [DOCS.tokens],
  needs: ["k8s.tokensSecret"],
  evaluate: (facts, ctx) => evaluateTokensSecret(facts.get("k8s.tokensSecret"), ctx),
});
