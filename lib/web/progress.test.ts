import { describe, expect, it } from "vitest";
import { initialProgress, parseStreamEvent, progressFraction, reduceProgress, type RunStreamEvent } from "./progress";

const replay = (events: RunStreamEvent[]) => events.reduce(reduceProgress, initialProgress);

const planned: RunStreamEvent = {
  type: "planned",
  checks: [
    { id: "k8s.api-server-reachable", title: "API server reachable", section: "cluster" },
    { id: "k8s.kubernetes-version", title: "Kubernetes version", section: "cluster" },
  ],
  collectors: ["k8s.version", "k8s.nodes"],
};

describe("reduceProgress", () => {
  it("counts collectors done out of planned, and remembers which failed", () => {
    const state = replay([
      planned,
      { type: "collector-started", collector: "k8s.version" },
      { type: "collector-started", collector: "k8s.nodes" },
      { type: "collector-finished", collector: "k8s.version", ok: true, durationMs: 12 },
      { type: "collector-finished", collector: "k8s.nodes", ok: false, durationMs: 40 },
    ]);
    expect(state.phase).toBe("collecting");
    expect(state.collectors).toHaveLength(2);
    expect(state.collectorsDone).toEqual(["k8s.version", "k8s.nodes"]);
    expect(state.collectorsFailed).toEqual(["k8s.nodes"]);
    expect(state.collectorsRunning).toEqual([]);
  });

  it("lists checks as they finish and ends with the verdict", () => {
    const state = replay([
      planned,
      { type: "check-finished", id: "k8s.api-server-reachable", status: "pass" },
      { type: "check-finished", id: "k8s.kubernetes-version", status: "warn" },
      { type: "finished", verdict: "ready-with-warnings", durationMs: 830 },
    ]);
    expect(state.results).toEqual([
      { id: "k8s.api-server-reachable", status: "pass" },
      { id: "k8s.kubernetes-version", status: "warn" },
    ]);
    expect(state.phase).toBe("finished");
    expect(state.verdict).toBe("ready-with-warnings");
    expect(progressFraction(state)).toBe(1);
  });

  it("replaying the same events twice (a reconnect) does not double count", () => {
    const events: RunStreamEvent[] = [
      planned,
      { type: "collector-finished", collector: "k8s.version", ok: true, durationMs: 1 },
      { type: "check-finished", id: "k8s.api-server-reachable", status: "pass" },
    ];
    const state = replay([...events, ...events]);
    expect(state.collectorsDone).toHaveLength(1);
    expect(state.results).toHaveLength(1);
    expect(progressFraction(state)).toBe(0.5);
  });

  it("a failed run shows the server's message", () => {
    const state = replay([planned, { type: "failed", message: "kube-apiserver unreachable: connect ECONNREFUSED" }]);
    expect(state.phase).toBe("failed");
    expect(state.error).toContain("ECONNREFUSED");
  });
});

describe("parseStreamEvent", () => {
  it("accepts event JSON and skips malformed payloads", () => {
    expect(parseStreamEvent('{"type":"finished","verdict":"ready","durationMs":5}')).toEqual({
      type: "finished",
      verdict: "ready",
      durationMs: 5,
    });
    expect(parseStreamEvent("not json")).toBeUndefined();
    expect(parseStreamEvent('{"nope":1}')).toBeUndefined();
  });
});
