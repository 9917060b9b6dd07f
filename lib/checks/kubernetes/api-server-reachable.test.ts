// k8s.api-server-reachable blames the API server only for what the API server answered.
import { describe, expect, it } from "vitest";
import { evaluateAll } from "@/lib/engine/run";
import { parsePlan } from "@/lib/engine/plan";
import type { FactStore } from "@/lib/engine/facts";
import type { Target } from "@/lib/engine/types";
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

  describe("when another system failed first", () => {
    const target: Target = { kind: "aks", name: "aks-prod", context: "aks-prod", server: "https://aks-prod.hcp.westeurope.azmk8s.io:443" };
    const source = { collector: "azure.aks-access", requests: [] };
    const run = (facts: FactStore, t: Target = target) => evaluateAll([apiServerReachable], facts, { plan: parsePlan({}), target: t })[0]!;

    it("Entra ID refusing the token: unknown, naming Entra ID and its remedy, no empty server address, no kubeconfig advice", () => {
      const error = {
        kind: "unauthorized" as const,
        message: "Microsoft Entra ID refused a token for Resource Manager: AADSTS7000215: Invalid client secret provided.",
        system: "Microsoft Entra ID",
        remedy: "Create a new client secret (az ad app credential reset --id app --append) and put its value in the Azure connection.",
      };
      const r = run(new Map([["k8s.version", { ok: false, error, source, durationMs: 0 }]]), { ...target, server: "" });
      expect(r.status).toBe("unknown");
      expect(r.summary).toBe("The API server was not asked: Microsoft Entra ID failed first.");
      expect(r.reason).toBe(error.message);
      expect(r.remediation.text).toBe(error.remedy);
      expect(JSON.stringify(r)).not.toMatch(/kubeconfig is no longer|rejected the credentials/);
      expect(r.evidence[0]).toEqual({ label: "Server", value: "not known: no kubeconfig was obtained" });
    });
  });
});
