// Real reports for the report tests: the registry's checks evaluated by the engine over canned facts.
import { CHECKS } from "@/lib/checks/registry";
import { defineCollector, type CollectorDefinition } from "@/lib/engine/collector";
import { parsePlan, type PlanInput } from "@/lib/engine/plan";
import { runReadiness } from "@/lib/engine/run";
import type { RunReport } from "@/lib/engine/types";

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
