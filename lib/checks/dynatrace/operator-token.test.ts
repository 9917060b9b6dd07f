import { describe, expect, it } from "vitest";
import { operatorToken } from "./operator-token";
import { CHECKED_AT, evaluateTenantCheck, inDays, lookup, OPERATOR_SCOPES, said, TENANT_API, tenantTarget } from "./testing";

const withScopes = (drop: string[]) => lookup({ scopes: OPERATOR_SCOPES.filter((s) => !drop.includes(s)) });

describe("dt.operator-token", () => {
  it("passes an enabled, non-expiring token with every scope", () => {
    const r = evaluateTenantCheck(operatorToken, { "dt.operatorToken": lookup() });
    expect(r.status).toBe("pass");
    expect(r.summary).toMatch(/enabled, does not expire, and has every scope/);
  });

  it("fails on a missing required scope and explains it by the feature that needs it", () => {
    const r = evaluateTenantCheck(operatorToken, { "dt.operatorToken": withScopes(["InstallerDownload"]) });
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/lacks required scope InstallerDownload \(PaaS integration - Installer download\) for OneAgent \/ code module and ActiveGate downloads/);
    expect(r.evidence).toContainEqual(expect.objectContaining({ label: "Missing required scope", value: "InstallerDownload (PaaS integration - Installer download)" }));
    expect(r.remediation.text).toMatch(/"Kubernetes: Dynatrace Operator"/);
    expect(r.remediation.text).toContain("dynatrace/dynakube (key apiToken)");
    expect(r.remediation.commands[0]).toContain(`${TENANT_API}/v2/apiTokens/lookup`);
    expect(r.remediation.commands[0]).toContain("$DT_OPERATOR_TOKEN");
  });

  it("keeps optional scopes apart: a missing settings.write only warns, naming what will not happen", () => {
    const r = evaluateTenantCheck(operatorToken, { "dt.operatorToken": withScopes(["settings.write"]) });
    expect(r.status).toBe("warn");
    expect(r.summary).toMatch(/lacks optional scope settings\.write \(Write settings\) for Automatic Kubernetes API monitoring registration/);
    expect(r.summary).toMatch(/not registered/);
    expect(said(r)).not.toMatch(/Missing required scope/);
  });

  it("fails for DataExport in every mode (host availability detection is on by default)", () => {
    for (const mode of ["platform", "application", "full-stack"] as const) {
      const r = evaluateTenantCheck(operatorToken, { "dt.operatorToken": withScopes(["DataExport"]) }, { mode });
      expect(r.status, mode).toBe("fail");
      expect(r.summary, mode).toMatch(/DataExport .*Host availability detection/);
    }
  });

  it("warns when the token expires within 30 days, and passes with the date otherwise", () => {
    const soon = evaluateTenantCheck(operatorToken, { "dt.operatorToken": lookup({ expirationDate: inDays(10.5) }) });
    expect(soon.status).toBe("warn");
    expect(soon.summary).toMatch(/expires in 10 days \(2026-12-04\)/);
    const later = evaluateTenantCheck(operatorToken, { "dt.operatorToken": lookup({ expirationDate: inDays(90) }) });
    expect(later.status).toBe("pass");
    expect(later.summary).toMatch(/valid until 2027-02-21/);
  });

  it("fails an expired or disabled token", () => {
    const expired = evaluateTenantCheck(operatorToken, { "dt.operatorToken": lookup({ expirationDate: inDays(-1) }) });
    expect(expired.status).toBe("fail");
    expect(expired.summary).toMatch(/expired on 2026-11-22/);
    const disabled = evaluateTenantCheck(operatorToken, { "dt.operatorToken": lookup({ enabled: false }) });
    expect(disabled.status).toBe("fail");
    expect(disabled.summary).toMatch(/disabled/);
  });

  it("fails when the tenant rejects the token (401) or does not know it (404), quoting the tenant", () => {
    const rejected = evaluateTenantCheck(operatorToken, { "dt.operatorToken": lookup({ status: 401, error: { code: 401, message: "Token expired" }, scopes: undefined }) });
    expect(rejected.status).toBe("fail");
    expect(rejected.summary).toBe('The tenant rejected the operator token (401: "Token expired").');
    const unknown = evaluateTenantCheck(operatorToken, { "dt.operatorToken": lookup({ status: 404, error: { code: 404, message: "Token not found" } }) });
    expect(unknown.status).toBe("fail");
    expect(unknown.summary).toMatch(/does not know the operator token \(404/);
  });

  it("is unknown when the tenant is rate-limiting, failing, or did not answer in time", () => {
    const limited = evaluateTenantCheck(operatorToken, { "dt.operatorToken": lookup({ status: 429, error: { code: 429, message: "Too Many Requests" } }) });
    expect(limited.status).toBe("unknown");
    expect(limited.reason).toMatch(/rate-limited/);
    const broken = evaluateTenantCheck(operatorToken, { "dt.operatorToken": lookup({ status: 503 }) });
    expect(broken.status).toBe("unknown");
    const timedOut = evaluateTenantCheck(operatorToken, { "dt.operatorToken": { error: { kind: "timeout", message: "HTTP: timed out, no answer within 10000 ms" } } });
    expect(timedOut.status).toBe("unknown");
    expect(timedOut.reason).toMatch(/Timed out/);
  });

  it("does not apply without a tenant", () => {
    const { tenant: _t, ...noTenant } = tenantTarget;
    const r = evaluateTenantCheck(operatorToken, { "dt.operatorToken": lookup() }, {}, noTenant);
    expect(r.status).toBe("not-applicable");
  });
});

describe("dt.operator-token with a platform token (dt0s16…)", () => {
  const platform = { present: true, kind: "platform" as const, publicPart: "dt0s16.PLATFORM…", lookup: "skipped" as const, checkedAt: CHECKED_AT };
  const probes = (over: Partial<Record<"gatewayConnectionInfo" | "containerImages" | "settingsRead", number>> = {}, images = ["oneagent", "codemodules", "activegate"]) => ({
    applies: true,
    probes: {
      gatewayConnectionInfo: { call: "GET /v1/deployment/installer/gateway/connectioninfo", status: over.gatewayConnectionInfo ?? 200 },
      containerImages: { call: "GET /v2/fleetManagement/components/containerImages", status: over.containerImages ?? 200 },
      settingsRead: { call: "GET /v2/settings/objects?schemaIds=builtin:cloud.kubernetes", status: over.settingsRead ?? 200 },
    },
    componentImages: images,
  });
  const facts = (over: { probes?: ReturnType<typeof probes>; connectionInfo?: number; agentVersion?: number; settingsWrite?: number } = {}) => ({
    "dt.operatorToken": platform,
    "dt.platformProbes": over.probes ?? probes(),
    "dt.connectionInfo": { status: over.connectionInfo ?? 200, communicationEndpoints: ["https://a:443/communication"], ...(over.connectionInfo === 403 ? { error: { code: 403, message: "Token is missing required scope. Use one of: fleet-management:oneagent.connection-info:read" } } : {}) },
    "dt.agentVersion": { status: over.agentVersion ?? 200, latestAgentVersion: "1.327.30" },
    "dt.settingsWrite": { status: over.settingsWrite ?? 200, permitted: (over.settingsWrite ?? 200) === 200, schemaId: "builtin:cloud.kubernetes" },
  });
  const platformTarget = { ...tenantTarget, tenant: { ...tenantTarget.tenant!, operatorTokenPublic: "dt0s16.PLATFORM…" } };

  it("never passes by name: every readable permission proven, ActiveGate token creation not provable without a write → manual with the reason", () => {
    const r = evaluateTenantCheck(operatorToken, facts(), {}, platformTarget);
    expect(r.status).toBe("manual");
    expect(r.summary).toContain("Proven by read-only calls: fleet-management:activegate.connection-info:read, fleet-management:container-images:read, fleet-management:oneagent.connection-info:read, fleet-management:oneagents:download, settings:objects:read, settings:objects:write");
    expect(r.summary).toContain("Not provable without a write: fleet-management:activegate.tokens:create (the only call that uses it creates an ActiveGate token in the tenant");
    expect(r.remediation.text).toContain('"Kubernetes Operator" policy');
    expect(r.evidence).toContainEqual(expect.objectContaining({ label: "fleet-management:oneagent.connection-info:read", value: "proven" }));
    expect(r.evidence).toContainEqual(expect.objectContaining({ label: "fleet-management:activegate.tokens:create", value: "not provable read-only" }));
  });

  it("its own evidence predicts a rejection: a 403 on a required permission fails, naming the permission and what breaks", () => {
    const r = evaluateTenantCheck(operatorToken, facts({ connectionInfo: 403 }), {}, platformTarget);
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("fleet-management:oneagent.connection-info:read (GET /v1/deployment/installer/agent/connectioninfo → 403");
    expect(r.summary).toContain("OneAgents and code modules cannot connect");
    expect(r.remediation.text).toContain("Missing: fleet-management:oneagent.connection-info:read");
    expect(r.remediation.commands[0]).toContain(`${TENANT_API}/v1/deployment/installer/agent/connectioninfo`);
  });

  it("a 403 on the container images list fails: with a platform token the operator takes its images from there", () => {
    const r = evaluateTenantCheck(operatorToken, facts({ probes: probes({ containerImages: 403 }, undefined) }), {}, platformTarget);
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("fleet-management:container-images:read");
  });

  it("a container image list without the images the plan needs fails", () => {
    const r = evaluateTenantCheck(operatorToken, facts({ probes: probes({}, ["activegate"]) }), { mode: "full-stack" }, platformTarget);
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("no public-registry image for codemodules, oneagent");
  });

  it("a 401 anywhere: the tenant rejected the token", () => {
    const r = evaluateTenantCheck(operatorToken, facts({ agentVersion: 401 }), {}, platformTarget);
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/rejected the platform operator token \(401/);
  });

  it("a missing optional settings permission stays apart from the required ones: still manual, and says what will not happen", () => {
    const r = evaluateTenantCheck(operatorToken, facts({ probes: probes({ settingsRead: 403 }), settingsWrite: 403 }), {}, platformTarget);
    expect(r.status).toBe("manual");
    expect(r.summary).toContain("It lacks optional settings:objects:read");
    expect(r.remediation.text).toContain("Optional: grant settings:objects:read, settings:objects:write");
  });

  it("cannot evaluate (a probe timed out, the tenant answered 503): unknown, never pass", () => {
    const timedOut = evaluateTenantCheck(operatorToken, { ...facts(), "dt.connectionInfo": { error: { kind: "timeout", message: "no answer within 10000 ms" } } }, {}, platformTarget);
    expect(timedOut.status).toBe("unknown");
    expect(timedOut.reason).toContain("fleet-management:oneagent.connection-info:read: GET /v1/deployment/installer/agent/connectioninfo: timeout: no answer within 10000 ms");
    const unavailable = evaluateTenantCheck(operatorToken, facts({ probes: probes({ gatewayConnectionInfo: 503 }) }), {}, platformTarget);
    expect(unavailable.status).toBe("unknown");
    const noProbes = evaluateTenantCheck(operatorToken, { ...facts(), "dt.platformProbes": { error: { kind: "unreachable", message: "TCP: refused" } } }, {}, platformTarget);
    expect(noProbes.status).toBe("unknown");
  });
});
