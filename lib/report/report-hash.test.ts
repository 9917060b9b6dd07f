import { describe, expect, it } from "vitest";
import type { CheckResult, RunReport } from "@/lib/engine/types";
import { applyAttestations } from "@/lib/engine/verdict";
import { sampleReport } from "./fixtures";
import { canonicalJson, reportHash } from "./report-hash";

/** The same object with its keys inserted in reverse order, at every level. */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .reverse()
        .map((k) => [k, reversedKeys((value as Record<string, unknown>)[k])]),
    ) as T;
  }
  return value;
}

function withCheck(report: RunReport, index: number, change: (c: CheckResult) => CheckResult): RunReport {
  return { ...report, checks: report.checks.map((c, i) => (i === index ? change(c) : c)) };
}

describe("reportHash", () => {
  it("is a SHA-256 hex that depends on content only, not on key order", async () => {
    const report = await sampleReport();
    const hash = reportHash(report);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(reversedKeys(report))).not.toBe(JSON.stringify(report));
    expect(reportHash(reversedKeys(report))).toBe(hash);
    expect(reportHash(structuredClone(report))).toBe(hash);
  });

  it("changes when a check's status, evidence or attestation changes", async () => {
    const report = await sampleReport();
    const hash = reportHash(report);
    const passing = report.checks.findIndex((c) => c.status === "pass" && c.evidence.length > 0);
    expect(passing).toBeGreaterThanOrEqual(0);

    const warned = withCheck(report, passing, (c) => ({ ...c, status: "warn" }));
    const newEvidence = withCheck(report, passing, (c) => ({ ...c, evidence: [{ ...c.evidence[0]!, value: `${c.evidence[0]!.value} (changed)` }, ...c.evidence.slice(1)] }));
    const moreEvidence = withCheck(report, passing, (c) => ({ ...c, evidence: [...c.evidence, { label: "Extra", value: "1" }] }));

    const manual = report.checks.find((c) => c.status === "manual");
    expect(manual).toBeDefined();
    const attestation = { checkId: manual!.id, by: "Ana Approver", at: "2026-01-02T03:04:05.000Z", note: "confirmed" };
    const attested: RunReport = { ...report, checks: applyAttestations(report.checks, [attestation]) };
    const attestedByOther: RunReport = { ...report, checks: applyAttestations(report.checks, [{ ...attestation, by: "Someone Else" }]) };

    const hashes = [hash, ...[warned, newEvidence, moreEvidence, attested, attestedByOther].map(reportHash)];
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it("changes with the verdict and the plan; arrays keep their order", async () => {
    const report = await sampleReport();
    expect(reportHash({ ...report, verdict: report.verdict === "ready" ? "not-ready" : "ready" })).not.toBe(reportHash(report));
    expect(reportHash({ ...report, plan: { ...report.plan, mode: report.plan.mode === "full-stack" ? "platform" : "full-stack" } })).not.toBe(reportHash(report));
    expect(reportHash({ ...report, checks: [...report.checks].reverse() })).not.toBe(reportHash(report));
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every level and leaves undefined members out", () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });
});
