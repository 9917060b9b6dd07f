// The real `dtready` binary against the real test cluster: what a user or a CI job would run.
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findCheck } from "@/lib/checks/registry";
import { resolveKubeconfig } from "@/lib/collect/kubernetes/kubeconfig";
import { EXIT_CODES } from "@/lib/engine/verdict";
import type { JsonReport } from "@/lib/report/json";
import { validateAgainstSchema } from "@/lib/report/schema-validate";
import { freePort } from "@/test/cluster/cluster";
import { adminKubeconfig, restrictedKubeconfig } from "@/test/cluster/testing";

const bin = fileURLToPath(new URL("../../bin/dtready.mjs", import.meta.url));
const schema = JSON.parse(readFileSync(new URL("../../docs/report.schema.json", import.meta.url), "utf8")) as Record<string, unknown>;
const dir = mkdtempSync(join(tmpdir(), "dtready-cli-int-"));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function dtready(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve) => {
    // Pipes, not a TTY: no progress lines and no colors, as in CI.
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: "", ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const tokenOf = (kubeconfig: string) => resolveKubeconfig(kubeconfig).user.token!;

describe("dtready check (real binary, real cluster)", () => {
  it("--format json with the admin identity: a schema-valid report, exit code by verdict, no token anywhere", async () => {
    const kubeconfig = adminKubeconfig();
    const r = await dtready(["check", "--kubeconfig", file("admin.yaml", kubeconfig), "--format", "json"]);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(validateAgainstSchema(schema, report)).toEqual([]);
    expect(r.code).toBe(EXIT_CODES[report.verdict]);
    expect(report.target.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(report.checks.find((c) => c.id === "k8s.api-server-reachable")?.status).toBe("pass");
    expect(report.checks.find((c) => c.id === "k8s.version")?.evidence[0]?.value).toBe("v1.36.3");
    expect(r.stderr).toBe(""); // not a TTY: no progress
    expect(r.stdout).not.toContain(tokenOf(kubeconfig));
  });

  it("text format: sections, the verdict, no escape codes when stdout is not a terminal; plan flags reach the report", async () => {
    const r = await dtready([
      "check", "--kubeconfig", file("admin-text.yaml", adminKubeconfig()), "--mode", "platform", "--namespace", "dt-prod", "--no-csi-driver",
    ]);
    expect([0, 2, 3, 4]).toContain(r.code);
    expect(r.stdout).toContain("2. Kubernetes / AKS cluster");
    expect(r.stdout).toContain("Platform monitoring, operator");
    expect(r.stdout).toContain("namespace dt-prod, CSI driver off");
    expect(r.stdout).toMatch(/^Verdict: (READY|READY WITH WARNINGS|INCOMPLETE|NOT READY) /m);
    expect(r.stdout).not.toContain("\u001b[");
  });

  it("--output writes the report to the file and keeps stdout empty", async () => {
    const out = join(dir, "report.json");
    const r = await dtready(["check", "--kubeconfig", file("admin-out.yaml", adminKubeconfig()), "--format", "json", "--output", out]);
    const report = JSON.parse(readFileSync(out, "utf8")) as JsonReport;
    expect(r.code).toBe(EXIT_CODES[report.verdict]);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(`report written to ${out}`);
  });

  it("--output into a directory that does not exist: exit 1 naming the path", async () => {
    const out = join(dir, "missing", "report.json");
    const r = await dtready(["check", "--kubeconfig", file("admin-out2.yaml", adminKubeconfig()), "--format", "json", "--output", out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`dtready: Cannot write the report to ${out}: no such file or directory.\n`);
  });

  it.skipIf(!findCheck("k8s.install-permissions"))(
    "with the view-only identity, k8s.install-permissions fails and names what is missing",
    async () => {
      const kubeconfig = restrictedKubeconfig();
      const r = await dtready(["check", "--kubeconfig", file("restricted.yaml", kubeconfig), "--format", "json"]);
      const report = JSON.parse(r.stdout) as JsonReport;
      expect(validateAgainstSchema(schema, report)).toEqual([]);
      expect(report.verdict).toBe("not-ready");
      expect(r.code).toBe(3);
      const perms = report.checks.find((c) => c.id === "k8s.install-permissions")!;
      expect(perms.status).toBe("fail");
      const said = [perms.summary, ...perms.evidence.map((e) => `${e.label} ${e.value} ${e.detail ?? ""}`)].join("\n");
      // The view role cannot create the cluster-scoped objects the Helm chart installs.
      expect(said).toMatch(/customresourcedefinitions|clusterroles/i);
      expect(r.stdout).not.toContain(tokenOf(kubeconfig));
    },
  );

  it("a server nobody listens on: the reachability check fails, exit 3 (not ready)", async () => {
    // A port that was free a moment ago (not port 1: fetch refuses the Fetch standard's blocked ports outright).
    const port = await freePort();
    const kubeconfig = adminKubeconfig().replace(/server: https:\/\/127\.0\.0\.1:\d+/, `server: https://127.0.0.1:${port}`);
    const r = await dtready(["check", "--kubeconfig", file("unreachable.yaml", kubeconfig), "--format", "json", "--timeout", "20"]);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(r.code).toBe(3);
    const reach = report.checks.find((c) => c.id === "k8s.api-server-reachable")!;
    expect(reach.status).toBe("fail");
    expect(reach.summary).toContain("could not be reached");
  });

  it("a malformed kubeconfig: exit 1 and one clear line, no stack trace", async () => {
    const r = await dtready(["check", "--kubeconfig", file("malformed.yaml", "apiVersion: v1\nclusters:\n  - name: [x\n")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^dtready: The kubeconfig is not valid YAML \(line \d+, column \d+\)/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it("an exec-plugin kubeconfig: exit 1, says why, and the plugin is never run", async () => {
    const marker = join(dir, "plugin-ran");
    const plugin = file("plugin.sh", `#!/bin/sh\ntouch "$1"\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"x"}}'\n`);
    chmodSync(plugin, 0o755);
    // The plugin works when run: so its marker not appearing below means dtready did not run it.
    const probe = join(dir, "probe-ran");
    await new Promise((res) => execFile(plugin, [probe], res));
    expect(existsSync(probe)).toBe(true);

    const kubeconfig = adminKubeconfig().replace(
      /user:\n(\s+)token: .*/,
      (_m, indent: string) =>
        `user:\n${indent}exec:\n${indent}  apiVersion: client.authentication.k8s.io/v1\n${indent}  command: ${plugin}\n${indent}  args: ["${marker}"]\n${indent}  interactiveMode: Never`,
    );
    expect(kubeconfig).toContain(plugin);
    const r = await dtready(["check", "--kubeconfig", file("exec.yaml", kubeconfig)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("exec credential plugin");
    expect(r.stderr).toContain("never runs programs named in a kubeconfig");
    expect(existsSync(marker)).toBe(false);
  });

  it("an unknown context: exit 1 listing the contexts there are", async () => {
    const r = await dtready(["check", "--kubeconfig", file("ctx.yaml", adminKubeconfig()), "--context", "prod"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('dtready: Context "prod" is not in the kubeconfig; it has: dtready-test-admin.\n');
  });
});

describe("dtready replay (real binary, facts from the real cluster)", () => {
  it("check --facts-out, then replay: the same report and exit code; a plan flag changes the plan and judges the facts under it", async () => {
    const kubeconfig = adminKubeconfig();
    const factsFile = join(dir, "facts.json");
    const checked = await dtready(["check", "--kubeconfig", file("replay.yaml", kubeconfig), "--mode", "full-stack", "--format", "json", "--facts-out", factsFile]);
    const original = JSON.parse(checked.stdout) as JsonReport;
    const factsText = readFileSync(factsFile, "utf8");
    expect(factsText).not.toContain(tokenOf(kubeconfig));
    expect(JSON.parse(factsText)).toMatchObject({ kind: "dtready-facts", schemaVersion: 1, plan: { mode: "full-stack" } });

    const replayed = await dtready(["replay", factsFile, "--format", "json"]);
    const report = JSON.parse(replayed.stdout) as JsonReport;
    expect(validateAgainstSchema(schema, report)).toEqual([]);
    expect(replayed.code).toBe(checked.code);
    expect(report.replayOf).toEqual({ collectedAt: original.startedAt });
    const statuses = (r: JsonReport) => r.checks.map((c) => [c.id, c.status, c.summary]);
    expect(statuses(report)).toEqual(statuses(original));

    const other = JSON.parse((await dtready(["replay", factsFile, "--format", "json", "--no-csi-driver"])).stdout) as JsonReport;
    expect(other.plan).toMatchObject({ mode: "full-stack", csiDriver: false });
    expect(other.checks.find((c) => c.id === "k8s.admission-dry-run")).toMatchObject({ status: "unknown", reason: expect.stringMatching(/^Not collected for this plan/) });
  });

  it("bad input: a missing file, a file that is not facts, and collect-only flags are refused with exit 1", async () => {
    expect(await dtready(["replay", join(dir, "nope.json")])).toMatchObject({ code: 1, stderr: expect.stringContaining("Cannot read the facts file") });
    expect(await dtready(["replay", file("report.json", '{"schemaVersion":1}')])).toMatchObject({ code: 1, stderr: expect.stringContaining("is not a dtready facts file") });
    expect(await dtready(["replay", file("any.json", "{}"), "--kubeconfig", "x"])).toMatchObject({ code: 1, stderr: expect.stringContaining("collects nothing") });
    expect(await dtready(["replay"])).toMatchObject({ code: 1, stderr: expect.stringContaining("replay needs the facts file") });
  });
});
