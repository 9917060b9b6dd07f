import { describe, expect, it } from "vitest";
import type { AgentVersionFact } from "@/lib/collect/dynatrace/agent-version";
import type { ConnectionInfoFact } from "@/lib/collect/dynatrace/connection-info";
import type { SettingsWriteFact } from "@/lib/collect/dynatrace/settings-write";
import type { FactError } from "@/lib/engine/types";
import { deploymentApi } from "./deployment-api";
import { evaluateTenantCheck, TENANT_API, tenantTarget } from "./testing";

const ENDPOINTS = ["https://abc12345.live.dynatrace.com:443/communication", "https://sg-eu-west-1.dynatrace.com/communication"];

function facts(over: { ci?: ConnectionInfoFact | { error: FactError }; av?: AgentVersionFact | { error: FactError }; sw?: SettingsWriteFact | { error: FactError } } = {}) {
  return {
    "dt.connectionInfo": over.ci ?? { status: 200, tenantUUID: "abc12345", communicationEndpoints: ENDPOINTS },
    "dt.agentVersion": over.av ?? { status: 200, latestAgentVersion: "1.327.30.20251107-111521" },
    "dt.settingsWrite": over.sw ?? { status: 200, permitted: true, schemaId: "builtin:cloud.kubernetes" },
  };
}

describe("dt.deployment-api", () => {
  it("passes with endpoints, an agent version and settings write permitted, listing the endpoints", () => {
    const r = evaluateTenantCheck(deploymentApi, facts());
    expect(r.status).toBe("pass");
    expect(r.summary).toMatch(/connection info lists 2 communication endpoints; the latest OneAgent is 1\.327\.30/);
    expect(r.evidence).toContainEqual(expect.objectContaining({ label: "Communication endpoints", value: ENDPOINTS.join(", ") }));
  });

  it("fails when connection info has no communication endpoints", () => {
    const r = evaluateTenantCheck(deploymentApi, facts({ ci: { status: 200, communicationEndpoints: [] } }));
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/^Connection info lists no communication endpoints/);
  });

  it("fails when the deployment API is refused for lack of InstallerDownload", () => {
    const forbidden = { code: 403, message: "Token is missing required scope. Use one of: InstallerDownload" };
    const r = evaluateTenantCheck(deploymentApi, facts({ ci: { status: 403, error: forbidden, communicationEndpoints: [] }, av: { status: 403, error: forbidden } }));
    expect(r.status).toBe("fail");
    expect(r.remediation.text).toMatch(/InstallerDownload/);
    expect(r.remediation.commands[0]).toContain(`${TENANT_API}/v1/deployment/installer/agent/connectioninfo`);
  });

  it("with a platform token the fix names the platform permission, not the classic scope", () => {
    const forbidden = { code: 403, message: "Token is missing required scope. Use one of: fleet-management:oneagent.connection-info:read" };
    const platformTarget = { ...tenantTarget, tenant: { ...tenantTarget.tenant!, operatorTokenPublic: "dt0s16.PLATFORM…" } };
    const r = evaluateTenantCheck(deploymentApi, facts({ ci: { status: 403, error: forbidden, communicationEndpoints: [] } }), {}, platformTarget);
    expect(r.status).toBe("fail");
    expect(r.remediation.text).toContain("fleet-management:oneagent.connection-info:read");
    expect(r.remediation.text).not.toContain("InstallerDownload");
  });

  it("warns when no ActiveGate serves the requested network zone (400)", () => {
    const r = evaluateTenantCheck(deploymentApi, facts({ ci: { status: 400, networkZone: "azure-weu", error: { code: 400, message: "No ActiveGate" }, communicationEndpoints: [] } }));
    expect(r.status).toBe("warn");
    expect(r.summary).toMatch(/No ActiveGate serves the network zone "azure-weu"/);
  });

  it("warns that the cluster will not auto-register when settings write is forbidden", () => {
    const r = evaluateTenantCheck(deploymentApi, facts({ sw: { status: 403, permitted: false, schemaId: "builtin:cloud.kubernetes", error: { code: 403, message: "missing settings.write" } } }));
    expect(r.status).toBe("warn");
    expect(r.summary).toMatch(/not be registered for Kubernetes monitoring automatically/);
    expect(r.remediation.text).toMatch(/settings\.read and settings\.write/);
  });

  it("is unknown when a call timed out and nothing failed", () => {
    const r = evaluateTenantCheck(deploymentApi, facts({ av: { error: { kind: "timeout", message: "HTTP: timed out, no answer within 10000 ms" } } }));
    expect(r.status).toBe("unknown");
    expect(r.reason).toMatch(/Latest OneAgent version: timed out/);
  });

  it("fails when one part fails even if another is undecided", () => {
    const r = evaluateTenantCheck(deploymentApi, facts({ ci: { status: 200, communicationEndpoints: [] }, av: { error: { kind: "timeout", message: "timed out" } } }));
    expect(r.status).toBe("fail");
  });
});
