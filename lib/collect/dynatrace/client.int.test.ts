// The Dynatrace client and the HTTPS layer against the real test tenant and a real CONNECT proxy on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpsRequest, NetworkError } from "@/lib/collect/network/https";
import { startDynatraceTestServer, TEST_INGEST_TOKEN, TEST_OPERATOR_TOKEN, type DynatraceTestServer } from "@/test/dynatrace/server";
import { INTERCEPTING_PROXY_CA_NAME, startConnectProxy, type ConnectProxy } from "@/test/network/connect-proxy";
import { createDynatraceClient } from "./client";
import type { TenantConnection } from "./tenant";

const ctx = () => {
  const requests: string[] = [];
  return { signal: new AbortController().signal, noteRequest: (d: string) => requests.push(d), requests };
};

let dt: DynatraceTestServer;
let proxy: ConnectProxy;
let intercepting: ConnectProxy;

beforeAll(async () => {
  [dt, proxy, intercepting] = await Promise.all([startDynatraceTestServer(), startConnectProxy(), startConnectProxy({ intercept: true })]);
});
afterAll(async () => {
  await Promise.all([dt?.close(), proxy?.close(), intercepting?.close()]);
});

const tenant = (extra: Partial<TenantConnection> = {}): TenantConnection => ({
  apiUrl: dt.apiUrl,
  operatorToken: TEST_OPERATOR_TOKEN,
  ingestToken: TEST_INGEST_TOKEN,
  caBundle: dt.caPem,
  ...extra,
});

describe("httpsRequest", () => {
  it("reaches the tenant directly, trusting it only through the custom CA bundle, and reports each layer", async () => {
    dt.setScenario("valid");
    const res = await httpsRequest({ url: `${dt.apiUrl}/v1/time`, ca: dt.caPem, timeoutMs: 5000 });
    expect(res.status).toBe(401); // no token sent: an HTTP answer is all this proves
    expect(res.via).toBe("direct");
    expect(res.tls).toMatchObject({ authorized: true, customCaUsed: true, issuer: "CN=dtready test Dynatrace CA" });
    expect(res.layers.map((l) => l.layer)).toEqual(["DNS", "TCP", "TLS", "HTTP"]);
  });

  it("names TLS as the failing layer when the tenant's CA is not trusted", async () => {
    const err = await httpsRequest({ url: `${dt.apiUrl}/v1/time`, timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).layer).toBe("TLS");
    expect((err as NetworkError).message).toMatch(/^TLS: .*issued by CN=dtready test Dynatrace CA.*not trusted/);
  });

  it("names TCP when nothing listens and DNS when the host does not resolve", async () => {
    const tcp = (await httpsRequest({ url: "https://127.0.0.1:1/api", timeoutMs: 5000 }).catch((e: unknown) => e)) as NetworkError;
    expect(tcp.layer).toBe("TCP");
    expect(tcp.message).toMatch(/^TCP: cannot connect to 127\.0\.0\.1:1 \(ECONNREFUSED/);
    const dns = (await httpsRequest({ url: "https://no-such-tenant.invalid/api", timeoutMs: 5000 }).catch((e: unknown) => e)) as NetworkError;
    expect(dns.layer).toBe("DNS");
    expect(dns.message).toMatch(/^DNS: no-such-tenant\.invalid does not resolve/);
  });

  it("goes through a CONNECT proxy and records it", async () => {
    const before = proxy.connections.length;
    const res = await httpsRequest({ url: `${dt.apiUrl}/v1/time`, ca: dt.caPem, proxyUrl: proxy.url, timeoutMs: 5000 });
    expect(res.via).toBe("proxy");
    expect(res.tls.issuer).toBe("CN=dtready test Dynatrace CA");
    expect(proxy.connections.slice(before).map((c) => c.target)).toEqual([`127.0.0.1:${dt.port}`]);
  });

  it("shows the intercepting proxy's CA as the issuer, refused unless that CA is in the bundle", async () => {
    const refused = (await httpsRequest({ url: `${dt.apiUrl}/v1/time`, ca: dt.caPem, proxyUrl: intercepting.url, timeoutMs: 5000 }).catch((e: unknown) => e)) as NetworkError;
    expect(refused.layer).toBe("TLS");
    expect(refused.tls?.issuer).toBe(`CN=${INTERCEPTING_PROXY_CA_NAME}`);
    const accepted = await httpsRequest({ url: `${dt.apiUrl}/v1/time`, ca: dt.caPem + intercepting.caPem, proxyUrl: intercepting.url, timeoutMs: 5000 });
    expect(accepted.status).toBe(401);
    expect(accepted.tls).toMatchObject({ authorized: true, customCaUsed: true, issuer: `CN=${INTERCEPTING_PROXY_CA_NAME}` });
  });

  it("names the proxy when it cannot be reached", async () => {
    const err = (await httpsRequest({ url: `${dt.apiUrl}/v1/time`, proxyUrl: "http://127.0.0.1:1", timeoutMs: 5000 }).catch((e: unknown) => e)) as NetworkError;
    expect(err.layer).toBe("proxy");
    expect(err.message).toMatch(/^proxy: cannot connect to the proxy at 127\.0\.0\.1:1/);
  });

  it("demands credentials from an authenticating proxy and sends them from the proxy URL", async () => {
    const authProxy = await startConnectProxy({ credentials: "alice:s3cret" });
    try {
      const err = (await httpsRequest({ url: `${dt.apiUrl}/v1/time`, ca: dt.caPem, proxyUrl: authProxy.url, timeoutMs: 5000 }).catch((e: unknown) => e)) as NetworkError;
      expect(err.message).toMatch(/^proxy: the proxy requires authentication \(407\)/);
      const withCreds = authProxy.url.replace("http://", "http://alice:s3cret@");
      const res = await httpsRequest({ url: `${dt.apiUrl}/v1/time`, ca: dt.caPem, proxyUrl: withCreds, timeoutMs: 5000 });
      expect(res.status).toBe(401);
    } finally {
      await authProxy.close();
    }
  });
});

describe("createDynatraceClient", () => {
  it("authenticates with the operator token and parses the lookup answer", async () => {
    dt.setScenario("valid");
    const c = ctx();
    const client = createDynatraceClient(tenant());
    const r = await client.call<{ scopes: string[]; id: string }>(c, "POST /v2/apiTokens/lookup", {
      method: "POST",
      path: "/v2/apiTokens/lookup",
      body: { token: TEST_INGEST_TOKEN },
    });
    expect(r.status).toBe(200);
    expect(r.body?.scopes).toContain("metrics.ingest");
    expect(dt.requests.at(-1)).toMatchObject({ auth: "operator", lookedUp: "ingest" });
    expect(c.requests).toEqual(["POST /v2/apiTokens/lookup"]);
  });

  it("returns HTTP errors with the parsed envelope instead of throwing", async () => {
    dt.setScenario({ kind: "missing-scopes", operator: ["InstallerDownload"] });
    const client = createDynatraceClient(tenant());
    const r = await client.call(ctx(), "GET connectioninfo", { path: "/v1/deployment/installer/agent/connectioninfo" });
    expect(r.status).toBe(403);
    expect(r.error?.message).toMatch(/InstallerDownload/);
    dt.setScenario("unauthorized");
    const u = await client.call(ctx(), "GET metainfo", { path: "/v1/deployment/installer/agent/unix/default/latest/metainfo" });
    expect(u).toMatchObject({ status: 401, error: { code: 401, message: "Token Authentication failed" } });
  });

  it("retries a 429 once after the Retry-After the tenant asked for", async () => {
    dt.setScenario({ kind: "rate-limited", retryAfterSeconds: 1, times: 1 });
    const before = dt.requests.length;
    const started = Date.now();
    const r = await createDynatraceClient(tenant()).call(ctx(), "GET metainfo", { path: "/v1/deployment/installer/agent/unix/default/latest/metainfo" });
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(dt.requests.length - before).toBe(2);
  });

  it("does not wait for a Retry-After longer than it may, and reports it", async () => {
    dt.setScenario({ kind: "rate-limited", retryAfterSeconds: 120, times: 5 });
    const r = await createDynatraceClient(tenant(), { maxRetryWaitMs: 2000 }).call(ctx(), "GET metainfo", {
      path: "/v1/deployment/installer/agent/unix/default/latest/metainfo",
    });
    expect(r).toMatchObject({ status: 429, retryAfterSeconds: 120 });
  });

  it("throws a timeout naming the HTTP layer when the tenant never answers", async () => {
    dt.setScenario({ kind: "slow" });
    // Long enough for the TLS handshake on a loaded machine, so the wait is for the answer.
    const err = await createDynatraceClient(tenant(), { timeoutMs: 2000 })
      .call(ctx(), "GET metainfo", { path: "/v1/deployment/installer/agent/unix/default/latest/metainfo" })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "timeout", message: "HTTP: timed out, no answer within 2000 ms" });
    dt.setScenario("valid");
  });
});
