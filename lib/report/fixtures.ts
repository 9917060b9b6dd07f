// Reports for tests: real ones (the registry's checks evaluated by the engine over canned facts), and minimal
// check results for pure report code.
import { CHECKS } from "@/lib/checks/registry";
import { defineCollector, type CollectorDefinition } from "@/lib/engine/collector";
import { parsePlan, type PlanInput } from "@/lib/engine/plan";
import { runReadiness } from "@/lib/engine/run";
import type { CheckResult, RunReport, Status } from "@/lib/engine/types";
import { verdictOf } from "@/lib/engine/verdict";

export async function sampleReport(opts: { gitVersion?: string; plan?: PlanInput } = {}): Promise<RunReport> {
  const gitVersion = opts.gitVersion ?? "v1.31.4";
  const [, major = "1", minor = "31"] = /^v(\d+)\.(\d+)/.exec(gitVersion) ?? [];
  const version = defineCollector({
    id: "kubernetes.version",
    produces: ["k8s.version"],
    async collect(ctx) {
      ctx.noteRequest("GET /version");
      return { "k8s.version": { gitVersion, major, minor, platform: "linux/amd64" } };
    },
  });
  const { report } = await runReadiness({
    plan: parsePlan(opts.plan ?? {}),
    target: { kind: "kubeconfig", name: "aks-test", context: "aks-test-admin", server: "https://aks-test.hcp.westeurope.azmk8s.io:443" },
    checks: CHECKS,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as in lib/collect/registry.ts
    collectors: [version as CollectorDefinition<any>],
    clients: {},
  });
  return report;
}

/** A minimal check result for tests of pure report code; `over` sets what the test is about. */
export function checkResult(over: Partial<CheckResult>): CheckResult {
  return {
    id: "k8s.example",
    title: "Example",
    section: "cluster",
    status: "pass",
    severity: "blocking",
    summary: "",
    evidence: [],
    remediation: { text: "", commands: [], docs: [] },
    durationMs: 1,
    ...over,
  };
}

/**
 * sampleReport with chosen statuses: each check id in `statuses` gets that status, every other check that
 * applies passes (manual items included), and the verdict follows.
 */
export async function sampleReportWith(statuses: Record<string, Status> = {}): Promise<RunReport> {
  const base = await sampleReport();
  const checks = base.checks.map((c): CheckResult => {
    const status = statuses[c.id] ?? (c.status === "not-applicable" ? "not-applicable" : "pass");
    const { reason, ...rest } = c;
    return { ...rest, status, ...(status === "unknown" || status === "not-applicable" ? { reason: reason ?? "could not be read" } : {}) };
  });
  return { ...base, checks, verdict: verdictOf(checks) };
}
