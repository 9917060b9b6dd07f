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

declare module "./facts" {
  interface FactTypes {
    "k8s.testBlamed": number;
  }
}

describe("unknown results when another system failed first", () => {
  const blamed = defineCollector({
    id: "k8s.testBlamed",
    produces: ["k8s.testBlamed"],
    collect: async () => {
      throw new CollectError("unauthorized", "Microsoft Entra ID refused a token for the cluster: AADSTS7000215: Invalid client secret provided.", undefined, {
        system: "Microsoft Entra ID",
        remedy: "Create a new client secret and put its value in the Azure connection.",
      });
    },
  }) as CollectorDefinition;

  it("name that system in the reason and give its remedy, not a kubeconfig's", async () => {
    const check = defineCheck({ id: "check.blamed", title: "t", section: "cluster", severity: "blocking", docs, needs: ["k8s.testBlamed"], evaluate: (f) => ({ status: f.get("k8s.testBlamed") > 0 ? "pass" : "fail", summary: "" }) });
    const { report } = await runReadiness({ plan: parsePlan({}), target, checks: [check], collectors: [blamed], clients: {} });
    const [r] = report.checks;
    expect(r!.status).toBe("unknown");
    expect(r!.reason).toBe("Unauthorized (Microsoft Entra ID): Microsoft Entra ID refused a token for the cluster: AADSTS7000215: Invalid client secret provided.");
    expect(r!.remediation.text).toBe("Create a new client secret and put its value in the Azure connection.");
    expect(r!.remediation.text).not.toMatch(/kubeconfig/);
  });

  it("a check's own unknown over such a fact gets the system in its reason and the remedy when it gave none", async () => {
    const check = defineCheck({
      id: "check.own-unknown",
      title: "t",
      section: "cluster",
      severity: "blocking",
      docs,
      needs: ["k8s.testBlamed"],
      evaluate: (f) => {
        const r = f.result("k8s.testBlamed");
        return r.ok ? { status: "pass", summary: "" } : { status: "unknown", summary: "Not tried", reason: "it is unknown whether the namespace exists" };
      },
    });
    const { report } = await runReadiness({ plan: parsePlan({}), target, checks: [check], collectors: [blamed], clients: {} });
    const [r] = report.checks;
    expect(r!.status).toBe("unknown");
    expect(r!.reason).toBe("Microsoft Entra ID: it is unknown whether the namespace exists");
    expect(r!.remediation.text).toBe("Create a new client secret and put its value in the Azure connection.");
  });

  it("a check whose reason quotes a blamed failure it did not declare (its collector carried it) gets that remedy", async () => {
    const relay = defineCollector({
      id: "k8s.testUnreachable",
      produces: ["k8s.testUnreachable"],
      after: ["k8s.testBlamed"],
      collect: async (_ctx, earlier) => {
        const r = earlier.get("k8s.testBlamed") as { ok: boolean; error?: { message: string } };
        return { "k8s.testUnreachable": r.ok ? 1 : -1, note: r.error?.message } as never;
      },
    }) as CollectorDefinition;
    const check = defineCheck({
      id: "check.relay",
      title: "t",
      section: "cluster",
      severity: "blocking",
      docs,
      needs: ["k8s.testUnreachable"],
      evaluate: () => ({ status: "unknown", summary: "Not tried", reason: "Microsoft Entra ID refused a token for the cluster: AADSTS7000215: Invalid client secret provided." }),
    });
    const { report } = await runReadiness({ plan: parsePlan({}), target, checks: [check], collectors: [blamed, relay], clients: {} });
    expect(report.checks[0]!.remediation.text).toBe("Create a new client secret and put its value in the Azure connection.");
  });

  it("k8s.* facts without a named system still point at the API server", async () => {
    const c = defineCollector({
      id: "k8s.testBlamed",
      produces: ["k8s.testBlamed"],
      collect: async () => {
        throw new CollectError("unreachable", "no route");
      },
    }) as CollectorDefinition;
    const check = defineCheck({ id: "check.k8s", title: "t", section: "cluster", severity: "blocking", docs, needs: ["k8s.testBlamed"], evaluate: (f) => ({ status: f.get("k8s.testBlamed") > 0 ? "pass" : "fail", summary: "" }) });
    const { report } = await runReadiness({ plan: parsePlan({}), target, checks: [check], collectors: [c], clients: {} });
    expect(report.checks[0]!.remediation.text).toBe("Make sure the API server is reachable from the dashboard host, then run again.");
  });
});
