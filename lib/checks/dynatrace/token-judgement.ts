// Shared by dt.operator-token and dt.ingest-token: what a token lookup says against the scopes the plan needs.
import type { CheckContext } from "@/lib/engine/check";
import type { Evaluation, Evidence } from "@/lib/engine/types";
import type { TokenLookupFact } from "@/lib/collect/dynatrace/token-lookup";
import type { ScopeRequirement, TokenRole } from "@/lib/data/token-scopes";

export const EXPIRY_WARNING_DAYS = 30;

/** Classic access tokens (dt0c01…): Managed and older tenants; the page the scope lists come from. */
export const TOKENS_CLASSIC = { title: "Tokens and permissions (Classic)", url: "https://docs.dynatrace.com/docs/ingest-from/setup-on-k8s-classic/deployment/tokens-permissions" };
const DAY = 86_400_000;

export const TOKEN_LABEL: Record<TokenRole, string> = { operator: "operator token", ingest: "data-ingest token" };
export const TOKEN_TEMPLATE: Record<TokenRole, string> = { operator: "Kubernetes: Dynatrace Operator", ingest: "Kubernetes: Data Ingest" };
const SECRET_KEY: Record<TokenRole, string> = { operator: "apiToken", ingest: "dataIngestToken" };
const ENV_VAR: Record<TokenRole, string> = { operator: "DT_OPERATOR_TOKEN", ingest: "DT_INGEST_TOKEN" };

export function lookupCommand(ctx: CheckContext, role: TokenRole, authWith: TokenRole = "operator"): string {
  const api = ctx.target.tenant?.apiUrl ?? "https://<environment-id>.live.dynatrace.com/api";
  // The token comes from an environment variable so it stays out of shell history.
  return `curl -sS -X POST ${api}/v2/apiTokens/lookup -H "Authorization: Api-Token $${ENV_VAR[authWith]}" -H "Content-Type: application/json" -d "{\\"token\\":\\"$${ENV_VAR[role]}\\"}"`;
}

const scopeLine = (s: ScopeRequirement) => `${s.scope} (${s.name}) for ${s.feature}: without it ${s.without}`;

export function daysUntil(iso: string, from: string): number {
  return (Date.parse(iso) - Date.parse(from)) / DAY;
}

/**
 * Judges a lookup that the tenant answered with 200. `needs` are the plan's scopes for this token.
 */
export function judgeLookup(fact: TokenLookupFact, role: TokenRole, needs: ScopeRequirement[], ctx: CheckContext): Evaluation {
  const label = TOKEN_LABEL[role];
  const scopes = new Set(fact.scopes ?? []);
  const missingRequired = needs.filter((s) => s.need === "required" && !scopes.has(s.scope));
  const missingOptional = needs.filter((s) => s.need === "optional" && !scopes.has(s.scope));
  const evidence: Evidence[] = [
    { label: "Token", value: `${fact.id ?? fact.publicPart ?? "?"}${fact.name ? ` "${fact.name}"` : ""}` },
    { label: "Enabled", value: fact.enabled === undefined ? "not reported" : fact.enabled ? "yes" : "no" },
    { label: "Expires", value: fact.expirationDate ?? "never" },
    { label: "Scopes", value: [...scopes].sort().join(", ") || "(none)" },
    { label: "Required by the plan", value: needs.filter((s) => s.need === "required").map((s) => s.scope).join(", ") || "(none)" },
    { label: "Optional for the plan", value: needs.filter((s) => s.need === "optional").map((s) => s.scope).join(", ") || "(none)" },
  ];
  for (const s of missingRequired) evidence.push({ label: "Missing required scope", value: `${s.scope} (${s.name})`, detail: `Needed for ${s.feature}; without it ${s.without}. Source: ${s.source}.` });
  for (const s of missingOptional) evidence.push({ label: "Missing optional scope", value: `${s.scope} (${s.name})`, detail: `Used for ${s.feature}; without it ${s.without}. Source: ${s.source}.` });

  const fixScopes = (missing: ScopeRequirement[]) => ({
    text:
      `Add ${missing.map((s) => s.scope).join(", ")} to the ${label} (Access tokens → the token → edit scopes), or create a new token from the template ` +
      `"${TOKEN_TEMPLATE[role]}" and put it in the secret ${ctx.plan.namespace}/${ctx.plan.dynakubeName} (key ${SECRET_KEY[role]}). Then run the check again.`,
    commands: [lookupCommand(ctx, role)],
  });

  if (fact.enabled === false) {
    return {
      status: "fail",
      summary: `The ${label} is disabled in the tenant; the operator cannot use it.`,
      evidence,
      remediation: { text: `Enable the token in Access tokens, or create a new one from the template "${TOKEN_TEMPLATE[role]}".`, commands: [lookupCommand(ctx, role)] },
    };
  }
  if (fact.expirationDate && daysUntil(fact.expirationDate, fact.checkedAt) <= 0) {
    return {
      status: "fail",
      summary: `The ${label} expired on ${fact.expirationDate.slice(0, 10)}.`,
      evidence,
      remediation: { text: `Create a new token from the template "${TOKEN_TEMPLATE[role]}" and update the secret ${ctx.plan.namespace}/${ctx.plan.dynakubeName}.`, commands: [lookupCommand(ctx, role)] },
    };
  }
  if (missingRequired.length > 0) {
    return {
      status: "fail",
      summary: `The ${label} lacks required scope${missingRequired.length > 1 ? "s" : ""} ${missingRequired.map(scopeLine).join("; ")}.`,
      evidence,
      remediation: fixScopes([...missingRequired, ...missingOptional]),
    };
  }
  const warnings: string[] = [];
  if (fact.expirationDate) {
    const days = Math.floor(daysUntil(fact.expirationDate, fact.checkedAt));
    if (days < EXPIRY_WARNING_DAYS) warnings.push(`expires in ${days} day${days === 1 ? "" : "s"} (${fact.expirationDate.slice(0, 10)})`);
  }
  if (missingOptional.length > 0) warnings.push(`lacks optional scope${missingOptional.length > 1 ? "s" : ""} ${missingOptional.map(scopeLine).join("; ")}`);
  if (warnings.length > 0) {
    return {
      status: "warn",
      summary: `The ${label} works but ${warnings.join(", and ")}.`,
      evidence,
      remediation: missingOptional.length
        ? fixScopes(missingOptional)
        : { text: `Plan the token's rotation: create a new token from the template "${TOKEN_TEMPLATE[role]}" before it expires and update the secret.`, commands: [lookupCommand(ctx, role)] },
    };
  }
  return {
    status: "pass",
    summary: `The ${label} is enabled, ${fact.expirationDate ? `valid until ${fact.expirationDate.slice(0, 10)}` : "does not expire"}, and has every scope the plan needs.`,
    evidence,
  };
}

/** A lookup the tenant did not answer with 200: 401/404 are answers about the token, the rest are undecided. */
export function judgeLookupError(fact: TokenLookupFact, role: TokenRole, ctx: CheckContext): Evaluation {
  const label = TOKEN_LABEL[role];
  const said = fact.error?.message ? `: "${fact.error.message}"` : "";
  const evidence: Evidence[] = [
    { label: "Token", value: fact.publicPart ?? "?" },
    { label: "Lookup", value: `HTTP ${fact.status}${said}` },
  ];
  if (fact.status === 401) {
    if (role === "ingest" && fact.authenticatedWith === "ingest") {
      return {
        status: "fail",
        summary: `The tenant rejected the data-ingest token (401${said}).`,
        evidence,
        remediation: {
          text: `The token is wrong, expired, disabled, or from another environment than ${ctx.target.tenant?.apiUrl ?? "the API URL"}. Create a token from the template "${TOKEN_TEMPLATE.ingest}" (or a platform token with the "Kubernetes Ingest" policy) in this environment.`,
          commands: [lookupCommand(ctx, role, "ingest")],
        },
      };
    }
    if (role === "ingest") {
      return {
        status: "unknown",
        summary: "The data-ingest token could not be looked up: the tenant rejected the operator token that authenticates the lookup.",
        reason: `The tenant answered 401 to the operator token${said}; see dt.operator-token.`,
        evidence,
      };
    }
    return {
      status: "fail",
      summary: `The tenant rejected the operator token (401${said}).`,
      evidence,
      remediation: {
        text: `The token is wrong, expired, disabled, or from another environment than ${ctx.target.tenant?.apiUrl ?? "the API URL"}. Create a token from the template "${TOKEN_TEMPLATE.operator}" in this environment.`,
        commands: [lookupCommand(ctx, role)],
      },
    };
  }
  if (fact.status === 404) {
    return {
      status: "fail",
      summary: `The tenant does not know the ${label} (404${said}): it was deleted or belongs to another environment.`,
      evidence,
      remediation: { text: `Create a token from the template "${TOKEN_TEMPLATE[role]}" in the environment ${ctx.target.tenant?.apiUrl ?? ""} and use it instead.`, commands: [lookupCommand(ctx, role)] },
    };
  }
  const why =
    fact.status === 429
      ? "the tenant rate-limited the lookup (429)"
      : fact.status && fact.status >= 500
        ? `the tenant failed with HTTP ${fact.status}`
        : `the tenant answered HTTP ${fact.status}`;
  return { status: "unknown", summary: `Could not look up the ${label}.`, reason: `${why}${said}; run again later.`, evidence };
}
