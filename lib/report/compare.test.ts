import { describe, expect, it } from "vitest";
import type { CheckResult, Verdict } from "@/lib/engine/types";
import { changedEvidenceLabels, compareRuns, lastReadyRun, previousFinishedRun, sinceLastReady, type RunListing } from "./compare";
import { checkResult as check } from "./fixtures";

const run = (verdict: Verdict, checks: CheckResult[]) => ({ verdict, checks });

describe("compareRuns", () => {
  it("a check that starts or stops applying is a change to review, neither better nor worse", () => {
    const older = run("ready", [check({ id: "csi", status: "not-applicable" }), check({ id: "ns", status: "pass" })]);
    const newer = run("ready", [check({ id: "csi", status: "pass" }), check({ id: "ns", status: "not-applicable" })]);
    const c = compareRuns(older, newer);
    expect(c.worse).toEqual([]);
    expect(c.better).toEqual([]);
    expect(c.evidenceChanged.map((x) => [x.id, x.status, x.labels])).toEqual([
      ["csi", "pass", ["Status"]],
      ["ns", "not-applicable", ["Status"]],
    ]);
  });

  it("response times that differ between runs are not a change; other numbers are", () => {
    const older = run("ready", [
      check({ id: "api", evidence: [{ label: "Answered in", value: "41 ms" }, { label: "Nodes", value: "3" }] }),
      check({ id: "tenant", evidence: [{ label: "tcp", value: "ok in 12 ms" }] }),
    ]);
    const newer = run("ready", [
      check({ id: "api", evidence: [{ label: "Answered in", value: "57 ms" }, { label: "Nodes", value: "3" }] }),
      check({ id: "tenant", evidence: [{ label: "tcp", value: "FAILED in 12 ms" }] }),
    ]);
    const c = compareRuns(older, newer);
    expect(c.unchanged).toBe(1);
    expect(c.evidenceChanged.map((x) => [x.id, x.labels])).toEqual([["tenant", ["tcp"]]]);
  });

  it("sorts checks into worse, better, appeared, disappeared, evidence changed and unchanged", () => {
    const older = run("ready-with-warnings", [
      check({ id: "a", status: "pass" }),
      check({ id: "b", status: "warn" }),
      check({ id: "c", status: "pass", evidence: [{ label: "Nodes", value: "3" }] }),
      check({ id: "d", status: "pass" }),
      check({ id: "gone", status: "warn" }),
    ]);
    const newer = run("not-ready", [
      check({ id: "a", status: "fail" }),
      check({ id: "b", status: "pass" }),
      check({ id: "c", status: "pass", evidence: [{ label: "Nodes", value: "4" }] }),
      check({ id: "d", status: "pass" }),
      check({ id: "new", status: "unknown" }),
    ]);
    const c = compareRuns(older, newer);
    expect(c.verdict).toEqual({ from: "ready-with-warnings", to: "not-ready", changed: true });
    expect(c.worse.map((x) => [x.id, x.from, x.to])).toEqual([["a", "pass", "fail"]]);
    expect(c.better.map((x) => [x.id, x.from, x.to])).toEqual([["b", "warn", "pass"]]);
    expect(c.appeared.map((x) => [x.id, x.status])).toEqual([["new", "unknown"]]);
    expect(c.disappeared.map((x) => [x.id, x.status])).toEqual([["gone", "warn"]]);
    expect(c.evidenceChanged).toEqual([{ id: "c", title: "Example", section: "cluster", status: "pass", labels: ["Nodes"] }]);
    expect(c.unchanged).toBe(1);
  });

  it("follows fail > unknown > manual > warn > pass (or not-applicable)", () => {
    const order = ["fail", "unknown", "manual", "warn", "pass"] as const;
    for (let i = 0; i < order.length - 1; i++) {
      const c = compareRuns(run("ready", [check({ status: order[i + 1] })]), run("ready", [check({ status: order[i] })]));
      expect(c.worse, `${order[i + 1]} -> ${order[i]}`).toHaveLength(1);
    }
    // A check that stopped applying counts as better, not as unchanged.
    expect(compareRuns(run("ready", [check({ status: "warn" })]), run("ready", [check({ status: "not-applicable" })])).better).toHaveLength(1);
  });

  it("a check that became waived or whose waiver ended is changed, not better or worse", () => {
    const waiver = { id: "w1", owner: "SRE", justification: "accepted", createdAt: "2026-11-20T00:00:00Z", expiresAt: "2026-12-20T00:00:00Z" };
    const plain = check({ id: "v", status: "fail" });
    const waived = check({ id: "v", status: "fail", waiver });
    for (const [older, newer] of [
      [plain, waived],
      [waived, plain],
      [waived, { ...waived, waiver: { ...waiver, id: "w2" } }],
    ]) {
      const c = compareRuns(run("not-ready", [older!]), run("ready-with-warnings", [newer!]));
      expect(c.worse).toEqual([]);
      expect(c.better).toEqual([]);
      expect(c.evidenceChanged).toEqual([{ id: "v", title: "Example", section: "cluster", status: "fail", labels: ["Waiver"] }]);
    }
    expect(compareRuns(run("ready", [waived]), run("ready", [waived])).unchanged).toBe(1);
  });

  it("lists the worst outcomes first", () => {
    const c = compareRuns(
      run("ready", [check({ id: "w", status: "pass" }), check({ id: "f", status: "pass" })]),
      run("not-ready", [check({ id: "w", status: "warn" }), check({ id: "f", status: "fail" })]),
    );
    expect(c.worse.map((x) => x.id)).toEqual(["f", "w"]);
  });

  it("two identical runs differ in nothing", () => {
    const r = run("ready", [check({ id: "a", evidence: [{ label: "x", value: "1", detail: "d" }] })]);
    const c = compareRuns(r, structuredClone(r));
    expect(c.verdict.changed).toBe(false);
    expect([c.worse, c.better, c.appeared, c.disappeared, c.evidenceChanged].flat()).toEqual([]);
    expect(c.unchanged).toBe(1);
  });
});

describe("changedEvidenceLabels", () => {
  it("notices added, removed and changed rows, including repeated labels and details", () => {
    expect(changedEvidenceLabels([{ label: "Node", value: "a" }, { label: "Node", value: "b" }], [{ label: "Node", value: "a" }])).toEqual(["Node"]);
    expect(changedEvidenceLabels([], [{ label: "New", value: "1" }])).toEqual(["New"]);
    expect(changedEvidenceLabels([{ label: "X", value: "1", detail: "a" }], [{ label: "X", value: "1", detail: "b" }])).toEqual(["X"]);
    expect(changedEvidenceLabels([{ label: "X", value: "1" }], [{ label: "X", value: "1" }])).toEqual([]);
  });
});

describe("lastReadyRun / sinceLastReady / previousFinishedRun", () => {
  const r = (id: string, day: number, verdict: Verdict | null, status = "finished"): RunListing => ({
    id,
    status,
    verdict,
    startedAt: `2026-11-${String(day).padStart(2, "0")}T10:00:00.000Z`,
  });
  const runs = [r("r5", 5, null, "running"), r("r4", 4, "not-ready"), r("r3", 3, "incomplete"), r("r2", 2, "ready-with-warnings"), r("r1", 1, "ready")];

  it("finds the newest ready run before the latest finished one", () => {
    expect(lastReadyRun(runs)?.id).toBe("r2");
    expect(sinceLastReady(runs)).toEqual({ ready: runs[3], latest: runs[1] });
  });

  it("has nothing when no earlier run was ready", () => {
    expect(lastReadyRun([r("b", 2, "ready"), r("a", 1, "not-ready")])).toBeUndefined();
    expect(sinceLastReady([r("a", 1, "ready")])).toBeUndefined();
  });

  it("finds the previous finished run, skipping failed and running ones", () => {
    const list = [r("c", 3, "ready"), r("b", 2, null, "failed"), r("a", 1, "not-ready")];
    expect(previousFinishedRun(list, "c")?.id).toBe("a");
    expect(previousFinishedRun(list, "a")).toBeUndefined();
  });
});
