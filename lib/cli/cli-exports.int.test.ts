// The real `dtready` binary against the real test cluster, once per export format a CI job would ask for.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { resolveKubeconfig } from "@/lib/collect/kubernetes/kubeconfig";
import { validateAgainstSchema } from "@/lib/report/schema-validate";
import { adminKubeconfig } from "@/test/cluster/testing";

const root = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(root, "bin/dtready.mjs");
const dir = mkdtempSync(join(tmpdir(), "dtready-cli-exports-"));

function dtready(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: "" }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

async function run(format: string) {
  const kubeconfig = adminKubeconfig();
  const path = join(dir, `admin-${format}.yaml`);
  writeFileSync(path, kubeconfig);
  const r = await dtready(["check", "--kubeconfig", path, "--namespace", "dt-exports", "--format", format]);
  expect(r.stderr).toBe("");
  expect([0, 2, 3, 4]).toContain(r.code);
  expect(r.stdout).not.toContain(resolveKubeconfig(kubeconfig).user.token!);
  return r;
}

describe("dtready check --format (real binary, real cluster)", () => {
  it("markdown: verdict, plan values and the cluster's facts", async () => {
    const { stdout } = await run("markdown");
    expect(stdout).toMatch(/^# Dynatrace Operator readiness: /);
    expect(stdout).toMatch(/\*\*Verdict: (READY|READY WITH WARNINGS|INCOMPLETE|NOT READY)\*\*/);
    expect(stdout).toContain("| Namespace | `dt-exports` |");
    expect(stdout).toContain("## 2. Kubernetes / AKS cluster");
    expect(stdout).toContain("v1.36.3");
  });

  it("junit: valid against the JUnit XSD, the API server check passes", async () => {
    const { stdout } = await run("junit");
    const file = join(dir, "report.xml");
    writeFileSync(file, stdout);
    execFileSync("xmllint", ["--noout", "--schema", join(root, "test/schemas/junit.xsd"), file], { stdio: "pipe" });
    expect(stdout).toMatch(/<testcase name="[^"]+" classname="k8s.api-server-reachable" time="[\d.]+"\/>/);
  });

  it("sarif: valid SARIF 2.1.0, rules for every check, results only for what needs attention", async () => {
    const { stdout } = await run("sarif");
    const log = JSON.parse(stdout);
    const schema = JSON.parse(readFileSync(join(root, "node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
    expect(validateAgainstSchema(schema, log)).toEqual([]);
    const run0 = log.runs[0];
    expect(run0.tool.driver.rules.map((r: { id: string }) => r.id)).toContain("k8s.api-server-reachable");
    expect(run0.results.map((r: { ruleId: string }) => r.ruleId)).not.toContain("k8s.api-server-reachable");
    for (const r of run0.results) expect(["error", "warning", "note"]).toContain(r.level);
    expect(run0.properties.plan.namespace).toBe("dt-exports");
  });
});
