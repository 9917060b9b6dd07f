// `dtready check`: the same engine as the dashboard (checkCluster), without the web server or the database.
import { accessSync, constants, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { KubeconfigError } from "@/lib/collect/kubernetes/kubeconfig";
import { checkCluster } from "@/lib/engine/execute";
import type { ProgressEvent } from "@/lib/engine/types";
import { EXIT_CODES } from "@/lib/engine/verdict";
import { stringifyJsonReport } from "@/lib/report/json";
import { toText } from "@/lib/report/text";
import { HELP, parseCommand, UsageError, type CheckCommand, type Env } from "./args";
import { describeFsError, loadTenant } from "./tenant";

export interface CliIo {
  stdout: Pick<NodeJS.WriteStream, "write"> & { isTTY?: boolean };
  stderr: Pick<NodeJS.WriteStream, "write"> & { isTTY?: boolean };
  env: Env;
  version: string;
  signal?: AbortSignal;
}

const USAGE_EXIT = 1;

/** Runs one invocation and returns its exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const cmd = parseCommand(argv, io.env);
    if (cmd.command === "help") {
      io.stdout.write(HELP);
      return 0;
    }
    if (cmd.command === "version") {
      io.stdout.write(`dtready ${io.version}\n`);
      return 0;
    }
    return await check(cmd, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof KubeconfigError) {
      io.stderr.write(`dtready: ${err.message}\n`);
      return USAGE_EXIT;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`dtready: internal error: ${message.split("\n")[0]}\n`);
    if (io.env.DTREADY_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return USAGE_EXIT;
  }
}

async function check(cmd: CheckCommand, io: CliIo): Promise<number> {
  const kubeconfig = readKubeconfig(cmd.kubeconfigPath);
  const tenant = cmd.tenant ? loadTenant(cmd.tenant) : undefined;
  // Fail before a run of up to a minute, not after it.
  if (cmd.output !== undefined) ensureWritableDirectory(cmd.output);
  const progress = io.stderr.isTTY ? progressPrinter(io.stderr) : undefined;
  // A request may not outlast the whole run's budget. A tenant call ends a little before it, so a tenant that
  // never answers is reported by the request itself, naming the layer that hung, not as "the budget ran out".
  const budget = cmd.budgetMs;
  const requestTimeout = budget !== undefined ? { timeoutMs: Math.min(10_000, budget) } : undefined;
  const tenantTimeout = budget !== undefined ? { timeoutMs: Math.min(10_000, Math.round(budget * 0.8)) } : undefined;
  const { report } = await checkCluster({
    kubeconfig,
    context: cmd.context,
    plan: cmd.plan,
    tenant,
    budgetMs: cmd.budgetMs,
    kube: requestTimeout,
    dynatrace: tenantTimeout,
    onProgress: progress,
    signal: io.signal,
  });

  const toFile = cmd.output !== undefined;
  const color = !toFile && io.stdout.isTTY === true && !io.env.NO_COLOR;
  const body = cmd.format === "json" ? stringifyJsonReport(report) : toText(report, { color });
  if (toFile) {
    writeReport(cmd.output!, body);
    io.stderr.write(`dtready: ${report.verdict}; report written to ${cmd.output}\n`);
  } else {
    io.stdout.write(body);
  }
  return EXIT_CODES[report.verdict];
}

function writeReport(path: string, body: string): void {
  try {
    writeFileSync(path, body);
  } catch (err) {
    throw new UsageError(`Cannot write the report to ${path}: ${describeFsError(err)}.`);
  }
}

function ensureWritableDirectory(path: string): void {
  try {
    accessSync(dirname(resolve(path)), constants.W_OK);
  } catch (err) {
    throw new UsageError(`Cannot write the report to ${path}: ${describeFsError(err)}.`);
  }
}

function readKubeconfig(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`Cannot read the kubeconfig ${path}: ${describeFsError(err)}.`);
  }
}

function progressPrinter(out: CliIo["stderr"]): (e: ProgressEvent) => void {
  return (e) => {
    switch (e.type) {
      case "planned":
        out.write(`Checking ${e.checks.length} prerequisites (${e.collectors.length} collectors)...\n`);
        break;
      case "collector-finished":
        out.write(`  ${e.ok ? "done" : "FAILED"}  ${e.collector} (${e.durationMs} ms)\n`);
        break;
      case "finished":
        out.write(`Finished in ${e.durationMs} ms.\n\n`);
        break;
      default:
        break;
    }
  };
}
