import { describe, expect, it } from "vitest";
import type { CheckResult, RunReport } from "@/lib/engine/types";
import { checkResult as check, sampleReport } from "./fixtures";
import { toText } from "./text";


async function reportWith(checks: CheckResult[], verdict: RunReport["verdict"]): Promise<RunReport> {
  return { ...(await sampleReport()), checks, verdict };
}

describe("toText", () => {
  it("groups checks under the prerequisites document's sections, in document order", async () => {
    const text = toText(
      await reportWith(
        [
          check({ id: "net.a", title: "Egress allowed", section: "network" }),
          check({ id: "k8s.a", title: "Version supported", section: "cluster" }),
        ],
        "ready",
      ),
    );
    const cluster = text.indexOf("2. Kubernetes / AKS cluster");
    const network = text.indexOf("3. Network and security");
    expect(cluster).toBeGreaterThan(-1);
    expect(network).toBeGreaterThan(cluster);
    expect(text.indexOf("Version supported")).toBeLessThan(network);
    expect(text).not.toContain("1. Dynatrace environment"); // empty sections are left out
  });

  it("shows the reason of an unknown and the commands of a failure, filled in", async () => {
    const text = toText(
      await reportWith(
        [
          check({ id: "k8s.nodes", title: "Nodes readable", status: "unknown", summary: "Could not decide", reason: "Forbidden: GET /api/v1/nodes is forbidden" }),
          check({
            id: "k8s.ns",
            title: "Namespace free",
            status: "fail",
            summary: "Namespace dynatrace has a foreign Helm release.",
            remediation: { text: "Remove it.", commands: ["kubectl --context aks-test-admin delete namespace dynatrace"], docs: [{ title: "Deployment", url: "https://docs.example/d" }] },
          }),
        ],
        "not-ready",
      ),
    );
    expect(text).toContain("[UNKNOWN]");
    expect(text).toContain("Reason: Forbidden: GET /api/v1/nodes is forbidden");
    expect(text).toContain("[FAIL]");
    expect(text).toContain("$ kubectl --context aks-test-admin delete namespace dynatrace");
    expect(text).toContain("Docs: Deployment https://docs.example/d");
    expect(text).toContain("Verdict: NOT READY");
    expect(text).toContain("Summary: 2 checks: 1 fail, 1 unknown");
  });

  it("lists the worst results first within a section", async () => {
    const text = toText(
      await reportWith([check({ title: "Fine one" }), check({ title: "Broken one", status: "fail" })], "not-ready"),
    );
    expect(text.indexOf("Broken one")).toBeLessThan(text.indexOf("Fine one"));
  });

  it("has no escape codes unless colors are asked for", async () => {
    const report = await reportWith([check({ status: "fail" })], "not-ready");
    expect(toText(report)).not.toContain("\u001b[");
    expect(toText(report, { color: true })).toContain("\u001b[31m");
  });

  it("names the cluster and the plan it was judged against", async () => {
    const text = toText(await sampleReport({ plan: { mode: "full-stack", namespace: "dt-system", csiDriver: false } }));
    expect(text).toContain("aks-test (context aks-test-admin, https://aks-test.hcp.westeurope.azmk8s.io:443)");
    expect(text).toContain("Full-stack observability");
    expect(text).toContain("namespace dt-system, CSI driver off");
  });

  it("keeps multi-line commands copyable and clips long evidence details", async () => {
    const heredoc = "kubectl apply -f - <<'EOF'\nkind: ClusterRole\n  rules: []\nEOF";
    const denied = Array.from({ length: 20 }, (_, i) => `create thing-${i}`).join("\n");
    const text = toText(
      await reportWith(
        [check({ status: "fail", evidence: [{ label: "Denied", value: "20", detail: denied }], remediation: { text: "Grant it.", commands: [heredoc], docs: [] } })],
        "not-ready",
      ),
    );
    expect(text).toContain(`$ ${heredoc}\n`);
    expect(text).toMatch(/^EOF$/m);
    expect(text).toContain("create thing-7");
    expect(text).not.toContain("create thing-8");
    expect(text).toContain("... 12 more (the JSON report has them all: --format json)");
  });

  it("names the tenant under the cluster, with public token parts only", async () => {
    const report = await sampleReport();
    const withTenant: RunReport = {
      ...report,
      target: {
        ...report.target,
        tenant: { apiUrl: "https://abc12345.live.dynatrace.com/api", operatorTokenPublic: "dt0c01.ABCDEFGH…", customCa: true, networkZone: "aks-west" },
      },
    };
    expect(toText(withTenant)).toContain(
      "  Tenant    https://abc12345.live.dynatrace.com/api (operator token dt0c01.ABCDEFGH…, no data-ingest token, custom CA, network zone aks-west)\n",
    );
    expect(toText(report)).not.toContain("Tenant ");
  });

  it("starts with the verdict and what blocks the install, before the sections", async () => {
    const text = toText(
      await reportWith(
        [
          check({ id: "k8s.ok", title: "Version supported", section: "cluster" }),
          check({ id: "k8s.psa", title: "Pod Security of the namespace", section: "cluster", status: "fail", summary: "Namespace dynatrace enforces restricted; the CSI driver is rejected." }),
          check({ id: "dt.reach", title: "Tenant reachable", section: "tenant", status: "unknown", summary: "Could not decide", reason: "Unreachable: connect ETIMEDOUT 10.1.2.3:443" }),
        ],
        "not-ready",
      ),
    );
    const verdict = text.indexOf("Verdict: NOT READY");
    const blocks = text.indexOf("What blocks this install (2):");
    const firstSection = text.indexOf("1. Dynatrace environment");
    expect(verdict).toBeGreaterThan(-1);
    expect(blocks).toBeGreaterThan(verdict);
    expect(firstSection).toBeGreaterThan(blocks);
    const panel = text.slice(blocks, firstSection);
    expect(panel.indexOf("Pod Security of the namespace")).toBeLessThan(panel.indexOf("Tenant reachable"));
    expect(panel).toContain("Unreachable: connect ETIMEDOUT 10.1.2.3:443");
    expect(panel).not.toContain("Version supported");
  });

  it("wraps long prose at the given width, never a command", async () => {
    const long = "Give the identity the right to create clusterroles and clusterrolebindings, and to bind the roles the chart grants, or install with an identity that has them already.";
    const command = "kubectl --context aks-test-admin create clusterrolebinding dtready-installer --clusterrole=cluster-admin --user=someone@example.com";
    const text = toText(await reportWith([check({ id: "k8s.perm", title: "Permissions", status: "fail", summary: "Missing permissions.", remediation: { text: long, commands: [command], docs: [] } })], "not-ready"), { width: 72 });
    for (const line of text.split("\n")) if (!line.includes("$ ")) expect(line.length, line).toBeLessThanOrEqual(72);
    expect(text).toContain(`  $ ${command}`);
    expect(text.replace(/\n +/g, " ")).toContain(`Fix: ${long}`);
  });
});
