import { describe, expect, it } from "vitest";
import { parseAllDocuments, parse } from "yaml";
import { parsePlan, type PlanInput } from "@/lib/engine/plan";
import type { CheckResult, RunReport, Target } from "@/lib/engine/types";
import { installPlanOf, taintsFromEvidence, type InstallPlan } from "./install-plan";
import { checkResult as check } from "./fixtures";

const target: Target = { kind: "kubeconfig", name: "aks-prod", context: "aks-prod-admin", server: "https://aks-prod.hcp.westeurope.azmk8s.io:443" };
const report = (over: { verdict?: RunReport["verdict"]; plan?: PlanInput; target?: Partial<Target>; checks?: CheckResult[] } = {}) => ({
  verdict: over.verdict ?? "ready",
  plan: parsePlan(over.plan ?? {}),
  target: { ...target, ...over.target },
  checks: over.checks ?? [],
});
function available(p: InstallPlan) {
  if (!p.available) throw new Error(`withheld: ${p.reason}`);
  return p;
}
const section = (p: InstallPlan, id: string) => available(p).sections.find((s) => s.id === id);

describe("installPlanOf", () => {
  it("is withheld, with the reason, when the cluster is not ready or the check is incomplete", () => {
    const notReady = installPlanOf(report({ verdict: "not-ready" }));
    expect(notReady).toMatchObject({ available: false, reason: expect.stringContaining("blocking failures") });
    expect(installPlanOf(report({ verdict: "incomplete" }))).toMatchObject({ available: false, reason: expect.stringContaining("incomplete") });
    expect(installPlanOf(report({ verdict: "ready-with-warnings" })).available).toBe(true);
  });

  it("creates the namespace with enforce/audit/warn=privileged", () => {
    const ns = parse(section(installPlanOf(report({ plan: { namespace: "dt-prod" } })), "namespace")!.content);
    expect(ns).toEqual({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: "dt-prod",
        labels: {
          "pod-security.kubernetes.io/enforce": "privileged",
          "pod-security.kubernetes.io/audit": "privileged",
          "pod-security.kubernetes.io/warn": "privileged",
        },
      },
    });
  });

  it("writes the DynaKube at the newest API version the chosen operator release serves", () => {
    expect(parse(section(installPlanOf(report({ plan: { operatorVersion: "1.10.2" } })), "dynakube")!.content).apiVersion).toBe("dynatrace.com/v1beta6");
    expect(parse(section(installPlanOf(report({ plan: { operatorVersion: "1.7.3" } })), "dynakube")!.content).apiVersion).toBe("dynatrace.com/v1beta5");
  });

  it("shapes the DynaKube by mode", () => {
    const spec = (mode: PlanInput["mode"]) => parse(section(installPlanOf(report({ plan: { mode, dynakubeName: "prod" } })), "dynakube")!.content).spec;
    expect(spec("platform")).toEqual({ apiUrl: expect.any(String), activeGate: { capabilities: ["kubernetes-monitoring"] } });
    expect(spec("application").oneAgent).toEqual({ applicationMonitoring: {} });
    expect(spec("full-stack").oneAgent).toEqual({ cloudNativeFullStack: {} });
  });

  it("for image volumes, annotates the DynaKube and points codeModulesImage at the public registry, without the CSI driver", () => {
    const p = installPlanOf(report({ plan: { mode: "application", codeModules: "image-volume", operatorVersion: "1.11.0" } }));
    const dk = parse(section(p, "dynakube")!.content);
    expect(dk.metadata.annotations).toEqual({ "feature.dynatrace.com/mount-code-modules-via-image-volume": "true" });
    expect(dk.spec.oneAgent.applicationMonitoring.codeModulesImage).toBe("public.ecr.aws/dynatrace/dynatrace-codemodules:<version>");
    expect(available(p).sections.map((s) => s.content).join("\n")).toContain("--set csidriver.enabled=false");
    expect(parse(section(installPlanOf(report({ plan: { mode: "application" } })), "dynakube")!.content).metadata.annotations).toBeUndefined();
  });

  it("fills the Helm command from the plan: version, namespace, CSI driver, private registry, context", () => {
    const helm = section(
      installPlanOf(
        report({
          plan: { operatorVersion: "1.9.0", namespace: "dt", csiDriver: false, privateRegistry: { repository: "acr.example.io/dt/dynatrace-operator", pullSecret: "acr-pull" } },
        }),
      ),
      "helm",
    )!.content;
    expect(helm).toContain("--version 1.9.0");
    expect(helm).toContain("--namespace dt");
    expect(helm).toContain("--kube-context aks-prod-admin");
    expect(helm).toContain("--set csidriver.enabled=false");
    expect(helm).toContain("--set imageRef.repository=acr.example.io/dt/dynatrace-operator");
    expect(helm).toContain("--set imageRef.tag=v1.9.0");
    expect(helm).toContain("--set customPullSecret=acr-pull");
  });

  it("uses the tenant's apiUrl, proxy and custom CA when the run checked a tenant, and never a token", () => {
    const p = available(
      installPlanOf(
        report({
          target: {
            tenant: { apiUrl: "https://abc12345.live.dynatrace.com/api", operatorTokenPublic: "dt0c01.ABCDEFGH…", proxy: "http://proxy.corp:3128", customCa: true, networkZone: "westeurope" },
          },
        }),
      ),
    );
    const spec = parse(p.sections.find((s) => s.id === "dynakube")!.content).spec;
    expect(spec).toMatchObject({ apiUrl: "https://abc12345.live.dynatrace.com/api", networkZone: "westeurope", proxy: { valueFrom: "dynatrace-proxy" }, trustedCAs: "dynatrace-trusted-cas" });
    expect(p.sections.map((s) => s.id)).toEqual(["namespace", "tokens", "trusted-ca", "proxy", "helm", "dynakube"]);
    expect(p.text).toContain("<OPERATOR_TOKEN>");
    expect(p.text).toContain("<DATA_INGEST_TOKEN>");
    expect(p.text).not.toMatch(/dt0[a-z]\d{2}\./);
  });

  it("turns taints named by warning node checks into a TODO and, for full-stack, OneAgent tolerations", () => {
    const checks = [
      check({ id: "k8s.node-placement", status: "warn", evidence: [{ label: "aks-system-000000", value: "taint CriticalAddonsOnly=true:NoSchedule, gpu:NoExecute" }] }),
      check({ id: "k8s.windows", status: "warn", evidence: [{ label: "akswin000000", value: "taint os=windows:NoSchedule" }] }),
      check({ id: "k8s.node-resources", status: "warn", evidence: [{ label: "CSI driver: nodes it does not tolerate", value: "aks-system-000000 (CriticalAddonsOnly=true:NoSchedule)" }] }),
      check({ id: "k8s.passing", status: "pass", evidence: [{ label: "n", value: "taint ignored=1:NoSchedule" }] }),
    ];
    const p = installPlanOf(report({ plan: { mode: "full-stack" }, checks }));
    expect(section(p, "tolerations")!.content).toContain("CriticalAddonsOnly=true:NoSchedule");
    expect(section(p, "tolerations")!.content).toContain("TODO");
    expect(section(p, "tolerations")!.content).toContain("csidriver.tolerations");
    expect(parse(section(p, "dynakube")!.content).spec.oneAgent.cloudNativeFullStack.tolerations).toEqual([
      { key: "CriticalAddonsOnly", operator: "Equal", value: "true", effect: "NoSchedule" },
      { key: "gpu", operator: "Exists", effect: "NoExecute" },
    ]);
    expect(taintsFromEvidence(checks).map((t) => t.key)).toEqual(["CriticalAddonsOnly", "gpu", "os"]);
    // The node-resources check names untolerated nodes as "node (key=value:Effect)".
    expect(taintsFromEvidence([checks[2]!])).toEqual([{ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" }]);
  });

  it("has a combined Markdown text whose YAML blocks parse", () => {
    const p = available(installPlanOf(report({ plan: { mode: "full-stack" } })));
    const yamlBlocks = [...p.text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(yamlBlocks).toHaveLength(2);
    for (const y of yamlBlocks) expect(parseAllDocuments(y).every((d) => d.errors.length === 0)).toBe(true);
    expect(p.text).toMatch(/^# Install plan: aks-prod/);
  });
});
