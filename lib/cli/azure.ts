// The CLI's Azure connection: everything, secrets included, comes from one JSON file (a client secret on
// the command line ends up in shell history and process listings). Messages name the file and the field,
// never a value.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import {
  AzureInputError,
  azureConnectionInputSchema,
  parseAksResourceId,
  parseAzureConnectionInput,
  type AksClusterRef,
  type AzureConnection,
} from "@/lib/collect/azure/connection";
import { describeFsError, type ReadText } from "./tenant";
import { UsageError } from "./usage-error";

/** Where to find the connection and which cluster to check, as given on the command line. */
export interface AksFlags {
  connectionFile: string;
  ref: AksClusterRef;
}

/** Flags that would take an Azure secret as their value, refused before anything else reads the arguments. */
export const REFUSED_AZURE_SECRET_FLAGS = ["client-secret", "azure-client-secret", "certificate", "password"] as const;

export function refuseAzureSecretsInArguments(argv: readonly string[]): void {
  for (const arg of argv) {
    const flag = /^--([^=]+)/.exec(arg)?.[1];
    if (flag !== undefined && (REFUSED_AZURE_SECRET_FLAGS as readonly string[]).includes(flag)) {
      throw new UsageError(
        `--${flag} is refused: a secret on the command line ends up in shell history and process listings. Put it in the Azure connection file and pass --azure-connection-file <file>.`,
      );
    }
  }
}

/**
 * The file is the dashboard's connection input as JSON. `certificateFile` and `caFile` may name PEM files
 * instead of inlining them (relative to the connection file).
 */
export const azureConnectionFileSchema = azureConnectionInputSchema.extend({
  certificateFile: z.string().min(1).optional(),
  caFile: z.string().min(1).optional(),
}).strict();

// tokenFilePath is in the schema only to be refused by name.
const FIELD_NAMES = Object.keys(azureConnectionFileSchema.shape).filter((k) => k !== "tokenFilePath");

const readUtf8: ReadText = (path) => readFileSync(path, "utf8");

/** Reads and validates the connection file; throws UsageError naming the file and the field at fault. */
export function loadAzureConnection(path: string, read: ReadText = readUtf8): AzureConnection {
  const where = `--azure-connection-file ${path}`;
  const text = readFile(where, path, read);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message can quote the text around the error, which may be the secret.
    throw new UsageError(`${where}: not valid JSON. Expected e.g. {"kind":"client-secret","tenantId":"…","clientId":"…","clientSecret":"…"}.`);
  }
  const parsed = azureConnectionFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === "unrecognized_keys") {
      throw new UsageError(`${where}: unknown field ${issue.keys.map((k) => `"${k}"`).join(", ")}; the fields are ${FIELD_NAMES.join(", ")}.`);
    }
    const field = String(issue.path[0] ?? "");
    const hint = field === "kind" ? ` (one of client-secret, client-certificate, workload-identity, managed-identity, default-prod)` : field === "cloud" ? ` (one of AzureCloud, AzureChinaCloud, AzureUSGovernment, custom)` : "";
    throw new UsageError(`${where}: field "${field}" is not valid${hint}.`);
  }
  const { certificateFile, caFile, ...input } = parsed.data;
  const base = dirname(resolve(path));
  if (certificateFile !== undefined) {
    if (input.certificatePem !== undefined) throw new UsageError(`${where}: give either "certificatePem" or "certificateFile", not both.`);
    input.certificatePem = readFile(`${where}: "certificateFile"`, resolve(base, certificateFile), read);
  }
  if (caFile !== undefined) {
    if (input.caPem !== undefined) throw new UsageError(`${where}: give either "caPem" or "caFile", not both.`);
    input.caPem = readFile(`${where}: "caFile"`, resolve(base, caFile), read);
  }
  try {
    return parseAzureConnectionInput(input);
  } catch (err) {
    if (err instanceof AzureInputError) throw new UsageError(`${where}: "${err.field}": ${err.message}`);
    throw err;
  }
}

function readFile(where: string, path: string, read: ReadText): string {
  try {
    return read(path);
  } catch (err) {
    throw new UsageError(`${where}: cannot read ${path}: ${describeFsError(err)}.`);
  }
}

export interface AksRefFlags {
  aks?: string;
  subscription?: string;
  "resource-group"?: string;
  name?: string;
}

/** `--aks <resource id>` or all three of --subscription/--resource-group/--name; undefined when none is given. */
export function aksRefFromFlags(f: AksRefFlags): AksClusterRef | undefined {
  const parts = { subscription: f.subscription, "resource-group": f["resource-group"], name: f.name };
  const given = Object.entries(parts).filter(([, v]) => v !== undefined);
  if (f.aks !== undefined) {
    if (given.length > 0) throw new UsageError(`--aks already names the cluster; leave out --${given[0]![0]}.`);
    try {
      return parseAksResourceId(f.aks.trim());
    } catch {
      throw new UsageError(
        `--aks must be an AKS resource id: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerService/managedClusters/<name>.`,
      );
    }
  }
  if (given.length === 0) return undefined;
  const missing = Object.entries(parts).find(([, v]) => !v?.trim());
  if (missing) throw new UsageError(`--${missing[0]} is missing: name the AKS cluster with --subscription, --resource-group and --name (or --aks <resource id>).`);
  const subscriptionId = parts.subscription!.trim();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(subscriptionId)) {
    throw new UsageError("--subscription must be a subscription ID (a GUID).");
  }
  return { subscriptionId, resourceGroup: parts["resource-group"]!.trim(), name: parts.name!.trim() };
}
