import { describe, expect, it } from "vitest";
import { apiServerReachable } from "./api-server-reachable";
import { evaluateCheck } from "./fixtures";

const version = { gitVersion: "v1.36.3", major: "1", minor: "36", platform: "linux/amd64" };

describe("k8s.api-server-reachable", () => {
  it("passes when GET /version answers", () => {
    const r = evaluateCheck(apiServerReachable, { "k8s.version": version });
    expect(r.status).toBe("pass");
    expect(r.summary).toBe("The API server at https://aks-prod.hcp.westeurope.azmk8s.io:443 answered (Kubernetes v1.36.3).");
  });

  it("fails when its own evidence predicts a rejection: the API server answered 401 to these credentials", () => {
    const r = evaluateCheck(apiServerReachable, { "k8s.version": { kind: "unauthorized", message: "GET /version was rejected as unauthenticated (401): Unauthorized" } });
    expect(r.status).toBe("fail");
    expect(r.summary).toBe("The API server at https://aks-prod.hcp.westeurope.azmk8s.io:443 rejected the credentials.");
    expect(r.remediation.text).toContain("no longer accepted");
  });

  it("fails when the server cannot be reached or does not answer in time", () => {
    expect(evaluateCheck(apiServerReachable, { "k8s.version": { kind: "unreachable", message: "GET /version: ECONNREFUSED" } }).status).toBe("fail");
    expect(evaluateCheck(apiServerReachable, { "k8s.version": { kind: "timeout", message: "GET /version got no answer within 10000 ms" } }).summary).toContain("did not answer in time");
  });

  it("is unknown, with the reason, for an answer it cannot read", () => {
    const r = evaluateCheck(apiServerReachable, { "k8s.version": { kind: "invalid", message: "GET /version returned HTML" } });
    expect(r.status).toBe("unknown");
    expect(r.reason).toBe("GET /version returned HTML");
  });
});
