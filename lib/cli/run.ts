// `dtready check`: the same engine as the dashboard (checkCluster), without the web server or the database.
import { accessSync, constants, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createArmClients } from "@/lib/collect/azure/arm";
import { createAzureCredential } from "@/lib/collect/azure/credentials";
import { KubeconfigError } from "@/lib/collect/kubernetes/kubeconfig";
import { CollectError } from "@/lib/engine/errors";
import { checkAksCluster, checkCluster } from "@/lib/runs/compose";
import type { ProgressEvent, RunReport } from "@/lib/engine/types";
import { EXIT_CODES } from "@/lib/engine/verdict";
import { stringifyJsonReport } from "@/lib/report/json";
import { toJunit } from "@/lib/report/junit";
import { toMarkdown } from "@/lib/report/markdown";
import { stringifySarif } from "@/lib/report/sarif";
import { toText } from "@/lib/report/text";
import { factsFileSchema } from "@/lib/contracts/facts-file";
import { EnvError, validateServerEnv } from "@/lib/env";
import { factsFileOf, factStoreOf, replay, replayPlan } from "@/lib/runs/replay";
import { ZodError } from "zod";
import { HELP, parseCommand, planIssueMessage, UsageError, type CheckCommand, type Env, type FleetCommand, type ReplayCommand, type ReportFormat } from "./args";
import { loadAzureConnection } from "./azure";
import { discoverClusters } from "@/lib/collect/azure/discovery";
import { fleetText } from "./fleet";
import { describeFsError, loadTenant } from "./tenant";

export interface CliIo {
  stdout: Pick<NodeJS.WriteStream, "write"> & { isTTY?: boolean; columns?: number };
  stderr: Pick<NodeJS.WriteStream, "write"> & { isTTY?: boolean };
  env: Env;
  version: string;
  signal?: AbortSignal;
}

const USAGE_EXIT = 1;

/** Runs one invocation and returns its exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    validateServerEnv();
    const cmd = parseCommand(argv, io.env);
    if (cmd.command === "help") {
      io.stdout.write(HELP);
      return 0;
    }
    if (cmd.command === "version") {
      io.stdout.write(`dtready ${io.version}\n`);
      return 0;
    }
    if (cmd.command === "fleet") return await fleet(cmd, io);
    if (cmd.command === "replay") return replayFile(cmd, io);
    return await check(cmd, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof KubeconfigError || err instanceof EnvError) {
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
  // Read before anything else so a bad file is reported before a run starts.
  const kubeconfig = cmd.kubeconfigPath !== undefined ? readKubeconfig(cmd.kubeconfigPath) : undefined;
  const azure = cmd.aks ? loadAzureConnection(cmd.aks.connectionFile) : undefined;
  const tenant = cmd.tenant ? loadTenant(cmd.tenant) : undefined;
  // Fail before a run of up to a minute, not after it.
  if (cmd.output !== undefined) ensureWritableDirectory(cmd.output);
  if (cmd.factsOut !== undefined) ensureWritableDirectory(cmd.factsOut, "the facts");
  const progress = io.stderr.isTTY ? progressPrinter(io.stderr) : undefined;
  // A request may not outlast the whole run's budget. A tenant call ends a little before it, so a tenant that
  // never answers is reported by the request itself, naming the layer that hung, not as "the budget ran out".
  const budget = cmd.budgetMs;
  const requestTimeout = budget !== undefined ? { timeoutMs: Math.min(10_000, budget) } : undefined;
  const tenantTimeout = budget !== undefined ? { timeoutMs: Math.min(10_000, Math.round(budget * 0.8)) } : undefined;
  const common = { plan: cmd.plan, tenant: tenant ? { connection: tenant } : undefined, budgetMs: cmd.budgetMs, dynatrace: tenantTimeout, onProgress: progress, signal: io.signal };
  const outcome =
    azure && cmd.aks
      ? await checkAksCluster({ ...common, connection: azure, ref: cmd.aks.ref, kube: requestTimeout, azure: requestTimeout })
      : await checkCluster({ ...common, kubeconfig: kubeconfig!, context: cmd.context, kube: requestTimeout });
  if (cmd.factsOut !== undefined) writeFile(cmd.factsOut, "the facts", JSON.stringify(factsFileOf(outcome, io.version), null, 2) + "\n");
  return printReport(outcome.report, cmd, io);
}

/** `dtready replay`: the exit code follows the verdict of the re-judged report, as for check. */
function replayFile(cmd: ReplayCommand, io: CliIo): number {
  let text: string;
  try {
    text = readFileSync(cmd.factsFile, "utf8");
  } catch (err) {
    throw new UsageError(`Cannot read the facts file ${cmd.factsFile}: ${describeFsError(err)}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`${cmd.factsFile} is not JSON; a facts file is written by dtready check --facts-out <file>.`);
  }
  const file = factsFileSchema.safeParse(json);
  if (!file.success) {
    const issue = file.error.issues[0]!;
    throw new UsageError(`${cmd.factsFile} is not a dtready facts file (${issue.path.join(".") || "top level"}: ${issue.message}); write one with dtready check --facts-out <file>.`);
  }
  let plan;
  try {
    plan = replayPlan(file.data.plan, cmd.planChanges);
  } catch (err) {
    if (err instanceof ZodError) throw new UsageError(planIssueMessage(err.issues[0]!));
    throw err;
  }
  if (cmd.output !== undefined) ensureWritableDirectory(cmd.output);
  const report = replay({ facts: factStoreOf(file.data.facts), target: file.data.target, plan, replayOf: { collectedAt: file.data.startedAt } });
  return printReport(report, cmd, io);
}

function printReport(report: RunReport, cmd: Pick<CheckCommand, "format" | "output">, io: CliIo): number {
  const toFile = cmd.output !== undefined;
  const color = !toFile && io.stdout.isTTY === true && !io.env.NO_COLOR;
  // Prose wraps at the terminal's width when printing to one; a file or a pipe gets the default width.
  const body = renderReport(report, cmd.format, color, !toFile && io.stdout.isTTY ? io.stdout.columns : undefined);
  if (toFile) {
    writeReport(cmd.output!, body);
    io.stderr.write(`dtready: ${report.verdict}; report written to ${cmd.output}\n`);
  } else {
    io.stdout.write(body);
  }
  return EXIT_CODES[report.verdict];
}

/** Exit codes of fleet: 0 listed (some subscriptions may have failed; they are named), 2 nothing could be listed. */
async function fleet(cmd: FleetCommand, io: CliIo): Promise<number> {
  const connection = loadAzureConnection(cmd.connectionFile);
  const arm = createArmClients(connection, createAzureCredential(connection), { timeoutMs: Math.min(15_000, cmd.budgetMs ?? 15_000) });
  const signal = AbortSignal.any([AbortSignal.timeout(cmd.budgetMs ?? 60_000), ...(io.signal ? [io.signal] : [])]);
  let listing;
  try {
    listing = await discoverClusters(arm, { signal });
  } catch (err) {
    if (!(err instanceof CollectError)) throw err;
    // Listing subscriptions failed: nothing to show. The message says what Resource Manager or Entra ID answered.
    io.stderr.write(`dtready: ${err.message}\n${err.remedy ? `dtready: what to do: ${err.remedy}\n` : ""}`);
    return 2;
  }
  io.stdout.write(cmd.format === "json" ? JSON.stringify(listing, null, 2) + "\n" : fleetText(listing));
  return 0;
}

function writeReport(path: string, body: string): void {
  writeFile(path, "the report", body);
}

function writeFile(path: string, what: string, body: string): void {
  try {
    writeFileSync(path, body, { mode: 0o600 });
  } catch (err) {
    throw new UsageError(`Cannot write ${what} to ${path}: ${describeFsError(err)}.`);
  }
}

function ensureWritableDirectory(path: string, what = "the report"): void {
  try {
    accessSync(dirname(resolve(path)), constants.W_OK);
  } catch (err) {
    throw new UsageError(`Cannot write ${what} to ${path}: ${describeFsError(err)}.`);
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

/** The report in the format asked for; only text is ever colored. */
export function renderReport(report: RunReport, format: ReportFormat, color = false, width?: number): string {
  switch (format) {
    case "json":
      return stringifyJsonReport(report);
    case "markdown":
      return toMarkdown(report);
    case "junit":
      return toJunit(report);
    case "sarif":
      return stringifySarif(report);
    case "text":
      return toText(report, { color, width });
  }
}
