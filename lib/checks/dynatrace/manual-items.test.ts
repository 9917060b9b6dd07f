// With a tenant connected, the manual tenant items step aside for the automatic checks; without one they stay.
import { describe, expect, it } from "vitest";
import { parsePlan } from "@/lib/engine/plan";
import { dynatraceEnvironment } from "@/lib/checks/manual/dynatrace-environment";
import { tokens } from "@/lib/checks/manual/tokens";
import { tenantTarget } from "./testing";

describe("manual tenant items", () => {
  const plan = parsePlan({});
  const { tenant: _t, ...noTenant } = tenantTarget;
  it("are not applicable with a tenant, naming the checks that verify them", () => {
    expect(dynatraceEnvironment.notApplicable?.({ plan, target: tenantTarget })).toMatch(/dt\.tenant-reachable and dt\.deployment-api/);
    expect(tokens.notApplicable?.({ plan, target: tenantTarget })).toMatch(/dt\.operator-token and dt\.ingest-token/);
  });
  it("stay manual without a tenant", () => {
    expect(dynatraceEnvironment.notApplicable?.({ plan, target: noTenant })).toBeUndefined();
    expect(tokens.notApplicable?.({ plan, target: noTenant })).toBeUndefined();
  });
});
