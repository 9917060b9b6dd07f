import { describe, expect, it } from "vitest";
import { authorizationFailed, entraFailure, entraMessage, remedyFor, roleFor } from "./blame";

// What @azure/identity 4.13.1 (MSAL node) throws for the documented Entra ID error body of a wrong client secret:
// error_description ends in \r\n trace lines, and MSAL appends its own " - Correlation ID: … - Trace ID: …".
const WRONG_SECRET =
  "invalid_client: Error(s): 7000215 - Timestamp: 2026-12-04 19:40:59Z - Description: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '0f3c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b'.\r\nTrace ID: 16c053d4-8ab2-45af-b440-7ba323d4b2dc\r\nCorrelation ID: b573b4d1-3851-455d-87be-a16cc4030334\r\nTimestamp: 2026-12-04 19:40:59Z - Correlation ID: b573b4d1-3851-455d-87be-a16cc4030334 - Trace ID: 16c053d4-8ab2-45af-b440-7ba323d4b2dc";
const WHOLE =
  "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '0f3c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b'.";
const ctx = { kind: "client-secret" as const, authorityHost: "https://login.microsoftonline.com", tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47", clientId: "0f3c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b", what: "a token for Resource Manager" };

describe("entraMessage", () => {
  it("keeps the AADSTS message whole and drops the \\r\\n trace tail and MSAL's own tail", () => {
    const m = entraMessage(Object.assign(new Error(WRONG_SECRET), { name: "AuthenticationRequiredError" }));
    expect(m).toEqual({ aadsts: 7000215, error: "invalid_client", text: WHOLE });
    expect(m.text).not.toMatch(/\r|Trace ID|Correlation ID/);
  });

  it("reads @azure/identity's AuthenticationError from its errorResponse", () => {
    const e = Object.assign(new Error("invalid_client Status code: 401\nMore details:\n…"), {
      name: "AuthenticationError",
      errorResponse: { error: "invalid_client", errorDescription: `${WHOLE}\r\nTrace ID: 1\r\nCorrelation ID: 2\r\nTimestamp: 2026-12-04 19:40:59Z` },
    });
    expect(entraMessage(e)).toEqual({ aadsts: 7000215, error: "invalid_client", text: WHOLE });
  });

  it("in a chain, takes the member Entra ID answered", () => {
    const e = Object.assign(new Error("ChainedTokenCredential authentication failed."), {
      name: "AggregateAuthenticationError",
      errors: [Object.assign(new Error("EnvironmentCredential is unavailable."), { name: "CredentialUnavailableError" }), Object.assign(new Error(WRONG_SECRET), { name: "AuthenticationRequiredError" })],
    });
    expect(entraMessage(e).aadsts).toBe(7000215);
  });

  it("without an AADSTS code, the first line without a stray \\r", () => {
    expect(entraMessage(new Error("ManagedIdentityCredential: unavailable\r\nmore"))).toEqual({ text: "ManagedIdentityCredential: unavailable", error: undefined });
  });
});

describe("entraFailure", () => {
  it("a refused secret: unauthorized, blames Entra ID, and the remedy is a new client secret for this app", () => {
    const e = entraFailure(Object.assign(new Error(WRONG_SECRET), { name: "AuthenticationRequiredError" }), ctx);
    expect(e).toMatchObject({ kind: "unauthorized", system: "Microsoft Entra ID" });
    expect(e.message).toBe(`Microsoft Entra ID refused a token for Resource Manager: ${WHOLE}`);
    expect(e.remedy).toContain("az ad app credential reset --id 0f3c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b --append");
    expect(e.remedy).not.toMatch(/kubeconfig/i);
  });

  it("an authority that cannot be reached: unreachable, says network, not the credentials", () => {
    const msal = Object.assign(new Error("endpoints_resolution_error: See https://aka.ms/msal.js.errors#endpoints_resolution_error for details"), { name: "CredentialUnavailableError" });
    const e = entraFailure(msal, ctx, { reachable: false, kind: "unreachable", detail: "TCP: connection refused by 127.0.0.1:1" });
    expect(e).toMatchObject({ kind: "unreachable", system: "Microsoft Entra ID" });
    expect(e.message).toContain("network problem, not the credentials");
    expect(e.remedy).toContain("reach https://login.microsoftonline.com on port 443");
    expect(e.remedy).not.toMatch(/secret|check your credentials/i);
  });

  it("an unknown tenant found by the discovery request: unauthorized with the tenant's fix", () => {
    const msal = Object.assign(new Error("endpoints_resolution_error: See https://aka.ms/msal.js.errors#endpoints_resolution_error for details"), { name: "CredentialUnavailableError" });
    const e = entraFailure(msal, ctx, { reachable: true, status: 400, entra: { aadsts: 90002, error: "invalid_tenant", text: "AADSTS90002: Tenant '72f988bf-86f1-41af-91ab-2d7cd011db47' not found." } });
    expect(e).toMatchObject({ kind: "unauthorized", system: "Microsoft Entra ID" });
    expect(e.remedy).toContain("has no tenant 72f988bf-86f1-41af-91ab-2d7cd011db47");
  });

  it("a network error code in the identity library's message is unreachable too", () => {
    const e = entraFailure(Object.assign(new Error("network_error: Network request failed: connect ECONNREFUSED 10.0.0.1:443"), { name: "AuthenticationRequiredError" }), ctx);
    expect(e.kind).toBe("unreachable");
  });

  it("a token file this host cannot read is the host's problem: error, with the workload identity remedy", () => {
    const e = entraFailure(new Error("ENOENT: no such file or directory, open '/var/run/secrets/azure/tokens/azure-identity-token'"), { ...ctx, kind: "workload-identity" });
    expect(e).toMatchObject({ kind: "error", system: "Microsoft Entra ID" });
    expect(e.remedy).toContain("AZURE_FEDERATED_TOKEN_FILE");
  });

  it("a managed identity that is not there is not a rejection: error, with where it has to run", () => {
    const e = entraFailure(Object.assign(new Error("ManagedIdentityCredential: No managed identity endpoint found."), { name: "CredentialUnavailableError" }), { ...ctx, kind: "managed-identity" });
    expect(e).toMatchObject({ kind: "error", system: "Microsoft Entra ID" });
    expect(e.remedy).toContain("managed identity");
  });
});

describe("remedies", () => {
  it("each common AADSTS code has its own fix naming the connection's values", () => {
    expect(remedyFor(700016, ctx)).toContain("no application 0f3c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b in tenant 72f988bf");
    expect(remedyFor(500011, ctx)).toContain("cloud or Resource Manager endpoint");
    expect(remedyFor(7000222, ctx)).toContain("has expired");
    expect(remedyFor(70021, { ...ctx, kind: "workload-identity" })).toContain("federated credential");
    expect(remedyFor(700027, { ...ctx, kind: "client-certificate" })).toContain("certificate");
    expect(remedyFor(12345, ctx)).toContain("https://login.microsoftonline.com/error?code=12345");
  });

  it("AuthorizationFailed: principal, action and scope; the least role for the action", () => {
    const m =
      "The client 'c' with object id '5d1c7e3a-9b2f-4c6d-8e0a-1f2b3c4d5e6f' does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action' over scope '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks' or the scope is invalid.";
    const a = authorizationFailed(m)!;
    expect(a).toEqual({
      objectId: "5d1c7e3a-9b2f-4c6d-8e0a-1f2b3c4d5e6f",
      action: "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action",
      scope: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks",
    });
    expect(roleFor(a.action)).toBe("Azure Kubernetes Service Cluster User Role");
    expect(roleFor("Microsoft.ContainerService/managedClusters/read")).toBe("Reader");
  });
});
