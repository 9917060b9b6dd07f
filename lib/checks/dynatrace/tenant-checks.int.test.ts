// The tenant checks end to end: the engine, the real collectors, the real HTTPS client, against the HTTPS Dynatrace
// test server (every scenario) and real CONNECT proxies on 127.0.0.1, forwarding and TLS-intercepting.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynatraceClient, type DynatraceClientOptions } from "@/lib/collect/dynatrace/client";
import { summarizeTenant, type TenantConnection } from "@/lib/collect/dynatrace/tenant";
import { agentVersionCollector } from "@/lib/collect/dynatrace/agent-version";
import { connectionInfoCollector } from "@/lib/collect/dynatrace/connection-info";
import { ingestTokenCollector } from "@/lib/collect/dynatrace/ingest-token";
import { operatorTokenCollector } from "@/lib/collect/dynatrace/operator-token";
import { reachabilityCollector } from "@/lib/collect/dynatrace/reachability";
import { settingsWriteCollector } from "@/lib/collect/dynatrace/settings-write";
import { platformProbesCollector } from "@/lib/collect/dynatrace/platform-probes";
import { parsePlan, type PlanInput } from "@/lib/engine/plan";
import { runReadiness } from "@/lib/engine/run";
import type { CheckResult, Target } from "@/lib/engine/types";
import {
  startDynatraceTestServer,
  TEST_INGEST_TOKEN,
  TEST_OPERATOR_TOKEN,
  TEST_PLATFORM_INGEST_TOKEN,
  TEST_PLATFORM_OPERATOR_TOKEN,
  TEST_TENANT_TOKEN,
  TEST_UNKNOWN_TOKEN,
  type DynatraceScenario,
  type DynatraceTestServer,
} from "@/test/dynatrace/server";
import { INTERCEPTING_PROXY_CA_NAME, startConnectProxy, type ConnectProxy } from "@/test/network/connect-proxy";
import { deploymentApi } from "./deployment-api";
import { ingestToken } from "./ingest-token";
import { operatorToken } from "./operator-token";
import { tenantReachable } from "./tenant-reachable";

const CHECKS = [tenantReachable, deploymentApi, operatorToken, ingestToken];
const COLLECTORS = [reachabilityCollector, operatorTokenCollector, ingestTokenCollector, connectionInfoCollector, agentVersionCollector, settingsWriteCollector, platformProbesCollector];
const SECRETS = [
  TEST_OPERATOR_TOKEN,
  TEST_INGEST_TOKEN,
  TEST_PLATFORM_OPERATOR_TOKEN,
  TEST_PLATFORM_INGEST_TOKEN,
  TEST_TENANT_TOKEN,
  ...[TEST_OPERATOR_TOKEN, TEST_INGEST_TOKEN, TEST_PLATFORM_OPERATOR_TOKEN, TEST_PLATFORM_INGEST_TOKEN].map((t) => t.split(".")[2]!),
];

const servers: DynatraceTestServer[] = [];
let proxy: ConnectProxy;
let intercepting: ConnectProxy;

beforeAll(async () => {
  [proxy, intercepting] = await Promise.all([startConnectProxy(), startConnectProxy({ intercept: true })]);
});
afterAll(async () => {
  await Promise.all([proxy?.close(), intercepting?.close(), ...servers.map((s) => s.close())]);
});

async function server(scenario: DynatraceScenario): Promise<DynatraceTestServer> {
  const s = await startDynatraceTestServer({ scenario });
  servers.push(s);
  return s;
}

interface RunInput {
  tenant?: Partial<TenantConnection>;
  plan?: PlanInput;
  client?: DynatraceClientOptions;
  budgetMs?: number;
}

async function run(s: DynatraceTestServer, input: RunInput = {}) {
  const tenant: TenantConnection = { apiUrl: s.apiUrl, operatorToken: TEST_OPERATOR_TOKEN, ingestToken: TEST_INGEST_TOKEN, caBundle: s.caPem, ...input.tenant };
  const target: Target = { kind: "kubeconfig", name: "aks-test", context: "aks-test", server: "https://127.0.0.1:6443", tenant: summarizeTenant(tenant) };
  const outcome = await runReadiness({
    plan: parsePlan(input.plan ?? {}),
    target,
    checks: CHECKS,
    collectors: COLLECTORS,
    clients: { dynatrace: createDynatraceClient(tenant, { timeoutMs: 3000, ...input.client }), tenant },
    budgetMs: input.budgetMs ?? 20_000,
  });
  const byId = Object.fromEntries(outcome.report.checks.map((c) => [c.id, c])) as Record<string, CheckResult>;
  // Nothing a run keeps (facts, results) may hold a token or the tenant token.
  const kept = JSON.stringify([...outcome.facts.entries()]) + JSON.stringify(outcome.report);
  for (const secret of SECRETS) expect(kept.includes(secret), "a secret in the run's facts or report").toBe(false);
  return { ...outcome, byId };
}

const text = (c: CheckResult) => [c.summary, c.reason ?? "", c.remediation.text, ...c.evidence.map((e) => `${e.label}: ${e.value} ${e.detail ?? ""}`)].join("\n");

describe("tenant checks against the Dynatrace test server", () => {
  it("valid tenant, custom CA bundle needed and used: every tenant check passes, nothing is written in the tenant", async () => {
    const s = await server("valid");
    const { byId, facts } = await run(s);
    for (const c of CHECKS) expect({ id: c.id, status: byId[c.id]!.status, text: text(byId[c.id]!) }).toMatchObject({ status: "pass" });
    expect(byId["dt.tenant-reachable"]!.summary).toMatch(/trusted through the custom CA bundle/);
    expect(s.sideEffects).toBe(0);
    expect(s.requests.filter((q) => q.path === "/api/v2/apiTokens/lookup").map((q) => [q.auth, q.lookedUp]).sort()).toEqual([
      ["operator", "ingest"],
      ["operator", "operator"],
    ]);
    const ci = facts.get("dt.connectionInfo");
    expect(ci?.ok && ci.value).toMatchObject({ tenantUUID: "abc12345", communicationEndpoints: [`https://127.0.0.1:${s.port}/communication`, "https://sg-eu-west-1.example.invalid:443/communication"] });
  });

  it("without the CA bundle the tenant is unreachable at the TLS layer, naming the issuer", async () => {
    const s = await server("valid");
    const { byId } = await run(s, { tenant: { caBundle: undefined } });
    const r = byId["dt.tenant-reachable"]!;
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/the TLS layer failed \(TLS: the certificate presented for 127\.0\.0\.1 \(issued by CN=dtready test Dynatrace CA\) is not trusted/);
    // The other calls failed the same way: undecided, not passed.
    expect(byId["dt.operator-token"]!.status).toBe("unknown");
  });

  it("a missing required scope fails the operator token, naming the scope and its feature; the deployment API is refused", async () => {
    const s = await server({ kind: "missing-scopes", operator: ["InstallerDownload", "settings.write"], ingest: ["logs.ingest"] });
    const { byId } = await run(s, { plan: { mode: "full-stack" } });
    const op = byId["dt.operator-token"]!;
    expect(op.status).toBe("fail");
    expect(op.summary).toMatch(/lacks required scope InstallerDownload \(PaaS integration - Installer download\) for OneAgent/);
    expect(text(op)).toMatch(/Missing optional scope: settings\.write/);
    const ingest = byId["dt.ingest-token"]!;
    expect(ingest.status).toBe("warn");
    expect(ingest.summary).toMatch(/logs\.ingest/);
    const api = byId["dt.deployment-api"]!;
    expect(api.status).toBe("fail");
    expect(text(api)).toMatch(/InstallerDownload/);
    expect(text(api)).toMatch(/not be registered for Kubernetes monitoring/);
  });

  it("an expired operator token is refused (401) and the check says so; an expired ingest token is looked up and fails", async () => {
    const op = await run(await server({ kind: "expired" }));
    expect(op.byId["dt.operator-token"]!.status).toBe("fail");
    expect(op.byId["dt.operator-token"]!.summary).toBe('The tenant rejected the operator token (401: "Token expired").');
    const ingest = await run(await server({ kind: "expired", token: "ingest" }));
    expect(ingest.byId["dt.ingest-token"]!.status).toBe("fail");
    expect(ingest.byId["dt.ingest-token"]!.summary).toMatch(/^The data-ingest token expired on \d{4}-\d{2}-\d{2}\.$/);
    expect(ingest.byId["dt.operator-token"]!.status).toBe("pass");
  });

  it("a disabled ingest token fails; a token expiring within 30 days warns", async () => {
    const disabled = await run(await server({ kind: "disabled", token: "ingest" }));
    expect(disabled.byId["dt.ingest-token"]!.summary).toBe("The data-ingest token is disabled in the tenant; the operator cannot use it.");
    const soon = await run(await server({ kind: "valid", expiresInDays: 12 }));
    expect(soon.byId["dt.operator-token"]!.status).toBe("warn");
    expect(soon.byId["dt.operator-token"]!.summary).toMatch(/expires in 1[12] days/);
  });

  it("an unknown ingest token (404) fails; an unknown operator token is rejected (401)", async () => {
    const unknownIngest = await run(await server({ kind: "unknown-token", token: "ingest" }));
    expect(unknownIngest.byId["dt.ingest-token"]!.status).toBe("fail");
    expect(unknownIngest.byId["dt.ingest-token"]!.summary).toMatch(/does not know the data-ingest token \(404: "Token not found"\)/);
    const foreign = await run(await server("valid"), { tenant: { operatorToken: TEST_UNKNOWN_TOKEN } });
    expect(foreign.byId["dt.operator-token"]!.status).toBe("fail");
    expect(foreign.byId["dt.ingest-token"]!.status).toBe("unknown");
    expect(foreign.byId["dt.deployment-api"]!.status).toBe("fail");
    // The path works: reachability does not depend on the token.
    expect(foreign.byId["dt.tenant-reachable"]!.status).toBe("pass");
  });

  it("an absent ingest token warns as the operator's 'DataIngest token not provided' and is never looked up", async () => {
    const s = await server("valid");
    const { byId } = await run(s, { tenant: { ingestToken: undefined } });
    expect(byId["dt.ingest-token"]!.status).toBe("warn");
    expect(byId["dt.ingest-token"]!.summary).toMatch(/^DataIngest token not provided/);
    expect(s.requests.some((q) => q.lookedUp === "ingest")).toBe(false);
  });

  it("401 for every call: the token fails, the deployment API fails, the path still passes", async () => {
    const { byId } = await run(await server("unauthorized"));
    expect(byId["dt.operator-token"]!.summary).toBe('The tenant rejected the operator token (401: "Token Authentication failed").');
    expect(byId["dt.deployment-api"]!.status).toBe("fail");
    expect(byId["dt.tenant-reachable"]!.status).toBe("pass");
  });

  it("429 with a short Retry-After is retried once and then passes", async () => {
    const s = await server({ kind: "rate-limited", retryAfterSeconds: 1, times: 2 });
    const { byId } = await run(s);
    // The first two requests were refused; the API calls among them were retried after a second (the
    // unauthenticated reachability probe takes any answer below 500 as proof of the path and is not retried).
    expect(Object.values(byId).map((c) => c.status)).toEqual(["pass", "pass", "pass", "pass"]);
    expect(s.requests.length).toBeGreaterThan(6);
  });

  it("429 with a Retry-After too long to wait: undecided, never passed", async () => {
    const s = await server({ kind: "rate-limited", retryAfterSeconds: 600, times: 100 });
    const { byId } = await run(s);
    expect(byId["dt.operator-token"]!.status).toBe("unknown");
    expect(byId["dt.operator-token"]!.reason).toMatch(/rate-limited the lookup \(429\)/);
    expect(byId["dt.deployment-api"]!.status).toBe("unknown");
  });

  it("5xx: the path fails at the HTTP layer, the token results are undecided", async () => {
    const { byId } = await run(await server({ kind: "server-error", status: 503 }));
    expect(byId["dt.tenant-reachable"]!.status).toBe("fail");
    expect(byId["dt.tenant-reachable"]!.summary).toMatch(/the HTTP layer failed \(HTTP: the tenant answered 503\)/);
    expect(byId["dt.operator-token"]!.status).toBe("unknown");
    expect(byId["dt.operator-token"]!.reason).toMatch(/failed with HTTP 503/);
  });

  it("a tenant slower than the request timeout: every tenant check is unknown and says it timed out", async () => {
    const s = await server({ kind: "slow", delayMs: 5000 });
    const started = Date.now();
    const { byId } = await run(s, { client: { timeoutMs: 500 } });
    expect(Date.now() - started).toBeLessThan(4000);
    for (const c of CHECKS) {
      expect(byId[c.id]!.status, c.id).toBe("unknown");
      expect(text(byId[c.id]!), c.id).toMatch(/timed out/i);
    }
  });

  it("a tenant that never answers within the run budget: unknown, within the budget", async () => {
    const s = await server({ kind: "slow" });
    const started = Date.now();
    const { byId } = await run(s, { client: { timeoutMs: 60_000 }, budgetMs: 1500 });
    expect(Date.now() - started).toBeLessThan(3000);
    for (const c of CHECKS) expect(byId[c.id]!.status, c.id).toBe("unknown");
  });

  it("through a forwarding CONNECT proxy: every check passes and every call went through the proxy", async () => {
    const s = await server("valid");
    const before = proxy.connections.length;
    const { byId } = await run(s, { tenant: { proxyUrl: proxy.url } });
    for (const c of CHECKS) expect(byId[c.id]!.status, c.id).toBe("pass");
    expect(byId["dt.tenant-reachable"]!.summary).toContain(`through the proxy ${proxy.url}`);
    expect(text(byId["dt.tenant-reachable"]!)).toMatch(/proxy: ok/);
    // 1 reachability + 2 lookups + connection info + agent version + settings.
    expect(proxy.connections.length - before).toBe(6);
  });

  it("through a TLS-intercepting proxy: the TLS layer fails and the proxy's CA is named", async () => {
    const s = await server("valid");
    const { byId } = await run(s, { tenant: { proxyUrl: intercepting.url } });
    const r = byId["dt.tenant-reachable"]!;
    expect(r.status).toBe("fail");
    expect(r.summary).toContain(`the TLS layer failed`);
    expect(r.summary).toContain(`The proxy intercepts TLS: it presents a certificate issued by "CN=${INTERCEPTING_PROXY_CA_NAME}", the tenant's own is issued by "CN=dtready test Dynatrace CA".`);
    expect(r.remediation.text).toContain(`issued by "CN=${INTERCEPTING_PROXY_CA_NAME}" (TLS interception)`);
  });

  it("through an intercepting proxy whose CA is in the bundle: it works, with a warning naming the interception", async () => {
    const s = await server("valid");
    const { byId } = await run(s, { tenant: { proxyUrl: intercepting.url, caBundle: s.caPem + intercepting.caPem } });
    const r = byId["dt.tenant-reachable"]!;
    expect(r.status).toBe("warn");
    expect(r.summary).toContain(`The proxy intercepts TLS: it presents a certificate issued by "CN=${INTERCEPTING_PROXY_CA_NAME}"`);
    expect(byId["dt.operator-token"]!.status).toBe("pass");
  });

  it("a network zone without an ActiveGate warns on the deployment API", async () => {
    const s = await server({ kind: "unknown-network-zone" });
    const { byId } = await run(s, { tenant: { networkZone: "azure-weu" } });
    expect(byId["dt.deployment-api"]!.status).toBe("warn");
    expect(byId["dt.deployment-api"]!.summary).toMatch(/No ActiveGate serves the network zone "azure-weu"/);
    expect(s.requests.find((q) => q.path.endsWith("/connectioninfo"))?.query).toEqual({ networkZone: "azure-weu", defaultZoneFallback: "true" });
  });

  describe("platform tokens (dt0s16…), today's documented default", () => {
    const platform = { operatorToken: TEST_PLATFORM_OPERATOR_TOKEN, ingestToken: TEST_PLATFORM_INGEST_TOKEN };

    it("both tokens of the service users: every readable permission is proven by the operator's own read calls, ActiveGate token creation is manual, nothing is written", async () => {
      const s = await server("valid");
      const { byId } = await run(s, { tenant: platform, plan: { mode: "full-stack" } });
      const op = byId["dt.operator-token"]!;
      expect(op.status).toBe("manual");
      for (const p of ["fleet-management:activegate.connection-info:read", "fleet-management:container-images:read", "fleet-management:oneagent.connection-info:read", "fleet-management:oneagents:download", "settings:objects:read", "settings:objects:write"]) {
        expect(op.evidence, p).toContainEqual(expect.objectContaining({ label: p, value: "proven" }));
      }
      expect(op.evidence).toContainEqual(expect.objectContaining({ label: "fleet-management:activegate.tokens:create", value: "not provable read-only" }));
      expect(op.evidence).toContainEqual(expect.objectContaining({ label: "Component images listed", value: "oneagent, codemodules, activegate, logmodule" }));
      // The data-ingest token is accepted (403 on a read it has no permission for); its ingest permissions are not provable read-only.
      const ingest = byId["dt.ingest-token"]!;
      expect(ingest.status).toBe("manual");
      expect(text(ingest)).toContain("GET /v2/settings/objects → 403");
      expect(byId["dt.deployment-api"]!.status).toBe("pass");
      // No lookup of a platform token; no write; each deployment request made once; both tokens used as the operator uses them.
      expect(s.requests.filter((q) => q.path === "/api/v2/apiTokens/lookup")).toEqual([]);
      expect(s.sideEffects).toBe(0);
      expect(s.requests.filter((q) => q.path === "/api/v2/activeGateTokens")).toEqual([]);
      expect(s.requests.filter((q) => q.path === "/api/v1/deployment/installer/agent/connectioninfo")).toHaveLength(1);
      expect(new Set(s.requests.filter((q) => q.path.startsWith("/api/") && q.path !== "/api/v1/time").map((q) => q.auth))).toEqual(new Set(["platformOperator", "platformIngest"]));
    });

    it("a service user without fleet-management:container-images:read: the operator token fails naming the permission (the test server answers 403)", async () => {
      const s = await server({ kind: "missing-permissions", operator: ["fleet-management:container-images:read", "settings:objects:write"] });
      const { byId } = await run(s, { tenant: platform });
      const op = byId["dt.operator-token"]!;
      expect(op.status).toBe("fail");
      expect(op.summary).toContain("fleet-management:container-images:read (GET /v2/fleetManagement/components/containerImages → 403");
      expect(op.remediation.text).toContain('"Kubernetes Operator" policy');
      expect(byId["dt.deployment-api"]!.status).toBe("warn");
      expect(text(byId["dt.deployment-api"]!)).toContain("settings:objects:read and settings:objects:write");
    });

    it("a revoked platform operator token: fail, the tenant rejected it; the ingest token is still judged on its own", async () => {
      const s = await server({ kind: "platform-token-revoked", token: "operator" });
      const { byId } = await run(s, { tenant: platform, plan: { mode: "application" } });
      expect(byId["dt.operator-token"]!.status).toBe("fail");
      expect(byId["dt.operator-token"]!.summary).toMatch(/rejected the platform operator token \(401/);
      expect(byId["dt.ingest-token"]!.status).toBe("manual");
    });

    it("a revoked platform data-ingest token fails where the plan ingests", async () => {
      const s = await server({ kind: "platform-token-revoked", token: "ingest" });
      const { byId } = await run(s, { tenant: platform, plan: { mode: "full-stack" } });
      expect(byId["dt.ingest-token"]!.status).toBe("fail");
    });

    it("the tenant's image list lacks the ActiveGate: fail, naming it", async () => {
      const s = await server({ kind: "missing-component-images", types: ["activegate"] });
      const { byId } = await run(s, { tenant: platform });
      expect(byId["dt.operator-token"]!.status).toBe("fail");
      expect(byId["dt.operator-token"]!.summary).toContain("no public-registry image for activegate");
    });

    it("a platform operator token with a classic data-ingest token (Managed-style secret): the classic token authenticates its own lookup", async () => {
      const s = await server({ kind: "missing-scopes", ingest: ["metrics.ingest"] });
      const { byId } = await run(s, { tenant: { operatorToken: TEST_PLATFORM_OPERATOR_TOKEN, ingestToken: TEST_INGEST_TOKEN }, plan: { mode: "full-stack" } });
      expect(s.requests.filter((q) => q.path === "/api/v2/apiTokens/lookup").map((q) => [q.auth, q.lookedUp])).toEqual([["ingest", "ingest"]]);
      expect(byId["dt.ingest-token"]!.status).toBe("warn");
      expect(byId["dt.ingest-token"]!.summary).toContain("metrics.ingest");
    });

    it("a classic operator token still goes through the lookup and makes no platform probe", async () => {
      const s = await server("valid");
      const { byId } = await run(s);
      expect(byId["dt.operator-token"]!.status).toBe("pass");
      expect(s.requests.filter((q) => q.path === "/api/v2/fleetManagement/components/containerImages" || q.path === "/api/v1/deployment/installer/gateway/connectioninfo")).toEqual([]);
    });
  });
});
