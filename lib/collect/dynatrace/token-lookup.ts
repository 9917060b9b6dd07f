// POST /v2/apiTokens/lookup {"token": …}, authenticated with the operator token for every token, as the operator
// does (pkg/clients/dynatrace/token/client.go). Platform tokens (dt0s16…) are not looked up, like the operator.
// The fact keeps what the lookup says about the token; never the token itself.
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
}

interface ApiTokenAnswer {
  id?: string;
  name?: string;
  enabled?: boolean;
  expirationDate?: string | null;
  scopes?: unknown;
}

export async function lookupToken(ctx: CollectContext, client: DynatraceClient, token: string | undefined, label: string): Promise<TokenLookupFact> {
  const checkedAt = new Date().toISOString();
  if (!token) return { present: false, lookup: "not-present", checkedAt };
  const kind = tokenKind(token);
  const base = { present: true, kind, publicPart: tokenPublicPart(token), checkedAt };
  if (kind === "platform") return { ...base, lookup: "skipped" };
  const r = await client.call<ApiTokenAnswer>(ctx, `POST /v2/apiTokens/lookup (${label})`, {
    method: "POST",
    path: "/v2/apiTokens/lookup",
    body: { token },
  });
  if (r.status !== 200 && r.status !== 201) return { ...base, lookup: "done", status: r.status, error: r.error };
  const b = r.body ?? {};
  const scopes = Array.isArray(b.scopes) ? b.scopes.filter((s): s is string => typeof s === "string") : [];
  return {
    ...base,
    lookup: "done",
    status: r.status,
    // The lookup's id is the token's public part; anything else is not shown.
    id: typeof b.id === "string" && /^dt0[a-z]\d{2}\.[A-Z0-9]{1,24}$/.test(b.id) ? b.id : undefined,
    name: typeof b.name === "string" ? b.name.slice(0, 200) : undefined,
    enabled: typeof b.enabled === "boolean" ? b.enabled : undefined,
    expirationDate: typeof b.expirationDate === "string" ? b.expirationDate : undefined,
    scopes: scopes.slice(0, 200),
  };
}
