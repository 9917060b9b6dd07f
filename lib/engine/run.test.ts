import { describe, expect, it } from "vitest";
import { defineCheck, defineManualCheck, type AnyCheck } from "./check";
import { defineCollector, failed, type CollectorDefinition } from "./collector";
import { CollectError } from "./errors";
import { parsePlan } from "./plan";
import { evaluateAll, planCollectors, runReadiness } from "./run";
import type { Target } from "./types";

declare module "./facts" {
  interface FactTypes {
    "test.a": number;
    "test.b": string;
    "test.slow": number;
    "test.dep": number;
  }
}

const target: Target = { kind: "kubeconfig", name: "t", context: "t", server: "https://127.0.0.1:1" };
const plan = parsePlan({});
const docs = [{ title: "d", url: "https://example.invalid/d" }];

const checkA = defineCheck({
  id: "test.a-positive",
  title: "a is positive",
  section: "cluster",
  severity: "blocking",
  docs,
  needs: ["test.a"],
  evaluate: (f) => (f.get("test.a") > 0 ? { status: "pass", summary: "positive" } : { status: "fail", summary: "not positive" }),
});

const checkB = defineCheck({
  id: "test.b-set",
  title: "b is set",
  section: "cluster",
  severity: "advisory",
  docs,
  needs: ["test.b"],
  evaluate: (f) => ({ status: f.get("test.b") ? "pass" : "warn", summary: "b" }),
});

function collector(id: string, produces: CollectorDefinition["produces"], collect: CollectorDefinition["collect"], after?: CollectorDefinition["after"]) {
  const c: CollectorDefinition = defineCollector({ id, produces, collect, after });
  return c;
}

describe("runReadiness", () => {
  it("collects only what the planned checks need, evaluates them and reaches a verdict", async () => {
    const calls: string[] = [];
    const collectors = [
      collector("a", ["test.a"], async (ctx) => {
        calls.push("a");
        ctx.noteRequest("GET /a");
        return { "test.a": 3 };
      }),
      collector("b", ["test.b"], async () => {
        calls.push("b");
        return { "test.b": "x" };
      }),
    ];
    const { report, stats, facts } = await runReadiness({ plan, target, checks: [checkA], collectors, clients: {} });
    expect(calls).toEqual(["a"]);
    expect(report.verdict).toBe("ready");
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([["test.a-positive", "pass"]]);
    expect(stats.requests).toBe(1);
    expect(facts.get("test.a")).toMatchObject({ ok: true, value: 3, source: { collector: "a", requests: ["GET /a"] } });
  });

  it("turns a collector's classified failure into unknown with the reason, never into a pass", async () => {
    const collectors = [
      collector("a", ["test.a"], async () => {
        throw new CollectError("forbidden", "GET /a is forbidden for this identity (403)");
      }),
    ];
    const { report } = await runReadiness({ plan, target, checks: [checkA], collectors, clients: {} });
    expect(report.checks[0]).toMatchObject({ status: "unknown", reason: expect.stringContaining("Forbidden: GET /a is forbidden") });
    expect(report.checks[0]!.remediation.text).toMatch(/identity/);
    expect(report.verdict).toBe("incomplete");
  });

  it("fails one fact without failing its siblings", async () => {
    const collectors = [collector("ab", ["test.a", "test.b"], async () => ({ "test.a": 1, "test.b": failed("not-found", "no b") }))];
    const { report } = await runReadiness({ plan, target, checks: [checkA, checkB], collectors, clients: {} });
    expect(report.checks.map((c) => c.status)).toEqual(["pass", "unknown"]);
    expect(report.verdict).toBe("ready-with-warnings");
  });

  it("ends a collector that outlives the run budget as a timeout, and still reports every check", async () => {
    const collectors = [
      collector("a", ["test.a"], async () => ({ "test.a": 1 })),
      collector("slow", ["test.slow"], () => new Promise(() => {})),
    ];
    const slowCheck = defineCheck({ ...checkA, id: "test.slow", needs: ["test.slow"], evaluate: (f) => ({ status: "pass", summary: String(f.get("test.slow")) }) });
    const t = Date.now();
    const { report } = await runReadiness({ plan, target, checks: [checkA, slowCheck], collectors, clients: {}, budgetMs: 150 });
    expect(Date.now() - t).toBeLessThan(2000);
    expect(report.checks.find((c) => c.id === "test.slow")).toMatchObject({ status: "unknown", reason: expect.stringMatching(/Timed out/) });
    expect(report.checks.find((c) => c.id === "test.a-positive")?.status).toBe("pass");
  });

  it("runs a collector after the collectors of the facts it reads, and hands it their results", async () => {
    const order: string[] = [];
    const collectors = [
      collector(
        "dep",
        ["test.dep"],
        async (_ctx, earlier) => {
          order.push("dep");
          const a = earlier.get("test.a") as { ok: boolean; value: number };
          return { "test.dep": a.value * 10 };
        },
        ["test.a"],
      ),
      collector("a", ["test.a"], async () => {
        await new Promise((r) => setTimeout(r, 20));
        order.push("a");
        return { "test.a": 4 };
      }),
    ];
    const depCheck = defineCheck({ ...checkA, id: "test.dep", needs: ["test.dep"], evaluate: (f) => ({ status: "pass", summary: String(f.get("test.dep")) }) });
    const { report } = await runReadiness({ plan, target, checks: [depCheck], collectors, clients: {} });
    expect(order).toEqual(["a", "dep"]);
    expect(report.checks[0]!.summary).toBe("40");
  });

  it("emits progress events in order: planned, collectors, checks, finished", async () => {
    const events: string[] = [];
    await runReadiness({
      plan,
      target,
      checks: [checkA],
      collectors: [collector("a", ["test.a"], async () => ({ "test.a": 1 }))],
      clients: {},
      onProgress: (e) => events.push(e.type),
    });
    expect(events).toEqual(["planned", "collector-started", "collector-finished", "check-finished", "finished"]);
  });
});

describe("uses: facts read only when another check had them collected", () => {
  const usesB = defineCheck({
    ...checkA,
    id: "test.uses-b",
    uses: ["test.b"],
    evaluate: (f) => {
      const b = f.result("test.b");
      return { status: "pass", summary: b.ok ? `a=${f.get("test.a")} b=${b.value}` : `a=${f.get("test.a")} without b` };
    },
  });
  const collectors = () => {
    const calls: string[] = [];
    const list = [
      collector("a", ["test.a"], async () => (calls.push("a"), { "test.a": 1 })),
      collector("b", ["test.b"], async () => (calls.push("b"), { "test.b": "x" })),
    ];
    return { calls, list };
  };

  it("does not collect a used fact for that check alone", async () => {
    const { calls, list } = collectors();
    const { report } = await runReadiness({ plan, target, checks: [usesB], collectors: list, clients: {} });
    expect(calls).toEqual(["a"]);
    expect(report.checks[0]!.summary).toBe("a=1 without b");
  });

  it("reads it when another check needs it", async () => {
    const { calls, list } = collectors();
    const { report } = await runReadiness({ plan, target, checks: [usesB, checkB], collectors: list, clients: {} });
    expect(calls.sort()).toEqual(["a", "b"]);
    expect(report.checks[0]!.summary).toBe("a=1 b=x");
  });
});

describe("planCollectors", () => {
  it("refuses two collectors producing the same fact", () => {
    const a = collector("a1", ["test.a"], async () => ({ "test.a": 1 }));
    const b = collector("a2", ["test.a"], async () => ({ "test.a": 2 }));
    expect(() => planCollectors([a, b], new Set(["test.a"]))).toThrow(/produced by both a1 and a2/);
  });
});

describe("evaluateAll", () => {
  it("reports manual items as manual with their instructions, and not-applicable with the reason", () => {
    const manual = defineManualCheck({
      id: "manual.x",
      title: "x",
      section: "tenant",
      severity: "blocking",
      docs,
      instructions: ({ plan: p }) => ({ summary: `confirm for ${p.namespace}`, remediation: "do it", commands: ["echo"] }),
    });
    const na: AnyCheck = { ...checkA, id: "test.na", notApplicable: () => "platform mode injects nothing" };
    const results = evaluateAll([manual, na], new Map(), { plan, target });
    expect(results[0]).toMatchObject({ status: "manual", summary: "confirm for dynatrace", remediation: { text: "do it", commands: ["echo"] } });
    expect(results[1]).toMatchObject({ status: "not-applicable", reason: "platform mode injects nothing" });
  });

  it("a check that throws is unknown, not a crash of the run", () => {
    const broken = defineCheck({ ...checkA, id: "test.broken", evaluate: () => { throw new Error("boom"); } });
    const facts = new Map([["test.a", { ok: true as const, value: 1, source: { collector: "a", requests: [] }, durationMs: 0 }]]);
    const [r] = evaluateAll([broken], facts, { plan, target });
    expect(r).toMatchObject({ status: "unknown", reason: expect.stringContaining("boom") });
  });
});
