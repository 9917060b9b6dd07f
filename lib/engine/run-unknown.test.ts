// An unknown result from an unreachable source tells the user which end to check: the tenant, a registry or
// the API server.
import { describe, expect, it } from "vitest";
import { defineCheck } from "./check";
import { defineCollector, type CollectorDefinition } from "./collector";
import { CollectError } from "./errors";
import { parsePlan } from "./plan";
import { runReadiness } from "./run";
import type { Target } from "./types";

declare module "./facts" {
  interface FactTypes {
    "dt.testUnreachable": number;
    "k8s.testUnreachable": number;
  }
}

const target: Target = { kind: "kubeconfig", name: "t", context: "t", server: "https://127.0.0.1:1" };
const docs = [{ title: "d", url: "https://example.invalid" }];

describe("unknown results from an unreachable source", () => {
  it("name the Dynatrace tenant for dt.* facts and the API server for k8s.* facts", async () => {
    const collectors = (["dt.testUnreachable", "k8s.testUnreachable"] as const).map(
      (key) =>
        defineCollector({
          id: key,
          produces: [key],
          collect: async () => {
            throw new CollectError("timeout", "HTTP: timed out, no answer within 4000 ms");
          },
        }) as CollectorDefinition,
    );
    const checks = (["dt.testUnreachable", "k8s.testUnreachable"] as const).map((key) =>
      defineCheck({ id: `check.${key}`, title: key, section: "tenant", severity: "blocking", docs, needs: [key], evaluate: (f) => ({ status: f.get(key) > 0 ? "pass" : "fail", summary: "" }) }),
    );
    const { report } = await runReadiness({ plan: parsePlan({}), target, checks, collectors, clients: {} });
    const [dt, k8s] = report.checks;
    expect(dt!.status).toBe("unknown");
    expect(dt!.reason).toBe("Timed out: HTTP: timed out, no answer within 4000 ms");
    expect(dt!.remediation.text).toBe("Make sure the Dynatrace tenant (through the proxy, when one is set) is reachable from the dashboard host, then run again.");
    expect(k8s!.remediation.text).toBe("Make sure the API server is reachable from the dashboard host, then run again.");
  });
});
