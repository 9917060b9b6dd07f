// Many collectors in flight at once (a run with a tenant has more than ten) must not make Node print an
// "EventTarget memory leak" warning on the CLI's stderr or in the server log.
import { describe, expect, it } from "vitest";
import { defineCheck } from "./check";
import { defineCollector, type CollectorDefinition } from "./collector";
import { parsePlan } from "./plan";
import { runReadiness } from "./run";
import type { Target } from "./types";

declare module "./facts" {
  interface FactTypes {
    "test.parallel": number;
  }
}

const target: Target = { kind: "kubeconfig", name: "t", context: "t", server: "https://127.0.0.1:1" };

describe("runReadiness with many collectors at once", () => {
  it("prints no MaxListenersExceededWarning", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on("warning", onWarning);
    try {
      const ids = Array.from({ length: 25 }, (_, i) => `parallel-${i}`);
      const collectors = ids.map(
        (id) =>
          defineCollector({
            id,
            // Test-only fact keys: the check below needs each of them, so all 25 are planned and run at once.
            produces: id === "parallel-0" ? ["test.parallel"] : ([`test.${id}`] as never[]),
            collect: async () => {
              await new Promise((r) => setTimeout(r, 20));
              return { "test.parallel": 1, [`test.${id}`]: 1 } as never;
            },
          }) as CollectorDefinition,
      );
      const check = defineCheck({
        id: "test.parallel",
        title: "parallel",
        section: "cluster",
        severity: "advisory",
        docs: [{ title: "d", url: "https://example.invalid" }],
        needs: ["test.parallel", ...ids.slice(1).map((id) => `test.${id}`)] as never[],
        evaluate: () => ({ status: "pass", summary: "ok" }),
      });
      const { report } = await runReadiness({ plan: parsePlan({}), target, checks: [check], collectors, clients: {} });
      expect(report.checks).toHaveLength(1);
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
      expect(warnings.filter((w) => w.includes("MaxListeners"))).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
