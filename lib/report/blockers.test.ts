import { describe, expect, it } from "vitest";
import { verdictOf } from "@/lib/engine/verdict";
import { blockersOf } from "./blockers";
import { checkResult } from "./fixtures";

describe("blockersOf", () => {
  it("lists what keeps the verdict from ready, worst first, and nothing that does not", () => {
    const checks = [
      checkResult({ id: "k8s.a", status: "pass" }),
      checkResult({ id: "k8s.b", status: "manual", summary: "Confirm the proxy" }),
      checkResult({ id: "k8s.c", status: "unknown", reason: "Unreachable: the API server https://10.0.0.1 could not be reached\nmore" }),
      checkResult({ id: "k8s.d", status: "fail", summary: "Namespace dynatrace enforces restricted" }),
      checkResult({ id: "k8s.e", status: "fail", severity: "advisory" }),
      checkResult({ id: "k8s.f", status: "warn" }),
      checkResult({ id: "k8s.g", status: "fail", waiver: { id: "w", owner: "o", justification: "accepted risk", createdAt: "2026-01-01T00:00:00Z", expiresAt: "2027-01-01T00:00:00Z" } }),
    ];
    const blockers = blockersOf({ checks });
    expect(blockers.map((b) => [b.id, b.status, b.why])).toEqual([
      ["k8s.d", "fail", "Namespace dynatrace enforces restricted"],
      ["k8s.c", "unknown", "Unreachable: the API server https://10.0.0.1 could not be reached"],
      ["k8s.b", "manual", "Confirm the proxy"],
    ]);
    // The same items the verdict rule stops at: without them, the run is ready (with warnings).
    expect(verdictOf(checks.filter((c) => !blockers.some((b) => b.id === c.id)))).toBe("ready-with-warnings");
  });
});
