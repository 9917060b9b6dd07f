import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunReport } from "@/lib/engine/types";
import { applyAttestations, applyWaivers, verdictOf } from "@/lib/engine/verdict";
import { checkResult as check, sampleReport } from "./fixtures";
import { toJunit } from "./junit";
import { toMarkdown } from "./markdown";
import { reportHash } from "./report-hash";
import { toSarif } from "./sarif";
import { validateAgainstSchema } from "./schema-validate";


// One of each status, with text that XML and Markdown must escape.
async function mixedReport(): Promise<RunReport> {
  const base = await sampleReport();
  return {
    ...base,
    verdict: "not-ready",
    checks: [
      check({ id: "k8s.ok", title: "Version <supported> & fine", summary: "v1.31 is supported" }),
      check({
        id: "k8s.broken",
        title: "Nodes \"arch\"",
        status: "fail",
        summary: "2 nodes are s390x",
        evidence: [{ label: "Nodes", value: "n1, n2", detail: "n1 s390x\nn2 s390x" }],
        remediation: { text: "Add amd64 nodes", commands: ["kubectl get nodes -L kubernetes.io/arch --context 'aks-test-admin'"], docs: [{ title: "Support matrix", url: "https://docs.dynatrace.com/x" }] },
      }),
      check({ id: "net.egress", section: "network", title: "Egress", status: "unknown", summary: "Could not read", reason: "forbidden: list networkpolicies" }),
      check({ id: "res.quota", section: "resources", title: "Quota", status: "warn", severity: "advisory", summary: "quota is tight", evidence: [{ label: "Quota", value: "cpu 2" }] }),
      check({ id: "mode.csi", section: "deployment-mode", title: "CSI", status: "not-applicable", summary: "", reason: "CSI driver off" }),
      check({ id: "tenant.manual", section: "tenant", title: "Environment", status: "manual", summary: "confirm the tenant" }),
    ],
  };
}

// mixedReport with its blocking fail and its advisory warn waived (the unknown cannot be).
async function waivedReport(): Promise<RunReport> {
  const report = await mixedReport();
  const at = { createdAt: "2026-11-20T09:00:00.000Z", expiresAt: "2026-12-24T23:59:59.999Z" };
  const checks = applyWaivers(
    report.checks,
    [
      { id: "w-broken", checkId: "k8s.broken", owner: "Platform <team>", justification: "s390x pool is drained on 12-20 & removed", ...at },
      { id: "w-quota", checkId: "res.quota", owner: "SRE", justification: "quota raise requested", ...at, expiresAt: "2026-12-01T12:00:00.000Z" },
      { id: "w-egress", checkId: "net.egress", owner: "SRE", justification: "unknown cannot be waived", ...at },
    ],
    new Date("2026-11-24T00:00:00Z"),
  );
  return { ...report, checks, verdict: verdictOf(checks) };
}

function xmllint(xml: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "junit-"));
  const file = join(dir, "report.xml");
  writeFileSync(file, xml);
  try {
    const output = execFileSync("xmllint", ["--noout", "--schema", join(process.cwd(), "test/schemas/junit.xsd"), file], { encoding: "utf8", stdio: "pipe" });
    return { ok: true, output };
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    return { ok: false, output: err.stderr ?? err.message };
  }
}

describe("toJunit", () => {
  it("validates against the JUnit XSD (xmllint), for the sample run and for every status", async () => {
    for (const report of [await sampleReport(), await mixedReport()]) {
      const result = xmllint(toJunit(report));
      expect(result.output).not.toContain("fails to validate");
      expect(result.ok).toBe(true);
    }
  });

  it("a waived fail or warn is skipped with who accepted it until when, not failed and not passed", async () => {
    const report = await waivedReport();
    expect(report.verdict).toBe("incomplete"); // the unknown still blocks
    const xml = toJunit(report);
    expect(xmllint(xml).ok).toBe(true);
    expect(xml).toContain('tests="6" failures="0" errors="1" skipped="4"');
    expect(xml).toMatch(
      /classname="k8s.broken"[^>]*>\s*<skipped type="waived" message="fail waived until 2026-12-24 by Platform &lt;team&gt;: s390x pool is drained on 12-20 &amp; removed"\/>/,
    );
    expect(xml).toMatch(/classname="res.quota"[^>]*>\s*<skipped type="waived" message="warn waived until 2026-12-01T12:00:00.000Z by SRE: quota raise requested"\/>/);
    expect(xml).toMatch(/classname="net.egress"[^>]*>\s*<error type="unknown"/);
  });

  it("the XSD rejects what CI systems reject (a testcase without a name)", () => {
    const bad = '<?xml version="1.0"?><testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase/></testsuite></testsuites>';
    expect(xmllint(bad).ok).toBe(false);
  });

  it("one suite per section, fail → failure, unknown → error, warn passes with a WARNING line, manual and N/A skipped", async () => {
    const xml = toJunit(await mixedReport());
    expect(xml.match(/<testsuite /g)).toHaveLength(5);
    expect(xml).toContain('<testsuites name="dtready aks-test" tests="6" failures="1" errors="1" skipped="2"');
    expect(xml).toMatch(/<testcase name="Nodes &quot;arch&quot;" classname="k8s.broken"[^>]*>\s*<failure type="fail" message="2 nodes are s390x">/);
    expect(xml).toMatch(/classname="net.egress"[^>]*>\s*<error type="unknown" message="forbidden: list networkpolicies">/);
    expect(xml).toMatch(/classname="res.quota"[^>]*>\s*<system-out>WARNING: WARN res.quota/);
    expect(xml).toMatch(/classname="mode.csi"[^>]*>\s*<skipped type="not-applicable" message="CSI driver off"\/>/);
    expect(xml).toMatch(/classname="tenant.manual"[^>]*>\s*<skipped type="manual"/);
    expect(xml).toContain('<testcase name="Version &lt;supported&gt; &amp; fine" classname="k8s.ok" time="0.001"/>');
    expect(xml).toContain("$ kubectl get nodes -L kubernetes.io/arch --context 'aks-test-admin'");
    expect(xml).toContain('<property name="verdict" value="NOT READY"/>');
  });

  it("drops control characters XML cannot carry instead of producing an unreadable file", async () => {
    const report = { ...(await mixedReport()), checks: [check({ status: "fail", summary: "bad\u0001byte" })] };
    const xml = toJunit(report);
    expect(xml).toContain('message="badbyte"');
    expect(xmllint(xml).ok).toBe(true);
  });
});

describe("toSarif", () => {
  const schema = JSON.parse(readFileSync(join(process.cwd(), "node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));

  it("validates against the official SARIF 2.1.0 JSON schema, for the sample run and for every status", async () => {
    for (const report of [await sampleReport(), await mixedReport()]) {
      expect(validateAgainstSchema(schema, JSON.parse(JSON.stringify(toSarif(report))))).toEqual([]);
    }
  });

  it("a waived result keeps its level and carries an accepted external suppression with the justification, and validates", async () => {
    const log = toSarif(await waivedReport());
    expect(validateAgainstSchema(schema, JSON.parse(JSON.stringify(log)))).toEqual([]);
    const byRule = new Map(log.runs[0]!.results.map((r) => [r.ruleId, r]));
    expect(byRule.get("k8s.broken")).toMatchObject({
      level: "error",
      suppressions: [
        {
          kind: "external",
          status: "accepted",
          justification: "s390x pool is drained on 12-20 & removed",
          properties: { waiverId: "w-broken", owner: "Platform <team>", expiresAt: "2026-12-24T23:59:59.999Z" },
        },
      ],
    });
    expect(byRule.get("res.quota")?.suppressions?.[0]?.justification).toBe("quota raise requested");
    expect(byRule.get("net.egress")?.suppressions).toBeUndefined();
    // A suppression of another kind is refused by the schema: the check is real.
    const bad = JSON.parse(JSON.stringify(log));
    bad.runs[0].results[0].suppressions[0].kind = "waived";
    expect(validateAgainstSchema(schema, bad).join("\n")).toContain("suppressions[0].kind: must be one of");
  });

  it("the schema check catches an invalid log (a result without a message, an unknown level)", async () => {
    const log = JSON.parse(JSON.stringify(toSarif(await mixedReport())));
    delete log.runs[0].results[0].message;
    log.runs[0].results[1].level = "fatal";
    const errors = validateAgainstSchema(schema, log);
    expect(errors.join("\n")).toContain("runs[0].results[0]: missing message");
    expect(errors.join("\n")).toContain("runs[0].results[1].level: must be one of");
  });

  it("every registered check is a rule with its docs; results only for fail, warn and unknown", async () => {
    const log = toSarif(await mixedReport());
    const run = log.runs[0]!;
    const versionRule = run.tool.driver.rules.find((r) => r.id === "k8s.version");
    expect(versionRule?.helpUri).toMatch(/^https:\/\/docs\.dynatrace\.com\//);
    expect(run.results.map((r) => [r.ruleId, r.level])).toEqual([
      ["k8s.broken", "error"],
      ["net.egress", "note"],
      ["res.quota", "warning"],
    ]);
    const broken = run.results[0]!;
    expect(run.tool.driver.rules[broken.ruleIndex]!.id).toBe("k8s.broken");
    expect(broken.message.text).toBe("2 nodes are s390x");
    expect(broken.properties.evidence).toEqual([{ label: "Nodes", value: "n1, n2", detail: "n1 s390x\nn2 s390x" }]);
    expect(broken.locations[0]!.logicalLocations[0]).toEqual({ name: "dynatrace", fullyQualifiedName: "aks-test/dynatrace", kind: "namespace" });
    expect(run.results[1]!.message.text).toBe("Could not read (forbidden: list networkpolicies)");
  });
});

describe("toMarkdown", () => {
  it("carries the decisions and the hash they are bound to, saying which were made on an earlier version", async () => {
    const report = await mixedReport();
    const hash = reportHash(report);
    const md = toMarkdown(report, {
      reportHash: hash,
      decisions: [
        { decision: "approve", name: "Bea *Approver*", comment: "Fine for CAB 123", at: "2026-11-24T10:00:00.000Z", current: true },
        { decision: "reject", name: "Cid", comment: "", at: "2026-11-23T09:00:00.000Z", current: false },
      ],
    });
    expect(md).toContain(`## Approval\n\nReport SHA-256: \`${hash}\``);
    expect(md).toContain("- Approved by Bea \\*Approver\\* at 2026-11-24T10:00:00.000Z (this report): Fine for CAB 123");
    expect(md).toContain("- Rejected by Cid at 2026-11-23T09:00:00.000Z (an earlier version of this report)");
    expect(toMarkdown(report, { reportHash: hash, decisions: [] })).toContain("No decision yet: this report awaits approval.");
    // The CLI's report has no approval section.
    expect(toMarkdown(report)).not.toContain("## Approval");
  });

  it("matches the snapshot of the known sample run", async () => {
    const report = await sampleReport();
    // Times vary per run; the content must not.
    const stable = { ...report, startedAt: "2026-01-01T00:00:00.000Z", finishedAt: "2026-01-01T00:00:01.000Z", durationMs: 1000, checks: report.checks.map((c) => ({ ...c, durationMs: 1 })) };
    expect(toMarkdown(stable)).toMatchSnapshot();
  });

  it("puts commands in fenced blocks verbatim and escapes Markdown in free text", async () => {
    const md = toMarkdown(await mixedReport());
    expect(md).toContain("**Verdict: NOT READY**");
    expect(md).toContain("```sh\nkubectl get nodes -L kubernetes.io/arch --context 'aks-test-admin'\n```");
    expect(md).toContain("### PASS: Version \\<supported\\> & fine");
    expect(md).toContain("- **Nodes**: n1, n2");
    expect(md).toContain("[Support matrix](https://docs.dynatrace.com/x)");
    expect(md).toContain("Reason: forbidden: list networkpolicies");
    // Worst first within a section, sections in document order.
    expect(md.indexOf("## 1. Dynatrace environment")).toBeLessThan(md.indexOf("## 2. Kubernetes"));
    expect(md.indexOf("### FAIL: Nodes")).toBeLessThan(md.indexOf("### PASS: Version"));
  });

  it("shows the checklist with the worst status of the checks that answer each item", async () => {
    const report = await mixedReport();
    report.checks[1]!.checklistItem = "kubernetes-version";
    report.checks[0]!.checklistItem = "kubernetes-version";
    const md = toMarkdown(report);
    expect(md).toMatch(/\| Kubernetes Version: Cluster runs supported Kubernetes version \| FAIL \| `k8s.ok`, `k8s.broken` \|/);
    expect(md).toMatch(/\| Storage Planning: .* \| not checked \| none \|/);
  });

  it("shows an attestation with who, when and the note", async () => {
    const report = await mixedReport();
    const checks = applyAttestations(report.checks, [{ checkId: "tenant.manual", by: "Ana Approver", at: "2026-01-02T03:04:05.000Z", note: "tenant reachable from the VPN" }]);
    const md = toMarkdown({ ...report, checks });
    expect(md).toContain("> Attested by Ana Approver at 2026-01-02T03:04:05.000Z: tenant reachable from the VPN");
    expect(md).toContain("### PASS: Environment");
  });

  it("a waived item reads as a waived fail or warn with its owner, expiry and justification, never as a pass", async () => {
    const md = toMarkdown(await waivedReport());
    expect(md).toContain("### FAIL (waived): Nodes \"arch\"");
    expect(md).toContain("> Failed, waived until 2026-12-24 by Platform \\<team\\>: s390x pool is drained on 12-20 & removed (accepted risk, not a pass; waived at 2026-11-20T09:00:00.000Z)");
    expect(md).toContain("### WARN (waived): Quota (advisory)");
    expect(md).toContain("> Warned, waived until 2026-12-01T12:00:00.000Z by SRE: quota raise requested");
    expect(md).toContain("### UNKNOWN: Egress");
    expect(md).toContain("| Checks | 6: 1 pass, 1 warn, 1 fail, 1 unknown, 1 manual, 1 not applicable (2 of them waived) |");
    expect(md).not.toMatch(/### PASS: Nodes/);
  });

  it("a command containing backticks gets a longer fence, so it is copied verbatim", async () => {
    const report = { ...(await mixedReport()), checks: [check({ status: "fail", remediation: { text: "", commands: ["echo ```x```"], docs: [] } })] };
    expect(toMarkdown(report)).toContain("````sh\necho ```x```\n````");
  });
});
