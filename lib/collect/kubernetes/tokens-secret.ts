// GET /api/v1/namespaces/<ns>/secrets/<dynakube>: the operator's token secret, if it was created before the install.
// The values are read, judged and compared with the tokens under test HERE, then dropped: the fact holds only
// key names and booleans, never a token or anything derived from one (no hash, no length, no prefix).
import type { V1Secret } from "@kubernetes/client-node";

import { CollectError } from "@/lib/engine/errors";
import { defineKubeCollector, kube } from "./context";

export const TOKEN_KEYS = ["apiToken", "dataIngestToken", "paasToken"] as const;
export type TokenKey = (typeof TOKEN_KEYS)[number];

export interface TokenValueFact {
  empty: boolean;
  /** Leading or trailing whitespace (a newline from `echo` or a copied line); the operator rejects it. */
  surroundingWhitespace: boolean;
  /**
   * Whether the value (trimmed) equals the token under test for this key: apiToken ↔ operator token,
   * dataIngestToken ↔ ingest token. Absent when this run has no such token to compare with.
   */
  matchesTokenUnderTest?: boolean;
}

export interface TokensSecretFact {
  name: string;
  namespace: string;
  exists: boolean;
  type?: string;
  tokens: Partial<Record<TokenKey, TokenValueFact>>;
  /** Names of other keys (names only), at most 20. */
  otherKeys: string[];
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "k8s.tokensSecret": TokensSecretFact;
  }
}

/** What the secret says, given the tokens under test (if any). Exported for unit tests; values never leave it. */
export function judgeTokensSecret(
  name: string,
  namespace: string,
  secret: Pick<V1Secret, "type" | "data">,
  underTest: { operatorToken?: string; ingestToken?: string },
): TokensSecretFact {
  const tokens: TokensSecretFact["tokens"] = {};
  const otherKeys: string[] = [];
  for (const [key, b64] of Object.entries(secret.data ?? {})) {
    if (!(TOKEN_KEYS as readonly string[]).includes(key)) {
      if (otherKeys.length < 20) otherKeys.push(key);
      continue;
    }
    const value = Buffer.from(b64 ?? "", "base64").toString("utf8");
    const compareWith = key === "apiToken" ? underTest.operatorToken : key === "dataIngestToken" ? underTest.ingestToken : undefined;
    const fact: TokenValueFact = { empty: value.trim() === "", surroundingWhitespace: value !== value.trim() };
    if (compareWith !== undefined) fact.matchesTokenUnderTest = value.trim() === compareWith;
    tokens[key as TokenKey] = fact;
  }
  return { name, namespace, exists: true, ...(secret.type ? { type: secret.type } : {}), tokens, otherKeys: otherKeys.sort() };
}

export const tokensSecretCollector = defineKubeCollector({
  id: "kubernetes.tokens-secret",
  produces: ["k8s.tokensSecret"],
  reads: ["namespace", "dynakubeName"],
  async collect(ctx) {
    const k = kube(ctx);
    const name = ctx.plan.dynakubeName;
    const namespace = ctx.plan.namespace;
    try {
      const secret = await k.request(ctx, `GET /api/v1/namespaces/${namespace}/secrets/${name}`, (o) => k.api.core.readNamespacedSecret({ name, namespace }, o));
      const tenant = ctx.clients.tenant;
      return { "k8s.tokensSecret": judgeTokensSecret(name, namespace, secret, { operatorToken: tenant?.operatorToken, ingestToken: tenant?.ingestToken }) };
    } catch (err) {
      if (err instanceof CollectError && err.kind === "not-found") return { "k8s.tokensSecret": { name, namespace, exists: false, tokens: {}, otherKeys: [] } };
      if (err instanceof CollectError && err.kind === "forbidden") {
        throw new CollectError("forbidden", `this identity may not read secret ${namespace}/${name} (403), so the token secret cannot be checked`, 403);
      }
      throw err;
    }
  },
});
