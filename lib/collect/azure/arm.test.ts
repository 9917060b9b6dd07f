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

  it("403 names the ARM code and the role that reads clusters", () => {
    const e = classifyArmError(rest(403, "AuthorizationFailed", "The client 'x' does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/read'"), "GET /x", 1000);
    expect(e).toMatchObject({ kind: "forbidden", status: 403 });
    expect(e.message).toContain("403 AuthorizationFailed");
    expect(e.message).toContain("Reader");
  });

  it("paging errors, which lose ARM's message, still say the status and code", () => {
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

  it("credential failures are unauthorized, with the identity library's explanation", () => {
    const e = classifyArmError(Object.assign(new Error("AADSTS700016: Application not found"), { name: "AuthenticationError" }), "GET /subscriptions", 1000);
    expect(e).toMatchObject({ kind: "unauthorized" });
    expect(e.message).toContain("AADSTS700016");
  });

  it("connection refused is unreachable", () => {
    const e = classifyArmError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }), "GET /subscriptions", 1000);
    expect(e.kind).toBe("unreachable");
  });
});
