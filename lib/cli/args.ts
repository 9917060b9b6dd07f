// `dtready` command line: flags are parsed with node:util and validated with zod, and every problem
// becomes one sentence a person can act on (no stack traces for bad input).
import { homedir } from "node:os";
import { delimiter, resolve } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { cliEnvironment } from "@/lib/env";
import { CODE_MODULE_DELIVERIES, MODES, planSchema, type Plan, type PlanInput } from "@/lib/engine/plan";
import { aksRefFromFlags, refuseAzureSecretsInArguments, type AksFlags } from "./azure";
import { refuseTokensInArguments, type TenantFlags } from "./tenant";
import { UsageError } from "./usage-error";

export { UsageError };

/** Environment variables the CLI reads (KUBECONFIG, NO_COLOR, DTREADY_DEBUG). */
export type Env = Record<string, string | undefined>;

export const FORMATS = ["text", "json", "markdown", "junit", "sarif"] as const;
export type ReportFormat = (typeof FORMATS)[number];
/** The fleet listing is not a readiness report: only text and JSON. */
export const FLEET_FORMATS = ["text", "json"] as const;
export type FleetFormat = (typeof FLEET_FORMATS)[number];

export interface CheckCommand {
  command: "check";
  /** Set for a kubeconfig run; an AKS run (aks) fetches its credentials from Azure instead. */
  kubeconfigPath?: string;
  aks?: AksFlags;
  context?: string;
  plan: Plan;
  format: ReportFormat;
  output?: string;
  budgetMs?: number;
  /** The Dynatrace tenant to check with the cluster; its files are read by the run, not here. */
  tenant?: TenantFlags;
  /** Also write the run's redacted facts (with target and plan) here, for `dtready replay`. */
  factsOut?: string;
}

/** `dtready replay FILE`: a facts file judged again with the current checks, under its plan changed by the plan flags. */
export interface ReplayCommand {
  command: "replay";
  factsFile: string;
  /** Only the plan flags given: each changes that field of the stored plan. */
  planChanges: PlanInput;
  format: ReportFormat;
  output?: string;
}

/** `dtready fleet`: the AKS clusters an Azure identity can see, without checking them. */
export interface FleetCommand {
  command: "fleet";
  connectionFile: string;
  format: FleetFormat;
  budgetMs?: number;
}

export type Command = { command: "help" } | { command: "version" } | CheckCommand | FleetCommand | ReplayCommand;

export const HELP = `dtready: is this Kubernetes / AKS cluster ready for the Dynatrace Operator?

Usage:
  dtready check [options]     check a cluster and print the readiness report
  dtready fleet --azure-connection-file <file> [--format text|json]
                              list the AKS clusters the Azure identity can read (no checks)
  dtready replay <facts file> [plan options] [--format <format>] [--output <file>]
                              judge the facts a check wrote with --facts-out again, with the current
                              checks; plan options change that field of the stored plan (facts read for
                              another namespace or workload are then unknown, never judged)
  dtready --help              show this help
  dtready --version           show the version

Options of check:
  --kubeconfig <file>         kubeconfig to use (default: $KUBECONFIG, else ~/.kube/config)
  --context <name>            context in the kubeconfig (default: its current-context)
  --mode <mode>               platform | application | full-stack (default: application)
  --namespace <name>          namespace the operator will be installed in (default: dynatrace)
  --operator-version <v>      Dynatrace Operator release to check against (default: the latest known)
  --no-csi-driver             plan the install without the CSI driver (code modules by ephemeral volume)
  --code-modules <delivery>   csi-driver | image-volume | ephemeral-volume: how code modules reach injected
                              pods (default: csi-driver; image-volume needs operator 1.11+ and Kubernetes 1.35+)
  --private-registry <repo>   operator image repository to check instead of public.ecr.aws, host/path
  --pull-secret <name>        image pull secret (in --namespace) for --private-registry
  --egress-probe              start a short-lived probe pod in --namespace that tests egress to the tenant
                              from inside the cluster (labelled, deleted afterwards); needs --tenant-url
  --egress-probe-image <img>  image of the probe pod (needs sh and curl; default curlimages/curl:8.11.1)
  --format <format>           text | json | markdown | junit | sarif (default: text)
                              markdown: for change tickets; junit: JUnit XML, one testsuite per section
                              (fail = failure, unknown = error, warn = passing with a WARNING line,
                              manual / not applicable = skipped); sarif: SARIF 2.1.0 (fail = error,
                              warn = warning, unknown = note)
  --output <file>             write the report to a file instead of standard output
  --timeout <seconds>         time budget for collecting from the cluster and the tenant (default: 60)
  --facts-out <file>          also write the redacted facts the run was judged on, for dtready replay

Dynatrace tenant (optional; without it only the cluster is checked):
  --tenant-url <url>          API URL: https://<env-id>.live.dynatrace.com/api (SaaS) or
                              https://<host>/e/<env-id>/api (Managed)
  --operator-token-file <f>   file holding the operator token (required with --tenant-url)
  --ingest-token-file <f>     file holding the data-ingest token
  --proxy <url>               proxy the operator will use, http://[user:pass@]host:port
  --ca-file <file>            PEM bundle of extra CAs to trust (the DynaKube's trustedCAs)
  --network-zone <name>       network zone the operator will use
AKS through Azure (instead of --kubeconfig; no kubelogin or Azure CLI needed):
  --azure-connection-file <f> JSON file with the Azure connection: {"kind": "client-secret" | "client-certificate" |
                              "workload-identity" | "managed-identity" | "default-prod", "tenantId", "clientId",
                              "clientSecret" | "certificateFile", "cloud" (AzureCloud | AzureChinaCloud |
                              AzureUSGovernment | custom with "authorityHost" and "armEndpoint"), "caFile"}
  --aks <resource id>         /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerService/managedClusters/<name>
  --subscription <id> --resource-group <group> --name <cluster>
                              the same cluster named by its parts
Azure secrets are read from the connection file only, never from the command line.
Tokens are read from files only, never from the command line: a token file may end with one newline
(as "echo TOKEN > file" writes); any other whitespace around the token is reported.

  -h, --help                  show this help

The kubeconfig must carry its credentials (a token or an embedded client certificate). Exec credential
plugins (kubelogin, cloud CLIs) are refused and never run.

Exit codes: 0 ready, 4 ready with warnings, 3 not ready, 2 incomplete, 1 usage or internal error.
`;

const OPTIONS = {
  kubeconfig: { type: "string" },
  context: { type: "string" },
  mode: { type: "string" },
  namespace: { type: "string" },
  "operator-version": { type: "string" },
  "no-csi-driver": { type: "boolean" },
  "code-modules": { type: "string" },
  "private-registry": { type: "string" },
  "pull-secret": { type: "string" },
  "egress-probe": { type: "boolean" },
  "egress-probe-image": { type: "string" },
  format: { type: "string" },
  output: { type: "string" },
  timeout: { type: "string" },
  "facts-out": { type: "string" },
  "tenant-url": { type: "string" },
  "operator-token-file": { type: "string" },
  "ingest-token-file": { type: "string" },
  proxy: { type: "string" },
  "ca-file": { type: "string" },
  "network-zone": { type: "string" },
  "azure-connection-file": { type: "string" },
  aks: { type: "string" },
  subscription: { type: "string" },
  "resource-group": { type: "string" },
  name: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean" },
} as const;

const nonEmpty = (flag: string) => z.string({ error: `${flag} needs a value` }).trim().min(1, `${flag} needs a value`);

const flagsSchema = z.object({
  kubeconfig: nonEmpty("--kubeconfig").optional(),
  context: nonEmpty("--context").optional(),
  mode: z.enum(MODES, { error: `--mode must be one of ${MODES.join(", ")}` }).optional(),
  "code-modules": z.enum(CODE_MODULE_DELIVERIES, { error: `--code-modules must be one of ${CODE_MODULE_DELIVERIES.join(", ")}` }).optional(),
  format: z.enum(FORMATS, { error: `--format must be one of ${FORMATS.join(", ")}` }).default("text"),
  output: nonEmpty("--output").optional(),
  "facts-out": nonEmpty("--facts-out").optional(),
  timeout: z.coerce
    .number({ error: "--timeout must be a number of seconds" })
    .positive("--timeout must be a positive number of seconds")
    .max(3600, "--timeout must be at most 3600 seconds")
    .optional(),
  "tenant-url": nonEmpty("--tenant-url").optional(),
  "operator-token-file": nonEmpty("--operator-token-file").optional(),
  "ingest-token-file": nonEmpty("--ingest-token-file").optional(),
  proxy: nonEmpty("--proxy").optional(),
  "ca-file": nonEmpty("--ca-file").optional(),
  "network-zone": nonEmpty("--network-zone").optional(),
  "azure-connection-file": nonEmpty("--azure-connection-file").optional(),
  aks: nonEmpty("--aks").optional(),
  subscription: nonEmpty("--subscription").optional(),
  "resource-group": nonEmpty("--resource-group").optional(),
  name: nonEmpty("--name").optional(),
});

export function parseCommand(argv: readonly string[], env: Env = cliEnvironment()): Command {
  // First, so that no later message can repeat a token.
  refuseTokensInArguments(argv);
  refuseAzureSecretsInArguments(argv);
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${firstLine(err)}. See dtready --help.`);
  }
  const { values, positionals } = parsed;
  if (values.version) return { command: "version" };
  const [command, ...rest] = positionals;
  if (values.help) return { command: "help" };
  if (command === undefined) throw new UsageError("Missing command. Usage: dtready check [options]; see dtready --help.");
  if (command !== "check" && command !== "fleet" && command !== "replay") {
    throw new UsageError(`Unknown command "${command}". The commands are check, fleet and replay; see dtready --help.`);
  }
  if (command === "replay") {
    if (rest.length === 0) throw new UsageError("replay needs the facts file: dtready replay <file> (written by dtready check --facts-out <file>).");
    if (rest.length > 1) throw new UsageError(`Unexpected argument "${rest[1]}". See dtready --help.`);
  } else if (rest.length > 0) throw new UsageError(`Unexpected argument "${rest[0]}". See dtready --help.`);

  const flags = flagsSchema.safeParse(values);
  if (!flags.success) throw new UsageError(flags.error.issues[0]!.message);
  const { format } = flags.data;
  const budgetMs = flags.data.timeout === undefined ? undefined : Math.round(flags.data.timeout * 1000);
  const connectionFile = flags.data["azure-connection-file"];
  if (command === "fleet") {
    if (format !== "text" && format !== "json") throw new UsageError(`dtready fleet lists clusters, not a report: --format must be text or json.`);
    return fleetCommand(values, connectionFile, format, budgetMs);
  }
  if (command === "replay") return replayCommand(values, rest[0]!, format, flags.data);
  const aksRef = aksRefFromFlags(flags.data);
  if (aksRef && connectionFile === undefined) {
    throw new UsageError("An AKS cluster is checked through Azure: pass --azure-connection-file <file> with the connection to use.");
  }
  if (connectionFile !== undefined) {
    if (!aksRef) throw new UsageError("--azure-connection-file needs the cluster: --aks <resource id>, or --subscription, --resource-group and --name.");
    const clash = (["kubeconfig", "context"] as const).find((f) => values[f] !== undefined);
    if (clash) throw new UsageError(`--${clash} cannot be combined with an AKS cluster: its credentials come from Azure.`);
  }

  const plan = planFromFlags(planFlagsInput(values, flags.data.mode, flags.data["code-modules"]));

  return {
    command: "check",
    ...(connectionFile !== undefined && aksRef
      ? { aks: { connectionFile: resolve(expandHome(connectionFile)), ref: aksRef } }
      : { kubeconfigPath: kubeconfigPath(flags.data.kubeconfig, env), context: flags.data.context }),
    plan,
    format,
    output: flags.data.output,
    budgetMs,
    tenant: tenantFlags(flags.data),
    ...(flags.data["facts-out"] !== undefined ? { factsOut: resolve(expandHome(flags.data["facts-out"])) } : {}),
  };
}

/** The plan fields the flags give (undefined for a flag not given). */
function planFlagsInput(values: Record<string, unknown>, mode: Plan["mode"] | undefined, codeModules: Plan["codeModules"] | undefined): PlanInput {
  const v = values as Record<string, string | boolean | undefined>;
  if (v["no-csi-driver"] && codeModules === "csi-driver") throw new UsageError("--no-csi-driver contradicts --code-modules csi-driver: pass one of them.");
  if (v["pull-secret"] && !v["private-registry"]) throw new UsageError("--pull-secret needs --private-registry: it is the secret for pulling from that registry.");
  if (v["egress-probe-image"] !== undefined && !v["egress-probe"]) throw new UsageError("--egress-probe-image needs --egress-probe.");
  return {
    mode,
    codeModules,
    namespace: v.namespace as string | undefined,
    operatorVersion: v["operator-version"] as string | undefined,
    csiDriver: v["no-csi-driver"] ? false : undefined,
    privateRegistry: v["private-registry"] ? { repository: v["private-registry"] as string, pullSecret: v["pull-secret"] as string | undefined } : undefined,
    egressProbe: v["egress-probe"] ? true : undefined,
    egressProbeImage: v["egress-probe-image"] as string | undefined,
  };
}

/** Validates a plan, naming the flag at fault. */
function planFromFlags(input: PlanInput): Plan {
  const plan = planSchema.safeParse(input);
  if (plan.success) return plan.data;
  throw new UsageError(planIssueMessage(plan.error.issues[0]!));
}

export function planIssueMessage(issue: z.core.$ZodIssue): string {
  const flag =
    {
      namespace: "--namespace",
      operatorVersion: "--operator-version",
      mode: "--mode",
      codeModules: "--code-modules",
      privateRegistry: issue.path[1] === "pullSecret" ? "--pull-secret" : "--private-registry",
      egressProbeImage: "--egress-probe-image",
    }[String(issue.path[0])] ?? "plan";
  return `${flag}: ${issue.message}`;
}

/** Flags of check that do not apply to a replay (nothing is collected): refused rather than ignored. */
const COLLECT_ONLY_FLAGS = [
  "kubeconfig", "context", "timeout", "facts-out", "tenant-url", "operator-token-file", "ingest-token-file", "proxy", "ca-file", "network-zone",
  "azure-connection-file", "aks", "subscription", "resource-group", "name", "egress-probe", "egress-probe-image",
] as const;

function replayCommand(values: Record<string, unknown>, file: string, format: ReportFormat, f: z.infer<typeof flagsSchema>): ReplayCommand {
  const stray = COLLECT_ONLY_FLAGS.find((flag) => values[flag] !== undefined);
  if (stray) throw new UsageError(`--${stray} is an option of check: a replay judges stored facts and collects nothing.`);
  const planChanges = planFlagsInput(values, f.mode, f["code-modules"]);
  return { command: "replay", factsFile: resolve(expandHome(file)), planChanges, format, ...(f.output !== undefined ? { output: f.output } : {}) };
}

/** Flags of check that mean nothing to fleet: refused rather than silently ignored. */
const CHECK_ONLY_FLAGS = [
  "kubeconfig", "context", "mode", "namespace", "operator-version", "no-csi-driver", "code-modules", "private-registry", "pull-secret", "egress-probe",
  "egress-probe-image", "output", "tenant-url", "operator-token-file", "ingest-token-file", "proxy", "ca-file", "network-zone", "aks",
  "subscription", "resource-group", "name",
] as const;

function fleetCommand(values: Record<string, unknown>, connectionFile: string | undefined, format: FleetFormat, budgetMs: number | undefined): FleetCommand {
  const stray = CHECK_ONLY_FLAGS.find((f) => values[f] !== undefined);
  if (stray) throw new UsageError(`--${stray} is an option of check, not of fleet.`);
  if (connectionFile === undefined) throw new UsageError("fleet needs --azure-connection-file <file>: the Azure identity whose clusters to list.");
  return { command: "fleet", connectionFile: resolve(expandHome(connectionFile)), format, budgetMs };
}

const TENANT_ONLY_FLAGS = ["operator-token-file", "ingest-token-file", "proxy", "ca-file", "network-zone"] as const;

function tenantFlags(f: z.infer<typeof flagsSchema>): TenantFlags | undefined {
  const url = f["tenant-url"];
  if (url === undefined) {
    const stray = TENANT_ONLY_FLAGS.find((flag) => f[flag] !== undefined);
    if (stray) throw new UsageError(`--${stray} needs --tenant-url: it belongs to a Dynatrace tenant.`);
    return undefined;
  }
  const operatorTokenFile = f["operator-token-file"];
  if (operatorTokenFile === undefined) {
    throw new UsageError("--tenant-url needs --operator-token-file <file>: the operator token is what the tenant checks use.");
  }
  const path = (p: string | undefined) => (p === undefined ? undefined : resolve(expandHome(p)));
  return {
    tenantUrl: url,
    operatorTokenFile: path(operatorTokenFile)!,
    ingestTokenFile: path(f["ingest-token-file"]),
    proxy: f.proxy,
    caFile: path(f["ca-file"]),
    networkZone: f["network-zone"],
  };
}

function kubeconfigPath(flag: string | undefined, env: Env): string {
  if (flag) return resolve(expandHome(flag));
  const fromEnv = env.KUBECONFIG?.trim();
  if (fromEnv) {
    const paths = fromEnv.split(delimiter).filter(Boolean);
    // kubectl merges several files; guessing which context wins here would be surprising.
    if (paths.length > 1) throw new UsageError("KUBECONFIG lists several files; pass the one to use with --kubeconfig.");
    return resolve(expandHome(paths[0]!));
  }
  return resolve(homedir(), ".kube", "config");
}

function expandHome(p: string): string {
  return p === "~" || p.startsWith("~/") ? homedir() + p.slice(1) : p;
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // node:util's messages go on with advice about "--"; the first sentence is the useful part.
  return message.split("\n")[0]!.split(". ")[0]!.replace(/\.$/, "");
}
