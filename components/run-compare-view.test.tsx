import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { parsePlan } from "@/lib/engine/plan";
import { compareRuns } from "@/lib/report/compare";
import { checkResult as check } from "@/lib/report/fixtures";
import type { RunSummary, StatusCounts } from "@/lib/contracts";
import { RunCompareView } from "./run-compare-view";
import { RunHistory } from "./run-history";

const counts = (over: Partial<StatusCounts> = {}): StatusCounts => ({ fail: 0, unknown: 0, manual: 0, warn: 0, pass: 0, "not-applicable": 0, ...over });

describe("RunCompareView", () => {
  it("lists worse checks linked to the newer run's check and gone checks linked to the older run", () => {
    const comparison = compareRuns(
      { verdict: "ready", checks: [check({ id: "k8s.version", title: "Kubernetes version" }), check({ id: "k8s.old", title: "Old check" })] },
      { verdict: "not-ready", checks: [check({ id: "k8s.version", title: "Kubernetes version", status: "fail" })] },
    );
    const html = renderToStaticMarkup(
      <RunCompareView
        data={{
          clusterId: "c1",
          clusterName: "aks-prod",
          older: { id: "run-old", startedAt: "2026-11-01T10:00:00.000Z", verdict: "ready", counts: counts({ pass: 2 }) },
          newer: { id: "run-new", startedAt: "2026-11-02T10:00:00.000Z", verdict: "not-ready", counts: counts({ fail: 1 }) },
          comparison,
        }}
      />,
    );
    expect(html).toContain('href="/runs/run-new#check-k8s.version"');
    expect(html).toContain('href="/runs/run-old#check-k8s.old"');
    expect(html).toContain("The verdict changed from");
    expect(html).toContain("Nothing became better.");
  });
});

describe("RunHistory", () => {
  const run = (id: string, day: number, verdict: RunSummary["verdict"], c: StatusCounts): RunSummary => ({
    id,
    status: "finished",
    verdict,
    startedAt: `2026-11-0${day}T10:00:00.000Z`,
    finishedAt: `2026-11-0${day}T10:00:05.000Z`,
    durationMs: 5000,
    counts: c,
    plan: parsePlan({}),
  });

  it("links each run to a comparison with the previous one and offers 'since last ready'", () => {
    const runs = [run("r3", 3, "not-ready", counts({ fail: 2, pass: 8 })), run("r2", 2, "incomplete", counts({ unknown: 1, pass: 9 })), run("r1", 1, "ready", counts({ pass: 10 }))];
    const html = renderToStaticMarkup(<RunHistory runs={runs} />);
    expect(html).toContain('href="/runs/r3/compare?with=r2"');
    expect(html).toContain('href="/runs/r2/compare?with=r1"');
    expect(html).not.toContain("/runs/r1/compare");
    expect(html).toContain('href="/runs/r3/compare?with=r1"'); // since last ready
    expect(html).toContain('data-testid="run-history-strip"');
    expect(html).toContain("2 fail");
  });
});
