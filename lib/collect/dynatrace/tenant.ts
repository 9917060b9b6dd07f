// A Dynatrace tenant connection: validated once at the boundary (form, API, CLI) with messages a person can act on.
import { X509Certificate } from "node:crypto";
import { z } from "zod";
import type { TenantSummary } from "@/lib/engine/types";

/** Secret: the tokens never leave the server, are never logged, stored only encrypted. */
export interface TenantConnection {
  /** Normalised: https://…/api, without a trailing slash. */
  apiUrl: string;
  operatorToken: string;
  ingestToken?: string;
  /** http(s)://[user:pass@]host:port of a forward proxy the operator would use. */
  proxyUrl?: string;
  /** PEM bundle of extra CAs to trust (the DynaKube's trustedCAs). */
  caBundle?: string;
  networkZone?: string;
}

/** What may be shown and stored about a tenant: no secrets. */
export type { TenantSummary };

export type TokenKind = "classic" | "platform" | "unknown";

export const EXAMPLE_API_URL = "https://ENVIRONMENTID.live.dynatrace.com/api";
const MAX_API_URL = 128; // the DynaKube CRD's limit

/** classic dt0c01.<24 public>.<64 secret>; platform dt0s16.<…>. */
export function tokenKind(token: string): TokenKind {
  if (/^dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}$/.test(token)) return "classic";
  if (/^dt0s16\.[A-Za-z0-9._-]+$/.test(token)) return "platform";
  return "unknown";
}

/** The part of a token that is safe to show: `dt0c01.ABC…` (prefix and the start of the public id). */
export function tokenPublicPart(token: string): string {
  const m = /^(dt0[a-z]\d{2})\.([A-Za-z0-9]{0,24})/.exec(token);
  if (m) return `${m[1]}.${m[2]!.slice(0, 8)}…`;
  return token.length > 4 ? "(unrecognised token)" : "(empty)";
}

export class TenantInputError extends Error {
  constructor(
    readonly field: "name" | "apiUrl" | "operatorToken" | "ingestToken" | "proxyUrl" | "caBundle" | "networkZone",
    message: string,
  ) {
    super(message);
    this.name = "TenantInputError";
  }
}

/**
 * Accepts the SaaS (`https://<env>.live.dynatrace.com/api`), Managed (`https://<host>/e/<env>/api`) and
 * third-generation (`https://<env>.apps.dynatrace.com`, rewritten to `.live.…/api` as the operator does)
 * forms. Throws TenantInputError with what to type instead.
 */
export function normalizeApiUrl(input: string): string {
  const raw = input.trim();
  if (!raw) throw new TenantInputError("apiUrl", "The API URL is empty.");
  if (raw.toUpperCase().includes("ENVIRONMENTID")) {
    throw new TenantInputError("apiUrl", `That is the documentation's example URL (${EXAMPLE_API_URL}); replace ENVIRONMENTID with your environment ID.`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TenantInputError("apiUrl", `"${raw}" is not a URL. Expected https://<environment-id>.live.dynatrace.com/api or https://<host>/e/<environment-id>/api.`);
  }
  if (url.protocol !== "https:") throw new TenantInputError("apiUrl", "The API URL must use https://.");
  if (url.search || url.hash) throw new TenantInputError("apiUrl", "The API URL must not have a query string or fragment.");
  const host = url.hostname.toLowerCase();
  let path = url.pathname.replace(/\/+$/, "");
  if (host.includes(".apps.")) {
    // The operator rewrites <env>.apps.<domain> to <env>.live.<domain>/api (pkg/util/dtapiurl).
    return withinLimit(`https://${host.replace(".apps.", ".live.")}${url.port ? `:${url.port}` : ""}/api`);
  }
  if (!path.endsWith("/api")) {
    // A copied endpoint URL (…/api/v2/…) is cut back to its /api; anything else gets /api appended.
    const apiAt = path.indexOf("/api/");
    const suggestion = `${url.origin}${apiAt >= 0 ? path.slice(0, apiAt) : path}/api`;
    throw new TenantInputError("apiUrl", `The API URL must end in /api; did you mean ${suggestion}?`);
  }
  if (/\/e\/[^/]+\/api$/.test(path) === false && path !== "/api") {
    throw new TenantInputError("apiUrl", `Unexpected path "${path}": SaaS URLs end in /api, Managed URLs in /e/<environment-id>/api.`);
  }
  return withinLimit(`${url.origin}${path}`);
}

function withinLimit(apiUrl: string): string {
  if (apiUrl.length > MAX_API_URL) {
    throw new TenantInputError("apiUrl", `The API URL is ${apiUrl.length} characters long; the DynaKube allows at most ${MAX_API_URL}.`);
  }
  return apiUrl;
}

function checkToken(field: "operatorToken" | "ingestToken", value: string): string {
  const label = field === "operatorToken" ? "operator token" : "data-ingest token";
  if (!value) throw new TenantInputError(field, `The ${label} is empty.`);
  if (value !== value.trim()) {
    throw new TenantInputError(field, `The ${label} has spaces or line breaks around it; the operator would send them too and be rejected. Remove them.`);
  }
  if (/\s/.test(value)) throw new TenantInputError(field, `The ${label} contains whitespace; paste it again.`);
  const kind = tokenKind(value);
  if (field === "ingestToken" && kind === "platform") {
    throw new TenantInputError(field, "This is a platform token (dt0s16…); the data-ingest token must be a classic access token (dt0c01…) created from the \"Kubernetes: Data Ingest\" template.");
  }
  if (kind === "unknown") {
    throw new TenantInputError(field, `The ${label} is not a Dynatrace access token (expected dt0c01.<24 characters>.<64 characters> or a platform token dt0s16…).`);
  }
  return value;
}

export const tenantInputSchema = z.object({
  apiUrl: z.string(),
  operatorToken: z.string(),
  ingestToken: z.string().optional(),
  proxyUrl: z.string().optional(),
  caBundle: z.string().optional(),
  networkZone: z.string().optional(),
});
export type TenantInput = z.infer<typeof tenantInputSchema>;

/** Validates a form/CLI/API input into a connection. Throws TenantInputError naming the field. */
export function parseTenantInput(input: TenantInput): TenantConnection {
  const apiUrl = normalizeApiUrl(input.apiUrl);
  const operatorToken = checkToken("operatorToken", input.operatorToken);
  // An optional field left blank (or only whitespace) in a form means "not given".
  const ingestToken = input.ingestToken?.trim() ? checkToken("ingestToken", input.ingestToken) : undefined;
  if (ingestToken && ingestToken === operatorToken) {
    throw new TenantInputError("ingestToken", "The data-ingest token is the same as the operator token; use a token from the \"Kubernetes: Data Ingest\" template.");
  }
  let proxyUrl: string | undefined;
  if (input.proxyUrl?.trim()) {
    try {
      const p = new URL(input.proxyUrl.trim());
      if (p.protocol !== "http:" && p.protocol !== "https:") throw new Error();
      proxyUrl = p.toString().replace(/\/$/, "");
    } catch {
      throw new TenantInputError("proxyUrl", "The proxy must be a URL like http://proxy.example.com:3128.");
    }
  }
  let caBundle: string | undefined;
  if (input.caBundle?.trim()) {
    const blocks = input.caBundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    if (blocks.length === 0) {
      throw new TenantInputError("caBundle", "The CA bundle must contain at least one PEM certificate (-----BEGIN CERTIFICATE-----).");
    }
    blocks.forEach((pem, i) => {
      try {
        new X509Certificate(pem);
      } catch {
        throw new TenantInputError("caBundle", `Certificate ${i + 1} of the CA bundle cannot be read (damaged or cut off PEM); paste it again.`);
      }
    });
    caBundle = input.caBundle.trim() + "\n";
  }
  const networkZone = input.networkZone?.trim() || undefined;
  if (networkZone && !/^[a-zA-Z0-9._-]{1,256}$/.test(networkZone)) {
    throw new TenantInputError("networkZone", "A network zone name may contain letters, digits, '.', '_' and '-' only.");
  }
  return { apiUrl, operatorToken, ingestToken, proxyUrl, caBundle, networkZone };
}

/** Proxy URL without credentials, for display and evidence. */
export function redactProxy(proxyUrl: string): string {
  try {
    const u = new URL(proxyUrl);
    if (u.username || u.password) {
      u.username = "***";
      u.password = "";
    }
    return u.toString().replace(/\/$/, "");
  } catch {
    return "(invalid proxy URL)";
  }
}

export function summarizeTenant(t: TenantConnection): TenantSummary {
  return {
    apiUrl: t.apiUrl,
    operatorTokenPublic: tokenPublicPart(t.operatorToken),
    ingestTokenPublic: t.ingestToken ? tokenPublicPart(t.ingestToken) : undefined,
    proxy: t.proxyUrl ? redactProxy(t.proxyUrl) : undefined,
    customCa: Boolean(t.caBundle),
    networkZone: t.networkZone,
  };
}
