import { describe, expect, it } from "vitest";
import {
  EXAMPLE_API_URL,
  normalizeApiUrl,
  parseTenantInput,
  redactProxy,
  summarizeTenant,
  TenantInputError,
  tokenKind,
  tokenPublicPart,
  type TenantInput,
} from "./tenant";

// Shaped like real tokens: dt0c01.<24 public>.<64 secret>.
const PUBLIC_ID = "ST2EY72KQINMH574WMNVI7YN";
const SECRET = "G3DFPBEJYMODIDAEX454M7YWBUVEFOWKPRVMWFASS64NFH52PX6BNDVFFM572RZM";
const OPERATOR = `dt0c01.${PUBLIC_ID}.${SECRET}`;
const INGEST = `dt0c01.ABCDEFGHIJKLMNOPQRSTUVWX.${"Z".repeat(64)}`;
const PLATFORM = "dt0s16.SAMPLEPUBLICID.SAMPLESECRETPARTTHATISLONGENOUGH1234567890";

const CA_PEM = `-----BEGIN CERTIFICATE-----
MIIBkzCCATmgAwIBAgIUAh6AIDjF4oJ2BHyxrVn2KpmI36IwCgYIKoZIzj0EAwIw
HzEdMBsGA1UEAwwUZHRyZWFkeSB1bml0IHRlc3QgQ0EwHhcNMjYxMTIzMjMwNDUy
WhcNMzYxMTIwMjMwNDUyWjAfMR0wGwYDVQQDDBRkdHJlYWR5IHVuaXQgdGVzdCBD
QTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABORrWQ71vgwkRQ/Jsn/wVO0mJ7Hp
qrgrlE4kcP1hUWtGj1yi4l9ZqP7WbD68YO/ckRigFhy4jq9hHWOCGwRfmgajUzBR
MB0GA1UdDgQWBBS8CLrONLHzv7Vo0VwiaTbcsOPXMzAfBgNVHSMEGDAWgBS8CLrO
NLHzv7Vo0VwiaTbcsOPXMzAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gA
MEUCIQC2Q1OwBvSdIUjii8E4suPPhN6IE3lAUZeu8+QOPiA0FAIgEkYwdUqvGPze
Of2pEVaKJbY6JMfdCgRV+2pCBU08Cl8=
-----END CERTIFICATE-----`;

/** The field and message parseTenantInput rejects the input with. */
function rejection(input: Partial<TenantInput>): { field: string; message: string } {
  try {
    parseTenantInput({ apiUrl: "https://abc12345.live.dynatrace.com/api", operatorToken: OPERATOR, ...input });
  } catch (err) {
    if (err instanceof TenantInputError) return { field: err.field, message: err.message };
    throw err;
  }
  throw new Error("the input was accepted");
}

const urlError = (url: string) => rejection({ apiUrl: url }).message;

describe("normalizeApiUrl", () => {
  it("accepts a SaaS URL and drops a trailing slash", () => {
    expect(normalizeApiUrl("https://abc12345.live.dynatrace.com/api/")).toBe("https://abc12345.live.dynatrace.com/api");
    expect(normalizeApiUrl("  https://ABC12345.live.dynatrace.com/api  ")).toBe("https://abc12345.live.dynatrace.com/api");
  });

  it("accepts a Managed URL with its environment path and port", () => {
    expect(normalizeApiUrl("https://dt.example.com:9999/e/0f2c6d8a-1b2c/api")).toBe("https://dt.example.com:9999/e/0f2c6d8a-1b2c/api");
  });

  it("rewrites a third-generation .apps. URL to the .live./api URL, as the operator does", () => {
    expect(normalizeApiUrl("https://abc12345.apps.dynatrace.com")).toBe("https://abc12345.live.dynatrace.com/api");
    expect(normalizeApiUrl("https://abc12345.apps.dynatrace.com/ui/apps/dynatrace.kubernetes")).toBe("https://abc12345.live.dynatrace.com/api");
    expect(normalizeApiUrl("https://abc12345.sprint.apps.dynatracelabs.com/")).toBe("https://abc12345.sprint.live.dynatracelabs.com/api");
  });

  it("suggests the URL with /api when it is missing", () => {
    expect(urlError("https://abc12345.live.dynatrace.com")).toBe("The API URL must end in /api; did you mean https://abc12345.live.dynatrace.com/api?");
    expect(urlError("https://dt.example.com/e/env1")).toContain("did you mean https://dt.example.com/e/env1/api?");
  });

  it("cuts a copied endpoint URL back to its /api in the suggestion", () => {
    expect(urlError("https://abc12345.live.dynatrace.com/api/v2/apiTokens")).toContain("did you mean https://abc12345.live.dynatrace.com/api?");
  });

  it("refuses the documentation's example URL and says what to replace", () => {
    const err = rejection({ apiUrl: EXAMPLE_API_URL });
    expect(err.field).toBe("apiUrl");
    expect(err.message).toMatch(/documentation's example URL.*replace ENVIRONMENTID with your environment ID/);
  });

  it("refuses http, non-URLs, query strings and unexpected paths", () => {
    expect(urlError("http://abc12345.live.dynatrace.com/api")).toBe("The API URL must use https://.");
    expect(urlError("abc12345.live.dynatrace.com/api")).toMatch(/is not a URL\. Expected https:\/\/<environment-id>\.live\.dynatrace\.com\/api/);
    expect(urlError("https://abc12345.live.dynatrace.com/api?x=1")).toMatch(/query string/);
    expect(urlError("https://dt.example.com/tenant/api")).toMatch(/Managed URLs in \/e\/<environment-id>\/api/);
    expect(urlError("   ")).toBe("The API URL is empty.");
  });

  it("refuses URLs longer than the DynaKube's 128 characters, also after a third-gen rewrite", () => {
    const longEnv = "e".repeat(110);
    expect(urlError(`https://dt.example.com/e/${longEnv}/api`)).toMatch(/characters long; the DynaKube allows at most 128/);
    expect(urlError(`https://${"a".repeat(100)}.apps.dynatrace.com`)).toMatch(/at most 128/);
    const exactly128 = `https://dt.example.com/e/${"e".repeat(128 - "https://dt.example.com/e//api".length)}/api`;
    expect(exactly128).toHaveLength(128);
    expect(normalizeApiUrl(exactly128)).toBe(exactly128);
  });
});

describe("tokens", () => {
  it("tells classic, platform and other strings apart", () => {
    expect(tokenKind(OPERATOR)).toBe("classic");
    expect(tokenKind(PLATFORM)).toBe("platform");
    expect(tokenKind("dt0c01.short.secret")).toBe("unknown");
    expect(tokenKind("hunter2")).toBe("unknown");
  });

  it("public parts never reveal the secret part", () => {
    for (const token of [OPERATOR, INGEST, PLATFORM, "not-a-token-but-secret"]) {
      const pub = tokenPublicPart(token);
      const secretPart = token.split(".")[2] ?? token;
      expect(pub).not.toContain(secretPart);
      expect(pub).not.toContain(secretPart.slice(0, 8));
    }
    expect(tokenPublicPart(OPERATOR)).toBe("dt0c01.ST2EY72K…");
    expect(tokenPublicPart("not-a-token-but-secret")).toBe("(unrecognised token)");
  });

  it("refuses whitespace around a token and says why", () => {
    const err = rejection({ operatorToken: ` ${OPERATOR}\n` });
    expect(err.field).toBe("operatorToken");
    expect(err.message).toMatch(/spaces or line breaks around it/);
    expect(rejection({ ingestToken: `${INGEST} ` }).field).toBe("ingestToken");
  });

  it("accepts a platform token as the data-ingest token (the documented default), and a classic one", () => {
    const platformIngest = PLATFORM.replace("SAMPLEPUBLICID", "INGESTPUBLICID");
    const t = parseTenantInput({ apiUrl: "https://abc12345.live.dynatrace.com/api", operatorToken: PLATFORM, ingestToken: platformIngest });
    expect(t.ingestToken).toBe(platformIngest);
    expect(summarizeTenant(t).ingestTokenPublic).toBe("dt0s16.INGESTPU…");
    expect(parseTenantInput({ apiUrl: "https://abc12345.live.dynatrace.com/api", operatorToken: PLATFORM, ingestToken: INGEST }).ingestToken).toBe(INGEST);
  });

  it("accepts a platform token as the operator token", () => {
    expect(parseTenantInput({ apiUrl: "https://abc12345.live.dynatrace.com/api", operatorToken: PLATFORM }).operatorToken).toBe(PLATFORM);
  });

  it("refuses strings that are not tokens, without echoing them", () => {
    const err = rejection({ operatorToken: "my-secret-password" });
    expect(err.field).toBe("operatorToken");
    expect(err.message).toMatch(/not a Dynatrace access token/);
    expect(err.message).not.toContain("my-secret-password");
    expect(rejection({ operatorToken: "" }).message).toBe("The operator token is empty.");
  });

  it("refuses the same token in both fields", () => {
    const err = rejection({ ingestToken: OPERATOR });
    expect(err.field).toBe("ingestToken");
    expect(err.message).toMatch(/same as the operator token/);
  });

  it("treats a blank data-ingest field as no token", () => {
    expect(parseTenantInput({ apiUrl: "https://abc12345.live.dynatrace.com/api", operatorToken: OPERATOR, ingestToken: "  " }).ingestToken).toBeUndefined();
  });
});

describe("proxy, CA bundle and network zone", () => {
  it("keeps a proxy URL (with credentials) for use and shows it without them", () => {
    const t = parseTenantInput({ apiUrl: "https://abc12345.live.dynatrace.com/api", operatorToken: OPERATOR, proxyUrl: " http://user:pa55@proxy.corp:3128/ " });
    expect(t.proxyUrl).toBe("http://user:pa55@proxy.corp:3128");
    expect(redactProxy(t.proxyUrl!)).toBe("http://***@proxy.corp:3128");
    expect(summarizeTenant(t).proxy).not.toContain("pa55");
  });

  it("refuses a proxy without a scheme or with another scheme", () => {
    expect(rejection({ proxyUrl: "proxy.corp:3128" })).toEqual({ field: "proxyUrl", message: "The proxy must be a URL like http://proxy.example.com:3128." });
    expect(rejection({ proxyUrl: "socks5://proxy.corp:1080" }).field).toBe("proxyUrl");
  });

  it("accepts a PEM CA bundle and refuses text without a certificate or with a damaged one", () => {
    const t = parseTenantInput({ apiUrl: "https://abc12345.live.dynatrace.com/api", operatorToken: OPERATOR, caBundle: `\n${CA_PEM}\n\n` });
    expect(t.caBundle).toBe(`${CA_PEM}\n`);
    expect(rejection({ caBundle: "just some text" }).message).toMatch(/at least one PEM certificate/);
    const damaged = CA_PEM.replace("MIIBkzCCATmgAwIBAgIU", "MIIBkzCCATmgAwIBAgXX");
    expect(rejection({ caBundle: `${CA_PEM}\n${damaged}` })).toEqual({
      field: "caBundle",
      message: "Certificate 2 of the CA bundle cannot be read (damaged or cut off PEM); paste it again.",
    });
  });

  it("refuses a network zone with characters the operator does not allow", () => {
    expect(rejection({ networkZone: "zone one" }).field).toBe("networkZone");
    expect(parseTenantInput({ apiUrl: "https://abc12345.live.dynatrace.com/api", operatorToken: OPERATOR, networkZone: " aks-west " }).networkZone).toBe("aks-west");
  });
});

describe("summarizeTenant", () => {
  it("holds no token, proxy password or CA text", () => {
    const t = parseTenantInput({
      apiUrl: "https://abc12345.live.dynatrace.com/api",
      operatorToken: OPERATOR,
      ingestToken: INGEST,
      proxyUrl: "http://user:pa55@proxy.corp:3128",
      caBundle: CA_PEM,
      networkZone: "west",
    });
    const summary = summarizeTenant(t);
    const text = JSON.stringify(summary);
    for (const secret of [SECRET, "Z".repeat(64), "pa55", "MIIBkz"]) expect(text).not.toContain(secret);
    expect(summary).toEqual({
      apiUrl: "https://abc12345.live.dynatrace.com/api",
      operatorTokenPublic: "dt0c01.ST2EY72K…",
      ingestTokenPublic: "dt0c01.ABCDEFGH…",
      proxy: "http://***@proxy.corp:3128",
      customCa: true,
      networkZone: "west",
    });
  });
});
