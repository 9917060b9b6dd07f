// The real `dtready` binary with a Dynatrace tenant: the real test cluster and the HTTPS Dynatrace test server.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonReport } from "@/lib/report/json";
import { validateAgainstSchema } from "@/lib/report/schema-validate";
import { adminKubeconfig } from "@/test/cluster/testing";
import { startConnectProxy } from "@/test/network/connect-proxy";
import {
  startDynatraceTestServer,
  TEST_INGEST_TOKEN,
  TEST_OPERATOR_TOKEN,
  TEST_PLATFORM_INGEST_TOKEN,
  TEST_PLATFORM_OPERATOR_TOKEN,
  type DynatraceScenario,
  type DynatraceTestServer,
} from "@/test/dynatrace/server";

const bin = fileURLToPath(new URL("../../bin/dtready.mjs", import.meta.url));
const schema = JSON.parse(readFileSync(new URL("../../docs/report.schema.json", import.meta.url), "utf8")) as Record<string, unknown>;
const dir = mkdtempSync(join(tmpdir(), "dtready-cli-tenant-"));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

function dtready(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, NO_COLOR: "", ...env }, timeout: 90_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
      resolve({ code, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

// Each server gets its own scenario: the tests run in parallel.
const servers: DynatraceTestServer[] = [];
async function tenantServer(scenario: DynatraceScenario): Promise<DynatraceTestServer> {
  const s = await startDynatraceTestServer({ scenario });
  servers.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

let kubeconfig: string;
let operatorTokenFile: string;
let ingestTokenFile: string;
beforeAll(() => {
  kubeconfig = file("admin.yaml", adminKubeconfig());
  // As `echo "$TOKEN" > file` writes them: one trailing newline.
  operatorTokenFile = file("operator.token", `${TEST_OPERATOR_TOKEN}\n`);
  ingestTokenFile = file("ingest.token", `${TEST_INGEST_TOKEN}\n`);
});

function tenantArgs(s: DynatraceTestServer, name: string): string[] {
  return ["--tenant-url", s.apiUrl, "--operator-token-file", operatorTokenFile, "--ingest-token-file", ingestTokenFile, "--ca-file", file(`${name}-ca.pem`, s.caPem)];
}

const TENANT_CHECKS = ["dt.tenant-reachable", "dt.operator-token", "dt.ingest-token", "dt.deployment-api"];
const SECRETS = [TEST_OPERATOR_TOKEN, TEST_INGEST_TOKEN, TEST_PLATFORM_OPERATOR_TOKEN, TEST_PLATFORM_INGEST_TOKEN].flatMap((t) => [t, t.split(".")[2]!]);

function expectNoToken(where: string, text: string) {
  for (const secret of SECRETS) expect(text.includes(secret), `a token (or its secret part) in ${where}`).toBe(false);
}

function said(c: JsonReport["checks"][number]): string {
  return [c.summary, c.reason ?? "", ...c.evidence.map((e) => `${e.label} ${e.value} ${e.detail ?? ""}`), c.remediation.text].join("\n");
}

describe("dtready check with a Dynatrace tenant (real binary, real cluster, Dynatrace test server)", () => {
  it("a valid tenant: the tenant checks pass, the report shows the tenant's public summary, the token was really used", async () => {
    const s = await tenantServer("valid");
    const r = await dtready(["check", "--kubeconfig", kubeconfig, "--format", "json", ...tenantArgs(s, "valid")]);
    expect(r.stderr).toBe("");
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(validateAgainstSchema(schema, report)).toEqual([]);
    expect(report.target.tenant).toMatchObject({
      apiUrl: s.apiUrl,
      operatorTokenPublic: "dt0c01.OPERATOR…",
      ingestTokenPublic: "dt0c01.INGESTTE…",
      customCa: true,
    });
    const tenantChecks = report.checks.filter((c) => TENANT_CHECKS.includes(c.id));
    expect(tenantChecks.map((c) => c.id).sort()).toEqual([...TENANT_CHECKS].sort());
    for (const c of tenantChecks) expect({ id: c.id, status: c.status, said: said(c) }).toMatchObject({ id: c.id, status: "pass" });
    // The lookup reached the tenant authenticated with the operator token from the file (its newline dropped).
    expect(s.requests.some((q) => q.path === "/api/v2/apiTokens/lookup" && q.auth === "operator" && q.lookedUp === "operator")).toBe(true);
    expect(s.sideEffects).toBe(0);
  });

  it("platform token files for both tokens: read and used, each permission judged, the unprovable ones manual (exit 2), never a pass by name", async () => {
    const s = await tenantServer("valid");
    const args = ["--tenant-url", s.apiUrl, "--operator-token-file", file("platform-op.token", `${TEST_PLATFORM_OPERATOR_TOKEN}\n`), "--ingest-token-file", file("platform-in.token", `${TEST_PLATFORM_INGEST_TOKEN}\n`), "--ca-file", file("platform-ca.pem", s.caPem)];
    const r = await dtready(["check", "--kubeconfig", kubeconfig, "--format", "json", "--mode", "full-stack", ...args]);
    expect(r.stderr).toBe("");
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.target.tenant).toMatchObject({ operatorTokenPublic: "dt0s16.PLATFORM…", ingestTokenPublic: "dt0s16.PLATFORM…" });
    const op = report.checks.find((c) => c.id === "dt.operator-token")!;
    expect(op.status).toBe("manual");
    expect(said(op)).toContain("fleet-management:activegate.tokens:create");
    expect(report.checks.find((c) => c.id === "dt.ingest-token")!.status).toBe("manual");
    expect(r.code).toBe(report.verdict === "not-ready" ? 3 : 2);
    expect(s.requests.filter((q) => q.auth === "platformOperator").length).toBeGreaterThan(3);
    expect(s.requests.some((q) => q.auth === "platformIngest")).toBe(true);
    expect(s.sideEffects).toBe(0);
    expectNoToken("stdout", r.stdout);
  });

  it("an operator token without one required scope: exit 3, and the text report names the scope", async () => {
    const s = await tenantServer({ kind: "missing-scopes", operator: ["InstallerDownload"] });
    const r = await dtready(["check", "--kubeconfig", kubeconfig, ...tenantArgs(s, "scope")]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^Verdict: NOT READY/m);
    const block = r.stdout.slice(r.stdout.indexOf("dt.operator-token") - 200);
    expect(r.stdout).toMatch(/\[FAIL\] +[^\n]*dt\.operator-token/);
    expect(block).toContain("InstallerDownload");
    expect(r.stdout).toContain(`Tenant    ${s.apiUrl} (operator token dt0c01.OPERATOR…`);
    expectNoToken("stdout", r.stdout);
  });

  it("--proxy with credentials: the tenant is reached through the proxy, the report shows it without the password", async () => {
    const s = await tenantServer("valid");
    const proxy = await startConnectProxy({ credentials: "dtuser:s3cret-proxy-pass" });
    try {
      const proxyUrl = proxy.url.replace("http://", "http://dtuser:s3cret-proxy-pass@");
      const r = await dtready(["check", "--kubeconfig", kubeconfig, "--format", "json", ...tenantArgs(s, "proxy"), "--proxy", proxyUrl]);
      const report = JSON.parse(r.stdout) as JsonReport;
      expect(report.target.tenant?.proxy).toBe(proxy.url.replace("http://", "http://***@"));
      const reach = report.checks.find((c) => c.id === "dt.tenant-reachable")!;
      expect(reach.status).toBe("pass");
      expect(report.checks.find((c) => c.id === "dt.operator-token")?.status).toBe("pass");
      expect(proxy.connections.some((c) => c.target === `127.0.0.1:${s.port}` && c.user === "dtuser")).toBe(true);
      expect(r.stdout + r.stderr).not.toContain("s3cret-proxy-pass");
    } finally {
      await proxy.close();
    }
  });

  it("without --tenant-url: a cluster-only run, the tenant checks not applicable with the reason, the manual items open", async () => {
    const r = await dtready(["check", "--kubeconfig", kubeconfig, "--format", "json"]);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.target.tenant).toBeUndefined();
    for (const id of TENANT_CHECKS) {
      const c = report.checks.find((x) => x.id === id)!;
      expect({ id, status: c.status }).toEqual({ id, status: "not-applicable" });
      expect(c.reason).toBe("No Dynatrace tenant is connected to this run.");
    }
    expect(report.checks.find((c) => c.id === "manual.tokens")?.status).toBe("manual");
  });

  it("a token given as a flag value is refused before any request, without repeating it", async () => {
    const s = await tenantServer("valid");
    const flag = await dtready(["check", "--kubeconfig", kubeconfig, "--tenant-url", s.apiUrl, "--operator-token", TEST_OPERATOR_TOKEN]);
    expect(flag.code).toBe(1);
    expect(flag.stdout).toBe("");
    expect(flag.stderr).toBe(
      "dtready: --operator-token is refused: a token on the command line ends up in shell history and process listings. Write the token to a file and pass --operator-token-file <file>.\n",
    );
    // The token where the file's path should be.
    const asPath = await dtready(["check", "--kubeconfig", kubeconfig, "--tenant-url", s.apiUrl, `--operator-token-file=${TEST_OPERATOR_TOKEN}`]);
    expect(asPath.code).toBe(1);
    expect(asPath.stderr).toContain("as the value of --operator-token-file");
    for (const r of [flag, asPath]) expectNoToken("stderr", r.stderr);
    expect(s.requests).toEqual([]);
  });

  it("a token file with a space after the token: exit 1 naming the file, before any request", async () => {
    const s = await tenantServer("valid");
    const spaced = file("spaced.token", `${TEST_OPERATOR_TOKEN} \n`);
    const r = await dtready(["check", "--kubeconfig", kubeconfig, "--tenant-url", s.apiUrl, "--operator-token-file", spaced]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^dtready: --operator-token-file ${spaced}: The operator token has spaces or line breaks around it`));
    expectNoToken("stderr", r.stderr);
    expect(s.requests).toEqual([]);
  });

  it("a tenant that never answers: the run ends within --timeout, tenant results unknown and saying timeout", async () => {
    const s = await tenantServer({ kind: "slow" });
    const budgetSeconds = 6;
    const r = await dtready(["check", "--kubeconfig", kubeconfig, "--format", "json", "--timeout", String(budgetSeconds), ...tenantArgs(s, "slow")]);
    const report = JSON.parse(r.stdout) as JsonReport;
    // The collect phase is bounded by the budget; the rest is process start-up and evaluation.
    expect(report.durationMs).toBeLessThan(budgetSeconds * 1000 + 1500);
    expect(r.ms).toBeLessThan(budgetSeconds * 1000 + 15_000);
    expect(s.requests.length).toBeGreaterThan(0); // it was asked, and never answered
    const tenantChecks = report.checks.filter((c) => TENANT_CHECKS.includes(c.id));
    expect(tenantChecks.length).toBeGreaterThan(0);
    for (const c of tenantChecks) {
      expect(c.status, c.id).toBe("unknown");
      expect(said(c), c.id).toMatch(/time(d)?[ -]?out|time budget/i);
    }
    // The request's own timeout (shorter than the budget) fires first, so the layer that hung is named.
    expect(said(report.checks.find((c) => c.id === "dt.tenant-reachable")!)).toMatch(/HTTP: timed out, no answer within \d+ ms/);
    expect(report.verdict).not.toBe("ready");
  });

  it("the token values never appear in stdout, stderr or the --output file, in any format or outcome", { timeout: 240_000 }, async () => {
    const outcomes = [
      await tenantServer("valid"),
      await tenantServer({ kind: "missing-scopes", operator: ["DataExport"], ingest: ["metrics.ingest"] }),
      await tenantServer("unauthorized"),
      await tenantServer({ kind: "unknown-token", token: "ingest" }),
      await tenantServer("server-error"),
    ];
    // Every outcome in one format to stdout (with DTREADY_DEBUG, which adds stack traces) and the other to a file;
    // the valid tenant in both directions.
    const runs = outcomes.flatMap((s, i) => {
      const [toStdout, toFile] = i % 2 === 0 ? (["text", "json"] as const) : (["json", "text"] as const);
      const base = ["check", "--kubeconfig", kubeconfig, "--mode", "full-stack", ...tenantArgs(s, `leak-${i}`)];
      const both = [
        { label: `scenario ${i}, ${toStdout} to stdout`, args: [...base, "--format", toStdout], out: undefined },
        { label: `scenario ${i}, ${toFile} to a file`, args: [...base, "--format", toFile], out: join(dir, `leak-${i}.${toFile}`) },
      ];
      if (i === 0) {
        both.push(
          { label: `scenario ${i}, ${toFile} to stdout`, args: [...base, "--format", toFile], out: undefined },
          { label: `scenario ${i}, ${toStdout} to a file`, args: [...base, "--format", toStdout], out: join(dir, `leak-${i}-b.${toStdout}`) },
        );
      }
      return both;
    });
    // A few at a time: each is a Node process with a TypeScript loader.
    for (let i = 0; i < runs.length; i += 4) {
      await Promise.all(
        runs.slice(i, i + 4).map(async (run) => {
          const r = await dtready(run.out ? [...run.args, "--output", run.out] : run.args, { DTREADY_DEBUG: "1" });
          if (run.out) {
            expect(r.stderr, run.label).toContain(`report written to ${run.out}`);
            expectNoToken(`the --output file (${run.label})`, readFileSync(run.out, "utf8"));
          } else {
            expect(r.stdout, run.label).toMatch(/Verdict|"verdict"/);
          }
          expectNoToken(`stdout (${run.label})`, r.stdout);
          expectNoToken(`stderr (${run.label})`, r.stderr);
        }),
      );
    }
    // The tokens were really sent: their absence above is not for want of using them.
    expect(outcomes[0]!.requests.some((q) => q.auth === "operator")).toBe(true);
    expect(outcomes[0]!.requests.some((q) => q.lookedUp === "ingest")).toBe(true);
  });
});
