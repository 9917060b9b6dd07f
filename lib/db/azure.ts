import "server-only";
// Azure connections and the AKS clusters discovered through them. The client secret or certificate PEM is
// encrypted at rest; what leaves this module for the browser never contains it.
import type { ManagedCluster } from "@azure/arm-containerservice";
import { z } from "zod";
import { createArmClients, listAksClusters, listSubscriptions, type ArmClientOptions } from "@/lib/collect/azure/arm";
import {
  AzureInputError,
  assertConnectionAllowed,
  parseAksResourceId,
  parseAzureConnectionInput,
  type AksClusterRef,
  type AzureConnection,
  type AzureConnectionInput,
} from "@/lib/collect/azure/connection";
import { createAzureCredential, type TokenCredential } from "@/lib/collect/azure/credentials";
import { CollectError } from "@/lib/engine/errors";
import type { Verdict } from "@/lib/engine/types";
import { DecryptError, decrypt, encrypt } from "@/lib/secrets/encryption";
import { redactText } from "@/lib/secrets/redact";
import type {
  AksClusterDetail,
  AzureConnectionInfo,
  CreateAzureConnectionInput,
  DiscoveryResult,
  FleetCluster,
  RunStatus,
} from "@/lib/web/api-types";
import { db } from "./client";
import { parseCounts } from "./clusters";
import { conflict, notFound } from "./errors";
import { historyOf, listRuns, verdictsWithWaivers, type ListedRunRow } from "./runs";
import { withApprovals } from "./shares";

// Strings only: parseAzureConnectionInput judges the values and names the field.
export const createAzureConnectionSchema = z.object({
  name: z.string(),
  kind: z.string(),
  cloud: z.string().optional(),
  authorityHost: z.string().optional(),
  armEndpoint: z.string().optional(),
  tenantId: z.string().optional(),
  clientId: z.string().optional(),
  clientSecret: z.string().max(4096).optional(),
  certificatePem: z.string().max(256 * 1024, "the certificate PEM is larger than 256 KiB").optional(),
  /** Refused by name (parseAzureConnectionInput): the token file is only ever the server's own. */
  tokenFilePath: z.unknown().optional(),
  caPem: z.string().max(1024 * 1024, "the CA PEM is larger than 1 MiB").optional(),
});

type ConnectionRow = {
  id: string;
  name: string;
  kind: string;
  cloud: string;
  authorityHost: string;
  armEndpoint: string;
  tenantId: string | null;
  clientId: string | null;
  secretEnc: string | null;
  caPem: string | null;
  discoveredAt: Date | null;
  discoverError: string | null;
  createdAt: Date;
};

function connectionOf(row: ConnectionRow): AzureConnection {
  // Rows stored before the policy existed (or under a wider configuration) meet it again at every use.
  assertConnectionAllowed({ kind: row.kind as AzureConnection["kind"], cloud: row.cloud as AzureConnection["cloud"], authorityHost: row.authorityHost, armEndpoint: row.armEndpoint });
  const secret = row.secretEnc ? decrypt(row.secretEnc) : undefined;
  return {
    kind: row.kind as AzureConnection["kind"],
    cloud: row.cloud as AzureConnection["cloud"],
    authorityHost: row.authorityHost,
    armEndpoint: row.armEndpoint,
    ...(row.tenantId ? { tenantId: row.tenantId } : {}),
    ...(row.clientId ? { clientId: row.clientId } : {}),
    ...(secret !== undefined ? (row.kind === "client-certificate" ? { certificatePem: secret } : { clientSecret: secret }) : {}),
    ...(row.caPem ? { caPem: row.caPem } : {}),
  };
}

function infoOf(row: ConnectionRow, clusterCount: number): AzureConnectionInfo {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as AzureConnectionInfo["kind"],
    cloud: row.cloud as AzureConnectionInfo["cloud"],
    authorityHost: row.authorityHost,
    armEndpoint: row.armEndpoint,
    ...(row.tenantId ? { tenantId: row.tenantId } : {}),
    ...(row.clientId ? { clientId: row.clientId } : {}),
    hasSecret: Boolean(row.secretEnc),
    customCa: Boolean(row.caPem),
    discoveredAt: row.discoveredAt?.toISOString() ?? null,
    discoverError: row.discoverError,
    clusterCount,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Validates (AzureInputError names the field; nothing stored then) and stores the connection. */
export async function createAzureConnection(input: CreateAzureConnectionInput): Promise<AzureConnectionInfo> {
  const name = input.name.trim();
  if (!name) throw new AzureInputError("name", "The name is empty.");
  if (name.length > 100) throw new AzureInputError("name", "The name is longer than 100 characters.");
  const { name: _name, ...rest } = input;
  void _name;
  let conn: AzureConnection;
  try {
    conn = parseAzureConnectionInput(rest as AzureConnectionInput);
  } catch (err) {
    // A kind or cloud outside the lists fails the schema: say which field.
    if (err instanceof z.ZodError) {
      const field: "kind" | "cloud" = err.issues[0]?.path[0] === "cloud" ? "cloud" : "kind";
      throw new AzureInputError(field, field === "cloud" ? "Choose a cloud from the list." : "Choose a credential kind from the list.");
    }
    throw err;
  }
  const secret = conn.kind === "client-certificate" ? conn.certificatePem : conn.kind === "client-secret" ? conn.clientSecret : undefined;
  const row = await db().azureConnection.create({
    data: {
      name,
      kind: conn.kind,
      cloud: conn.cloud,
      authorityHost: conn.authorityHost,
      armEndpoint: conn.armEndpoint,
      tenantId: conn.tenantId ?? null,
      clientId: conn.clientId ?? null,
      secretEnc: secret ? encrypt(secret) : null,
      caPem: conn.caPem ?? null,
    },
  });
  return infoOf(row, 0);
}

export async function listAzureConnections(): Promise<AzureConnectionInfo[]> {
  const rows = await db().azureConnection.findMany({
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
    include: { _count: { select: { clusters: { where: { missing: false } } } } },
  });
  return rows.map((r) => infoOf(r, r._count.clusters));
}

/** Deletes the connection, its discovered clusters and their runs. */
export async function deleteAzureConnection(id: string): Promise<void> {
  const { count } = await db().azureConnection.deleteMany({ where: { id } });
  if (count === 0) throw notFound("The Azure connection");
}

/** The decrypted connection. Server-only: never return it from a route, log it or store it in a run. */
export async function getAzureConnection(id: string): Promise<{ connection: AzureConnection; name: string }> {
  const row = await db().azureConnection.findUnique({ where: { id } });
  if (!row) throw notFound("The Azure connection");
  try {
    return { connection: connectionOf(row), name: row.name };
  } catch (err) {
    if (err instanceof DecryptError) {
      throw conflict(`The secret of Azure connection ${row.name} cannot be read (${err.message}); delete the connection and add it again.`);
    }
    if (err instanceof AzureInputError) {
      throw conflict(`Azure connection ${row.name} is refused by this server's policy: ${err.message}`);
    }
    throw err;
  }
}

/** A discovery failure, classified, with what to do. Never contains the secret. */
export class AzureDiscoveryError extends Error {
  constructor(
    readonly kind: CollectError["kind"],
    message: string,
  ) {
    super(message);
    this.name = "AzureDiscoveryError";
  }
}

/** What to do about a failed Resource Manager call, by its classification. */
export function adviceFor(kind: CollectError["kind"], scope: "subscriptions" | "clusters"): string {
  switch (kind) {
    case "unauthorized":
      return "Check the directory (tenant) ID, the application (client) ID and the client secret or certificate (it may have expired), and the authority host of the cloud.";
    case "forbidden":
      return scope === "subscriptions"
        ? "Give the identity the Reader role on the subscriptions that hold the AKS clusters."
        : "Give the identity the Reader role on this subscription (or at least Microsoft.ContainerService/managedClusters/read).";
    case "unreachable":
      return "Check the Resource Manager endpoint and authority host, the dashboard's outbound network and proxy, and the CA (for a private endpoint).";
    case "timeout":
      return "Resource Manager did not answer in time; try again.";
    default:
      return "Try again; if it persists, check the connection's cloud settings.";
  }
}

/** The failing system's own remedy (Entra ID's for a refused secret, Resource Manager's role assignment for a 403). */
function remedyOf(err: unknown): string | undefined {
  return err instanceof CollectError ? err.remedy : undefined;
}

function safeMessage(err: unknown, conn: AzureConnection): { kind: CollectError["kind"]; message: string } {
  const kind: CollectError["kind"] = err instanceof CollectError ? err.kind : "error";
  let message = err instanceof Error ? err.message : String(err);
  // Entra errors do not echo the secret, but never rely on it.
  for (const s of [conn.clientSecret, conn.certificatePem]) if (s) message = message.split(s).join("[redacted]");
  return { kind, message: redactText(message).slice(0, 800) };
}

function clusterFields(c: ManagedCluster, sub: { subscriptionId: string; displayName: string }, ref: AksClusterRef) {
  return {
    subscriptionId: ref.subscriptionId,
    subscriptionName: sub.displayName,
    resourceGroup: ref.resourceGroup,
    name: c.name ?? ref.name,
    location: c.location,
    kubernetesVersion: c.currentKubernetesVersion ?? c.kubernetesVersion ?? null,
    powerState: c.powerState?.code ?? null,
    provisioningState: c.provisioningState ?? null,
    fqdn: c.fqdn ?? c.privateFqdn ?? null,
    private: c.apiServerAccessProfile?.enablePrivateCluster === true,
  };
}

export interface DiscoverOptions {
  /** Reuse a credential (tests, benchmark); by default one is built from the stored connection. */
  credential?: TokenCredential;
  arm?: ArmClientOptions;
  /** How many subscriptions are listed at once. */
  concurrency?: number;
  signal?: AbortSignal;
}

/**
 * Lists the subscriptions the identity can read and the AKS clusters in each (paging followed) and stores
 * them. Clusters no longer listed are marked missing (their runs stay). A failure to list subscriptions
 * throws AzureDiscoveryError; a failure in one subscription is reported in `problems`, the others are kept.
 */
export async function discoverAksClusters(connectionId: string, options: DiscoverOptions = {}): Promise<DiscoveryResult> {
  const { connection } = await getAzureConnection(connectionId);
  let arm;
  try {
    const credential = options.credential ?? createAzureCredential(connection);
    arm = createArmClients(connection, credential, { timeoutMs: 30_000, ...options.arm });
  } catch (err) {
    // E.g. workload identity without its token file: say so instead of a 500.
    const { message } = safeMessage(err, connection);
    throw new AzureDiscoveryError("error", `The Azure identity cannot be used: ${message}`);
  }
  const ctx = { signal: options.signal ?? AbortSignal.timeout(120_000), noteRequest: () => {} };
  const started = new Date();

  let subscriptions;
  try {
    subscriptions = await listSubscriptions(arm, ctx);
  } catch (err) {
    const { kind, message } = safeMessage(err, connection);
    const text = `Listing the subscriptions failed: ${message} ${remedyOf(err) ?? adviceFor(kind, "subscriptions")}`;
    await db().azureConnection.update({ where: { id: connectionId }, data: { discoverError: text } });
    throw new AzureDiscoveryError(kind, text);
  }
  if (subscriptions.length === 0) {
    const text = "The identity can read no subscription. Give it the Reader role on the subscriptions that hold the AKS clusters.";
    await db().azureConnection.update({ where: { id: connectionId }, data: { discoverError: text } });
    throw new AzureDiscoveryError("forbidden", text);
  }

  const problems: DiscoveryResult["problems"] = [];
  const found: { resourceId: string; data: ReturnType<typeof clusterFields> }[] = [];
  const queue = [...subscriptions];
  const worker = async () => {
    for (let sub = queue.shift(); sub; sub = queue.shift()) {
      try {
        for (const c of await listAksClusters(arm, ctx, sub.subscriptionId)) {
          if (!c.id) continue;
          const ref = parseAksResourceId(c.id);
          found.push({ resourceId: c.id.toLowerCase(), data: clusterFields(c, sub, ref) });
        }
      } catch (err) {
        const { kind, message } = safeMessage(err, connection);
        problems.push({ subscriptionId: sub.subscriptionId, subscriptionName: sub.displayName, message: `${message} ${remedyOf(err) ?? adviceFor(kind, "clusters")}` });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, queue.length) }, worker));

  const failedSubs = new Set(problems.map((p) => p.subscriptionId));
  await db().$transaction([
    ...found.map((f) =>
      db().aksCluster.upsert({
        where: { connectionId_resourceId: { connectionId, resourceId: f.resourceId } },
        create: { connectionId, resourceId: f.resourceId, ...f.data, discoveredAt: started },
        update: { ...f.data, discoveredAt: started, missing: false },
      }),
    ),
    // Not listed now: gone or no longer readable. Subscriptions that failed to list keep their clusters as they were.
    db().aksCluster.updateMany({
      where: {
        connectionId,
        resourceId: { notIn: found.map((f) => f.resourceId) },
        subscriptionId: { notIn: [...failedSubs] },
      },
      data: { missing: true },
    }),
    db().azureConnection.update({
      where: { id: connectionId },
      data: {
        discoveredAt: started,
        discoverError: problems.length ? `${problems.length} subscription(s) could not be listed: ${problems.map((p) => `${p.subscriptionName}: ${p.message}`).join(" ")}`.slice(0, 2000) : null,
      },
    }),
  ]);
  return { subscriptions: subscriptions.length, clusters: found.length, problems };
}

const fleetInclude = {
  connection: { select: { name: true } },
  // Enough to find the newest finished run behind a few running or failed ones.
  runs: {
    orderBy: { startedAt: "desc" as const },
    take: 10,
    select: { id: true, clusterId: true, aksClusterId: true, status: true, verdict: true, startedAt: true, finishedAt: true, countsJson: true },
  },
};

type FleetRow = {
  id: string;
  connectionId: string;
  subscriptionId: string;
  subscriptionName: string;
  resourceGroup: string;
  name: string;
  location: string;
  kubernetesVersion: string | null;
  powerState: string | null;
  provisioningState: string | null;
  fqdn: string | null;
  private: boolean;
  discoveredAt: Date;
  missing: boolean;
  connection: { name: string };
  runs: (ListedRunRow & { finishedAt: Date | null; countsJson: string | null })[];
};

/** `verdicts`: verdicts the clusters' waivers change (verdictsWithWaivers), so the fleet agrees with the run pages. */
function fleetClusterOf(c: FleetRow, verdicts: ReadonlyMap<string, Verdict>): FleetCluster {
  const runs = c.runs.map((x) => ({ ...x, verdict: verdicts.get(x.id) ?? x.verdict }));
  const r = runs[0];
  const done = runs.find((x) => x.status === "finished" && x.verdict);
  return {
    id: c.id,
    connectionId: c.connectionId,
    connectionName: c.connection.name,
    subscriptionId: c.subscriptionId,
    subscriptionName: c.subscriptionName,
    resourceGroup: c.resourceGroup,
    name: c.name,
    location: c.location,
    kubernetesVersion: c.kubernetesVersion,
    powerState: c.powerState,
    provisioningState: c.provisioningState,
    fqdn: c.fqdn,
    private: c.private,
    discoveredAt: c.discoveredAt.toISOString(),
    missing: c.missing,
    latestRun: r
      ? {
          id: r.id,
          status: r.status as RunStatus,
          verdict: (r.verdict as Verdict | null) ?? null,
          startedAt: r.startedAt.toISOString(),
          finishedAt: r.finishedAt?.toISOString() ?? null,
          counts: parseCounts(r.countsJson),
        }
      : null,
    latestVerdict: done ? { runId: done.id, verdict: done.verdict as Verdict, finishedAt: (done.finishedAt ?? done.startedAt).toISOString() } : null,
  };
}

/** Every discovered cluster with its latest run, by subscription, resource group and name. */
export async function listFleet(): Promise<FleetCluster[]> {
  const rows = await db().aksCluster.findMany({
    include: fleetInclude,
    orderBy: [{ subscriptionName: "asc" }, { resourceGroup: "asc" }, { name: "asc" }],
  });
  const verdicts = await verdictsWithWaivers(rows.flatMap((c) => c.runs));
  return rows.map((c) => fleetClusterOf(c, verdicts));
}

export async function getAksClusterDetail(id: string): Promise<AksClusterDetail | null> {
  const row = await db().aksCluster.findUnique({ where: { id }, include: fleetInclude });
  if (!row) return null;
  const runs = await withApprovals(await listRuns({ aksClusterId: id }));
  return { cluster: fleetClusterOf(row, await verdictsWithWaivers(row.runs)), runs, history: await historyOf({ aksClusterId: id }, runs) };
}

/** What a run of an AKS cluster needs: the cluster's place in Resource Manager and its connection id. */
export async function getAksClusterTarget(
  id: string,
): Promise<{ ref: AksClusterRef; name: string; location: string; connectionId: string; fqdn: string | null }> {
  const c = await db().aksCluster.findUnique({ where: { id } });
  if (!c) throw notFound("The AKS cluster");
  return {
    ref: { subscriptionId: c.subscriptionId, resourceGroup: c.resourceGroup, name: c.name },
    name: c.name,
    location: c.location,
    connectionId: c.connectionId,
    fqdn: c.fqdn,
  };
}
