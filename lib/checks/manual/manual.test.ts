import { describe, expect, it } from "vitest";
import { CHECKLIST } from "@/lib/checks/sections";
import { evaluateCheck } from "@/lib/checks/kubernetes/testing";
import { customCa } from "./custom-ca";
import { deploymentMode } from "./deployment-mode";
import { dynatraceEnvironment } from "./dynatrace-environment";
import { fips } from "./fips";
import { networkAccess } from "./network-access";
import { proxy } from "./proxy";
import { tokens } from "./tokens";

const all = [dynatraceEnvironment, tokens, networkAccess, proxy, deploymentMode, customCa, fips];

describe("manual checklist items", () => {
  it("are manual, carry instructions and docs, and block only for environment, tokens and network access", () => {
    for (const c of all) {
      const r = evaluateCheck(c, {});
      expect(r.status, c.id).toBe("manual");
      expect(r.summary.length, c.id).toBeGreaterThan(20);
      expect(r.remediation.text.length, c.id).toBeGreaterThan(50);
      expect(r.remediation.docs.length, c.id).toBeGreaterThan(0);
    }
    expect(all.filter((c) => c.severity === "blocking").map((c) => c.id)).toEqual(["manual.dynatrace-environment", "manual.tokens", "manual.network-access"]);
  });

  it("cover the checklist items no machine check answers yet", () => {
    const covered = new Set(all.map((c) => c.checklistItem).filter(Boolean));
    for (const id of ["environment", "tokens", "network-access", "deployment-mode"] as const) expect(covered.has(id)).toBe(true);
    expect(CHECKLIST.map((i) => i.id)).toContain("deployment-mode");
  });

  it("fill the plan's namespace, DynaKube name and context into the commands", () => {
    const r = evaluateCheck(tokens, {}, { namespace: "observability", dynakubeName: "aks-prod" });
    const secret = r.remediation.commands.find((c) => c.includes("create secret"));
    expect(secret).toBe(
      'kubectl --context aks-test -n observability create secret generic aks-prod --from-literal=apiToken="$DT_OPERATOR_TOKEN" --from-literal=dataIngestToken="$DT_INGEST_TOKEN"',
    );
    // Tokens are referenced through environment variables, never as literal values.
    expect(r.remediation.commands[0]).toContain('-d "{\\"token\\":\\"$DT_OPERATOR_TOKEN\\"}"');
    expect(evaluateCheck(networkAccess, {}, { namespace: "observability" }).remediation.commands[1]).toContain("-n observability run dt-egress-api");
  });

  it("lists the required operator-token scopes", () => {
    const r = evaluateCheck(tokens, {}, { mode: "platform" });
    expect(r.remediation.text).toMatch(/required: InstallerDownload .*DataExport .*activeGateTokenManagement.create/);
    expect(r.remediation.text).toMatch(/metrics.ingest/);
  });

  it("states the selected mode and its DynaKube shape", () => {
    expect(evaluateCheck(deploymentMode, {}, { mode: "full-stack" }).summary).toBe("Selected Full-stack observability (oneAgent.cloudNativeFullStack).");
    expect(evaluateCheck(deploymentMode, {}, { mode: "platform" }).summary).toBe("Selected Platform monitoring (ActiveGate with kubernetes-monitoring only).");
  });
});
