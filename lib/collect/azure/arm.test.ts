import { describe, expect, it } from "vitest";
import { CollectError } from "@/lib/engine/errors";
import { classifyArmError, createArmClients, listAksClusters, listSubscriptions } from "./arm";
import { parseAzureConnectionInput } from "./connection";

/** A credential that records the scopes asked for and never reaches a network. */
function recordingCredential() {
  const scopes: string[] = [];
  return {
    scopes,
    credential: {
      getToken: async (s: string | string[]) => {
        scopes.push(...(Array.isArray(s) ? s : [s]));
        throw new Error("stop: scope recorded");
      },
    },
  };
}

const ctx = () => ({ signal: AbortSignal.timeout(5_000), noteRequest: () => undefined });

describe("ARM token scopes per cloud", () => {
  for (const [cloud, scope] of [
    ["AzureCloud", "https://management.azure.com/.default"],
    ["AzureChinaCloud", "https://management.chinacloudapi.cn/.default"],
    ["AzureUSGovernment", "https://management.usgovcloudapi.net/.default"],
  ] as const) {
    it(`${cloud}: both SDK clients ask for ${scope}`, async () => {
      const { scopes, credential } = recordingCredential();
      const conn = parseAzureConnectionInput({ kind: "managed-identity", cloud });
      const arm = createArmClients(conn, credential);
      await expect(listSubscriptions(arm, ctx())).rejects.toBeInstanceOf(CollectError);
      await expect(listAksClusters(arm, ctx(), "00000000-0000-4000-8000-000000000001")).rejects.toBeInstanceOf(CollectError);
      // 25.3.0's ContainerServiceClient would default to the public cloud's scope for every cloud.
      expect(new Set(scopes)).toEqual(new Set([scope]));
      expect(arm.armEndpoint).toBe(scope.replace("/.default", ""));
    });
  }
});

describe("classifyArmError", () => {
  const rest = (statusCode: number, code: string, message: string, retryAfter?: string) =>
    Object.assign(new Error(message), { name: "RestError", statusCode, code, response: { headers: { get: (n: string) => (n === "retry-after" ? retryAfter : undefined) } } });

  const denied =
    "The client '0f3c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b' with object id '5d1c7e3a-9b2f-4c6d-8e0a-1f2b3c4d5e6f' does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/read' over scope '/subscriptions/8b2e6f41-0c3d-4a7e-9f15-6d4c2b1a0e97/resourceGroups/rg-prod' or the scope is invalid. If access was recently granted, please refresh your credentials.";

  it("403 keeps Resource Manager's message and blames it, with the role assignment for that action and scope", () => {
    const e = classifyArmError(rest(403, "AuthorizationFailed", denied), "GET /x", 1000);
    expect(e).toMatchObject({ kind: "forbidden", status: 403, system: "Azure Resource Manager" });
    expect(e.message).toContain("403 AuthorizationFailed");
    expect(e.message).toContain("over scope '/subscriptions/8b2e6f41-0c3d-4a7e-9f15-6d4c2b1a0e97/resourceGroups/rg-prod'");
    expect(e.remedy).toBe(
      "Grant the Azure identity a role that allows Microsoft.ContainerService/managedClusters/read on /subscriptions/8b2e6f41-0c3d-4a7e-9f15-6d4c2b1a0e97/resourceGroups/rg-prod: " +
        'az role assignment create --assignee-object-id 5d1c7e3a-9b2f-4c6d-8e0a-1f2b3c4d5e6f --assignee-principal-type ServicePrincipal --role "Reader" --scope /subscriptions/8b2e6f41-0c3d-4a7e-9f15-6d4c2b1a0e97/resourceGroups/rg-prod',
    );
  });

  it("a paged 403 gets Resource Manager's message back from the kept error body", () => {
    const request = {};
    const paged = Object.assign(rest(403, "AuthorizationFailed", "Pagination failed with unexpected statusCode 403"), { request });
    const e = classifyArmError(paged, "GET /x", 1000, undefined, { armEndpoint: "https://management.azure.com", bodyOf: (r) => (r === request ? { code: "AuthorizationFailed", message: denied } : undefined) });
    expect(e.message).toContain("perform action 'Microsoft.ContainerService/managedClusters/read' over scope '/subscriptions/8b2e6f41-0c3d-4a7e-9f15-6d4c2b1a0e97/resourceGroups/rg-prod'");
    expect(e.message).not.toContain("Pagination failed");
  });

  it("a 401 names the challenge's description and the fix for its code", () => {
    const challenge = 'Bearer authorization_uri="https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47", error="invalid_token", error_description="The access token is from the wrong issuer."';
    const e = Object.assign(rest(401, "InvalidAuthenticationTokenTenant", "The access token is from the wrong issuer 'https://sts.windows.net/x/'."), {
      response: { headers: { get: (n: string) => (n === "www-authenticate" ? challenge : undefined) } },
    });
    const c = classifyArmError(e, "GET /subscriptions/s", 1000, undefined, { armEndpoint: "https://management.azure.com", tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47" });
    expect(c).toMatchObject({ kind: "unauthorized", status: 401, system: "Azure Resource Manager" });
    expect(c.remedy).toContain("The subscription belongs to another tenant than the connection's (72f988bf-86f1-41af-91ab-2d7cd011db47)");
  });

  it("paging errors without a kept body still say the status and code", () => {
    const e = classifyArmError(rest(404, "ResourceGroupNotFound", "Pagination failed with unexpected statusCode 404"), "GET /x", 1000);
    expect(e).toMatchObject({ kind: "not-found" });
    expect(e.message).toContain("Resource Manager answered 404 ResourceGroupNotFound");
  });

  it("429 after the retry says when to try again", () => {
    const e = classifyArmError(rest(429, "TooManyRequests", "slow down", "30"), "GET /subscriptions", 1000);
    expect(e.message).toBe("GET /subscriptions: Resource Manager is throttling requests (429); it asked to retry after 30 s. Try again later.");
  });

  it("a timeout names the per-request limit; the run's budget is named as such", () => {
    const abort = Object.assign(new Error("aborted"), { name: "AbortError" });
    expect(classifyArmError(abort, "GET /x", 1500).message).toBe("GET /x got no answer within 1500 ms");
    const run = new AbortController();
    run.abort();
    expect(classifyArmError(abort, "GET /x", 1500, run.signal).message).toBe("GET /x: the run's time budget ran out");
  });

  it("credential failures blame Entra ID, not Resource Manager", () => {
    const e = classifyArmError(Object.assign(new Error("AADSTS700016: Application not found"), { name: "AuthenticationError" }), "GET /subscriptions", 1000);
    expect(e).toMatchObject({ kind: "unauthorized", system: "Microsoft Entra ID" });
    expect(e.message).toContain("AADSTS700016");
  });

  it("connection refused is unreachable, and the remedy is the network path to the endpoint", () => {
    const e = classifyArmError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }), "GET /subscriptions", 1000, undefined, { armEndpoint: "https://management.azure.com" });
    expect(e).toMatchObject({ kind: "unreachable", system: "Azure Resource Manager" });
    expect(e.remedy).toContain("reach https://management.azure.com on port 443");
  });
});
