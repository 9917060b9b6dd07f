// POST /v2/apiTokens/lookup {"token": …} for classic tokens, authenticated with the operator token as the operator
// does (pkg/clients/dynatrace/token/client.go); when the operator token is a platform token, a classic data-ingest
// token authenticates its own lookup (the docs: the lookup takes "an access token with any scope"). Platform tokens
// (dt0s16…) have no scope list to look up: the operator skips them, and dtready proves their permissions by calls
// instead (platform-probes.ts). The fact keeps what the tenant says about the token; never the token itself.
import type { CollectContext } from "@/lib/engine/collector";
import type { DynatraceApiError, DynatraceClient } from "./client";
import { tokenKind, tokenPublicPart, type TokenKind } from "./tenant";

export interface TokenLookupFact {
  present: boolean;
  kind?: TokenKind;
  /** dt0c01.ABCDEFGH… */
  publicPart?: string;
  /** "done": the tenant answered (see status); "skipped": platform token, not looked up (as the operator does). */
  lookup: "done" | "skipped" | "not-present";
  /** HTTP status of the lookup: 200 found; 401 the operator token was rejected; 404 unknown token. */
  status?: number;
  error?: DynatraceApiError;
  id?: string;
  name?: string;
  enabled?: boolean;
  /** ISO timestamp; absent when the token never expires. */
  expirationDate?: string;
  scopes?: string[];
  /** When the collector looked (to judge expiry against). */
  checkedAt: string;
  /**
   * Platform data-ingest token only: one read call authenticated with it (it lacks the permission, so 403 proves the
   * tenant accepts the token and 401 that it does not). Its ingest permissions are not provable without ingesting.
   */
  authenticates?: { call: string; status: number; error?: DynatraceApiError };
  /** Which token authenticated the lookup (the data-ingest token authenticates its own when the operator's is a platform token). */
  authenticatedWith?: "operator" | "ingest";
}

interface ApiTokenAnswer {
  id?: string;
  name?: string;
  enabled?: boolean;
  expirationDate?: string | null;
  scopes?: unknown;
}

/** A settings read with no secret in its answer: the data-ingest token's authentication probe. */
export const INGEST_AUTH_CALL = { path: "/v2/settings/objects", query: { schemaIds: "builtin:cloud.kubernetes", fields: "objectId", pageSize: "1" } };

export async function lookupToken(
  ctx: CollectContext,
  client: DynatraceClient,
  token: string | undefined,
  label: string,
  authWith: "operator" | "ingest" = "operator",
): Promise<TokenLookupFact> {
  const checkedAt = new Date().toISOString();
  if (!token) return { present: false, lookup: "not-present", checkedAt };
  const kind = tokenKind(token);
  const base = { present: true, kind, publicPart: tokenPublicPart(token), checkedAt };
  if (kind === "platform") {
    if (authWith !== "ingest") return { ...base, lookup: "skipped" };
    const r = await client.call<unknown>(ctx, `GET ${INGEST_AUTH_CALL.path}?schemaIds=builtin:cloud.kubernetes (authenticated with the ${label})`, { ...INGEST_AUTH_CALL, token: "ingest" });
    return { ...base, lookup: "skipped", authenticates: { call: `GET ${INGEST_AUTH_CALL.path}`, status: r.status, error: r.error } };
  }
  const r = await client.call<ApiTokenAnswer>(ctx, `POST /v2/apiTokens/lookup (${label}${authWith === "ingest" ? ", authenticated with itself" : ""})`, {
    method: "POST",
    path: "/v2/apiTokens/lookup",
    body: { token },
    token: authWith,
  });
  if (r.status !== 200 && r.status !== 201) return { ...base, lookup: "done", status: r.status, error: r.error, authenticatedWith: authWith };
  const b = r.body ?? {};
  const scopes = Array.isArray(b.scopes) ? b.scopes.filter((s): s is string => typeof s === "string") : [];
  return {
    ...base,
    lookup: "done",
    status: r.status,
    authenticatedWith: authWith,
    // The lookup's id is the token's public part; anything else is not shown.
    id: typeof b.id === "string" && /^dt0[a-z]\d{2}\.[A-Z0-9]{1,24}$/.test(b.id) ? b.id : undefined,
    name: typeof b.name === "string" ? b.name.slice(0, 200) : undefined,
    enabled: typeof b.enabled === "boolean" ? b.enabled : undefined,
    expirationDate: typeof b.expirationDate === "string" ? b.expirationDate : undefined,
    scopes: scopes.slice(0, 200),
  };
}
