import { describe, expect, it } from "vitest";
import { operatorToken } from "./operator-token";
import { evaluateTenantCheck, inDays, lookup, OPERATOR_SCOPES, said, TENANT_API, tenantTarget } from "./testing";

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

  it("passes a platform token without a lookup, saying so, as the operator does", () => {
    const r = evaluateTenantCheck(operatorToken, { "dt.operatorToken": { present: true, kind: "platform", publicPart: "dt0s16.ABCDEFGH…", lookup: "skipped", checkedAt: "x" } });
    expect(r.status).toBe("pass");
    expect(r.summary).toMatch(/platform token .*does not look up its scopes/);
  });

  it("does not apply without a tenant", () => {
    const { tenant: _t, ...noTenant } = tenantTarget;
    const r = evaluateTenantCheck(operatorToken, { "dt.operatorToken": lookup() }, {}, noTenant);
    expect(r.status).toBe("not-applicable");
  });
});
