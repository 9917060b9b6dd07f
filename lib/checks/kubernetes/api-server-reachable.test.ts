// k8s.api-server-reachable blames the API server only for what the API server answered.
import { describe, expect, it } from "vitest";
import { evaluateAll } from "@/lib/engine/run";
import { parsePlan } from "@/lib/engine/plan";
import type { FactStore } from "@/lib/engine/facts";
import type { Target } from "@/lib/engine/types";
import { apiServerReachable } from "./api-server-reachable";

const target: Target = { kind: "aks", name: "aks-prod", context: "aks-prod", server: "https://aks-prod.hcp.westeurope.azmk8s.io:443" };
const source = { collector: "kubernetes.version", requests: ["GET /version"] };
const run = (facts: FactStore, t: Target = target) => evaluateAll([apiServerReachable], facts, { plan: parsePlan({}), target: t })[0]!;

describe("k8s.api-server-reachable", () => {
  it("the API server itself rejecting the credentials is a fail about the API server", () => {
    const r = run(new Map([["k8s.version", { ok: false, error: { kind: "unauthorized", message: "GET /version: 401 Unauthorized" }, source, durationMs: 3 }]]));
    expect(r.status).toBe("fail");
    expect(r.summary).toBe("The API server at https://aks-prod.hcp.westeurope.azmk8s.io:443 rejected the credentials.");
  });

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

  it("an unreachable API server is a fail naming its address", () => {
    const r = run(new Map([["k8s.version", { ok: false, error: { kind: "unreachable", message: "TCP: connection refused" }, source, durationMs: 3 }]]));
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("could not be reached");
  });
});
