// Collectors' `uses`: read a fact when other checks made the engine collect it (waiting for it), never collect it for themselves.
import { describe, expect, it } from "vitest";
import { defineCheck } from "./check";
import { defineCollector, type CollectorDefinition } from "./collector";
import { parsePlan } from "./plan";
import { runReadiness } from "./run";
import type { Target } from "./types";

declare module "./facts" {
  interface FactTypes {
    "uses.slow": string;
    "uses.reader": string;
  }
}

const target: Target = { kind: "aks", name: "t", context: "t", server: "https://t" };
const slow = defineCollector({
  id: "slow",
  produces: ["uses.slow"],
  async collect() {
    await new Promise((r) => setTimeout(r, 30));
    return { "uses.slow": "from slow" };
  },
});
const reader = defineCollector({
  id: "reader",
  produces: ["uses.reader"],
  uses: ["uses.slow"],
  async collect(_ctx, earlier) {
    const r = earlier.get("uses.slow") as { ok: boolean; value?: string } | undefined;
    return { "uses.reader": r?.ok ? `saw ${r.value}` : "alone" };
  },
});
const readsReader = defineCheck({ id: "r", title: "r", section: "cluster", severity: "advisory", docs: [], needs: ["uses.reader"], evaluate: (f) => ({ status: "pass", summary: f.get("uses.reader") }) });
const readsSlow = defineCheck({ id: "s", title: "s", section: "cluster", severity: "advisory", docs: [], needs: ["uses.slow"], evaluate: (f) => ({ status: "pass", summary: f.get("uses.slow") }) });
const collectors: CollectorDefinition[] = [reader, slow];

describe("collector uses", () => {
  it("waits for a used fact that another check needs", async () => {
    const { report } = await runReadiness({ plan: parsePlan({}), target, checks: [readsReader, readsSlow], collectors, clients: {} });
    expect(report.checks.find((c) => c.id === "r")!.summary).toBe("saw from slow");
  });

  it("does not collect a used fact on its own", async () => {
    const { report, facts } = await runReadiness({ plan: parsePlan({}), target, checks: [readsReader], collectors, clients: {} });
    expect(report.checks[0]!.summary).toBe("alone");
    expect(facts.has("uses.slow")).toBe(false);
  });
});
