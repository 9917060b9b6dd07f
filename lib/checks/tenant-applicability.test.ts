// Cluster-only runs (no tenant: the CLI without --tenant-url, the dashboard with "No tenant") keep working:
// every check that reads a Dynatrace fact steps aside, and no collector that would call a tenant is planned.
import { describe, expect, it } from "vitest";
import { isManual, type CheckContext } from "@/lib/engine/check";
import { parsePlan } from "@/lib/engine/plan";
import { planCollectors } from "@/lib/engine/run";
import type { Target } from "@/lib/engine/types";
import { COLLECTORS } from "@/lib/collect/registry";
import { MODES } from "@/lib/engine/plan";
import { CHECKS } from "./registry";

const target: Target = { kind: "kubeconfig", name: "aks-prod", context: "aks-prod", server: "https://aks-prod.hcp.westeurope.azmk8s.io:443" };
const withTenant: Target = {
  ...target,
  tenant: { apiUrl: "https://abc12345.live.dynatrace.com/api", operatorTokenPublic: "dt0c01.ABCDEFGH…", ingestTokenPublic: "dt0c01.ZYXWVUTS…", customCa: false },
};

const readsDynatrace = (needs: readonly string[]) => needs.some((f) => f.startsWith("dt."));
const tenantChecks = CHECKS.filter((c) => !isManual(c) && readsDynatrace(c.needs));
const contexts = (t: Target): CheckContext[] => MODES.map((mode) => ({ plan: parsePlan({ mode }), target: t }));

describe("checks that read the Dynatrace tenant", () => {
  it.each(tenantChecks.map((c) => [c.id, c] as const))("%s is not applicable without a tenant, with the reason", (_id, check) => {
    for (const ctx of contexts(target)) {
      const reason = check.notApplicable?.(ctx);
      expect(reason, `${check.id} in ${ctx.plan.mode} mode without a tenant`).toBeTruthy();
    }
  });

  it("a run without a tenant plans no collector that produces a Dynatrace fact", () => {
    for (const ctx of contexts(target)) {
      const applicable = CHECKS.filter((c) => !c.notApplicable?.(ctx));
      const needed = new Set(applicable.flatMap((c) => (isManual(c) ? [] : c.needs)));
      const planned = planCollectors(COLLECTORS, needed);
      const dynatrace = planned.filter((c) => readsDynatrace(c.produces));
      expect(dynatrace.map((c) => c.id), `collectors planned in ${ctx.plan.mode} mode without a tenant`).toEqual([]);
    }
  });

  it("with a tenant, each of them applies in at least one mode", () => {
    for (const check of tenantChecks) {
      const applies = contexts(withTenant).some((ctx) => !check.notApplicable?.(ctx));
      expect(applies, `${check.id} never applies even with a tenant`).toBe(true);
    }
  });
});
