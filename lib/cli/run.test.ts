import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run";

function capture() {
  let stdout = "";
  let stderr = "";
  return {
    io: {
      stdout: { write: (s: string) => ((stdout += s), true) },
      stderr: { write: (s: string) => ((stderr += s), true) },
      env: {},
      version: "9.9.9",
    },
    out: () => stdout,
    err: () => stderr,
  };
}

const dir = mkdtempSync(join(tmpdir(), "dtready-cli-"));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const execKubeconfig = `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: kubelogin, args: [get-token]}}}]
contexts: [{name: aks, context: {cluster: c, user: u}}]
current-context: aks
`;

describe("runCli", () => {
  it("prints the version and the help on stdout with exit 0", async () => {
    const c = capture();
    expect(await runCli(["--version"], c.io)).toBe(0);
    expect(c.out()).toBe("dtready 9.9.9\n");
    const h = capture();
    expect(await runCli(["--help"], h.io)).toBe(0);
    expect(h.out()).toContain("dtready check [options]");
  });

  it("a malformed kubeconfig: exit 1, one line naming the YAML problem, nothing on stdout", async () => {
    const c = capture();
    const path = file("bad.yaml", "clusters:\n  - name: c\n    cluster: {server: https://x\n");
    expect(await runCli(["check", "--kubeconfig", path], c.io)).toBe(1);
    expect(c.err()).toMatch(/^dtready: The kubeconfig is not valid YAML \(line \d+, column \d+\)/);
    expect(c.err().trim().split("\n")).toHaveLength(1);
    expect(c.out()).toBe("");
  });

  it("an exec-plugin kubeconfig is refused with the reason", async () => {
    const c = capture();
    expect(await runCli(["check", "--kubeconfig", file("exec.yaml", execKubeconfig)], c.io)).toBe(1);
    expect(c.err()).toContain("exec credential plugin");
    expect(c.err()).toContain("never runs programs");
  });

  it("an unknown context lists the ones there are", async () => {
    const c = capture();
    expect(await runCli(["check", "--kubeconfig", file("exec2.yaml", execKubeconfig), "--context", "prod"], c.io)).toBe(1);
    expect(c.err()).toBe('dtready: Context "prod" is not in the kubeconfig; it has: aks.\n');
  });

  it("a missing kubeconfig file names the path", async () => {
    const c = capture();
    expect(await runCli(["check", "--kubeconfig", join(dir, "nope.yaml")], c.io)).toBe(1);
    expect(c.err()).toBe(`dtready: Cannot read the kubeconfig ${join(dir, "nope.yaml")}: no such file or directory.\n`);
  });

  it("an --output path in a missing directory is refused before anything is collected", async () => {
    const c = capture();
    const kubeconfig = file("unreachable.yaml", execKubeconfig.replace(/users: .*\n/, "users: [{name: u, user: {token: abc}}]\n"));
    const out = join(dir, "missing", "r.json");
    expect(await runCli(["check", "--kubeconfig", kubeconfig, "--output", out], c.io)).toBe(1);
    expect(c.err()).toBe(`dtready: Cannot write the report to ${out}: no such file or directory.\n`);
  });
});
