import "server-only";
// The AKS clusters discovered through an Azure connection (a discovery cache that keeps each cluster's id and runs
// across discoveries), the fleet listing and one cluster's page. Discovery itself is lib/collect/azure/discovery.ts.
import { createArmClients, type ArmClientOptions } from "@/lib/collect/azure/arm";
import type { AksClusterRef, AzureConnection } from "@/lib/collect/azure/connection";
import { createAzureCredential, type TokenCredential } from "@/lib/collect/azure/credentials";
import { discoverClusters, type DiscoveredCluster } from "@/lib/collect/azure/discovery";
import { CollectError } from "@/lib/engine/errors";
import type { Verdict } from "@/lib/engine/types";
import { redactText } from "@/lib/secrets/redact";
import type { AksClusterDetail, DiscoveryResult, FleetCluster, RunStatus } from "@/lib/contracts";
import { withApprovals } from "./approvals";
import { getAzureConnection } from "./azure-connections";
import { db } from "./client";
import { notFound } from "./errors";
import { historyOf, listRuns, parseCounts } from "./run-reads";
import { verdictsWithWaivers, type ListedRunRow } from "./waivers";

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

function safeMessage(err: unknown, conn: AzureConnection): { kind: CollectError["kind"]; message: string } {
  const kind: CollectError["kind"] = err instanceof CollectError ? err.kind : "error";
  let message = err instanceof Error ? err.message : String(err);
  // Entra errors do not echo the secret, but never rely on it.
  for (const s of [conn.clientSecret, conn.certificatePem]) if (s) message = message.split(s).join("[redacted]");
  return { kind, message: redactText(message).slice(0, 800) };
}

function clusterFields(c: DiscoveredCluster) {
  return {
    subscriptionId: c.subscriptionId,
    subscriptionName: c.subscriptionName,
    resourceGroup: c.resourceGroup,
    name: c.name,
    location: c.location ?? "",
    kubernetesVersion: c.kubernetesVersion ?? null,
    powerState: c.powerState ?? null,
    provisioningState: c.provisioningState ?? null,
    fqdn: c.fqdn ?? null,
    private: c.privateCluster,
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
  const started = new Date();
  let discovery;
  try {
    discovery = await discoverClusters(arm, { signal: options.signal ?? AbortSignal.timeout(120_000), concurrency: options.concurrency });
  } catch (err) {
    const { kind, message } = safeMessage(err, connection);
    const text = `Listing the subscriptions failed: ${message} ${adviceFor(kind, "subscriptions")}`;
    await db().azureConnection.update({ where: { id: connectionId }, data: { discoverError: text } });
    throw new AzureDiscoveryError(kind, text);
  }
  if (discovery.subscriptions === 0) {
    const text = "The identity can read no subscription. Give it the Reader role on the subscriptions that hold the AKS clusters.";
    await db().azureConnection.update({ where: { id: connectionId }, data: { discoverError: text } });
    throw new AzureDiscoveryError("forbidden", text);
  }
  const problems: DiscoveryResult["problems"] = discovery.failed.map((f) => ({
    subscriptionId: f.subscriptionId,
    subscriptionName: f.subscriptionName,
    message: `${safeMessage(new CollectError(f.kind, f.reason), connection).message} ${adviceFor(f.kind, "clusters")}`,
  }));
  const found = discovery.clusters.map((c) => ({ resourceId: c.id.toLowerCase(), data: clusterFields(c) }));

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
  return { subscriptions: discovery.subscriptions, clusters: found.length, problems };
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
