// `dtready fleet`: every AKS cluster an Azure identity can read, one Resource Manager list per subscription,
// no checks and no cluster credentials fetched. Also used by the fleet benchmark.
import type { ManagedCluster } from "@azure/arm-containerservice";
import { listAksClusters, listSubscriptions, type ArmClients } from "@/lib/collect/azure/arm";
import { parseAksResourceId, type AksClusterRef } from "@/lib/collect/azure/connection";
import { CollectError } from "@/lib/engine/errors";
import { createLimiter } from "@/lib/engine/limit";

/** What the list shows of a cluster: no credentials, no secrets. */
export interface FleetCluster extends AksClusterRef {
  subscriptionName: string;
  id: string;
  location?: string;
  kubernetesVersion?: string;
  powerState?: string;
  provisioningState?: string;
  privateCluster: boolean;
  entraIntegrated: boolean;
  localAccountsDisabled: boolean;
  nodePools: number;
}

export interface FleetListing {
  clusters: FleetCluster[];
  /** Subscriptions whose clusters could not be listed, with Resource Manager's reason. */
  failed: { subscriptionId: string; subscriptionName: string; reason: string }[];
  subscriptions: number;
}

export interface DiscoverOptions {
  signal?: AbortSignal;
  /** Subscriptions listed at once. */
  concurrency?: number;
  noteRequest?: (description: string) => void;
}

export function fleetCluster(c: ManagedCluster, subscriptionName: string): FleetCluster | undefined {
  if (!c.id) return undefined;
  let ref: AksClusterRef;
  try {
    ref = parseAksResourceId(c.id);
  } catch {
    return undefined;
  }
  return {
    ...ref,
    subscriptionName,
    id: c.id,
    location: c.location,
    kubernetesVersion: c.currentKubernetesVersion ?? c.kubernetesVersion,
    powerState: c.powerState?.code,
    provisioningState: c.provisioningState,
    privateCluster: c.apiServerAccessProfile?.enablePrivateCluster === true,
    entraIntegrated: c.aadProfile?.managed === true,
    localAccountsDisabled: c.disableLocalAccounts === true,
    nodePools: c.agentPoolProfiles?.length ?? 0,
  };
}

/** Lists subscriptions, then clusters per subscription with bounded concurrency. A subscription that fails is reported, not fatal. */
export async function discoverFleet(arm: ArmClients, options: DiscoverOptions = {}): Promise<FleetListing> {
  const ctx = { signal: options.signal ?? new AbortController().signal, noteRequest: options.noteRequest ?? (() => {}) };
  const subscriptions = await listSubscriptions(arm, ctx);
  const limit = createLimiter(options.concurrency ?? 4);
  const clusters: FleetCluster[] = [];
  const failed: FleetListing["failed"] = [];
  await Promise.all(
    subscriptions.map((s) =>
      limit(async () => {
        try {
          for (const c of await listAksClusters(arm, ctx, s.subscriptionId)) {
            const f = fleetCluster(c, s.displayName);
            if (f) clusters.push(f);
          }
        } catch (err) {
          if (!(err instanceof CollectError)) throw err;
          // The failing system's own fix (e.g. the role assignment for the denied action and scope) goes with it.
          failed.push({ subscriptionId: s.subscriptionId, subscriptionName: s.displayName, reason: err.remedy ? `${err.message} ${err.remedy}` : err.message });
        }
      }),
    ),
  );
  const bySubscriptionThenName = (a: FleetCluster, b: FleetCluster) =>
    a.subscriptionName.localeCompare(b.subscriptionName) || a.resourceGroup.localeCompare(b.resourceGroup) || a.name.localeCompare(b.name);
  clusters.sort(bySubscriptionThenName);
  failed.sort((a, b) => a.subscriptionName.localeCompare(b.subscriptionName));
  return { clusters, failed, subscriptions: subscriptions.length };
}

/** A plain table; the resource id is last so `dtready check --aks <id>` can be copied from it. */
export function fleetText(listing: FleetListing): string {
  const lines: string[] = [];
  const n = listing.clusters.length;
  lines.push(`${n} AKS cluster${n === 1 ? "" : "s"} in ${listing.subscriptions} subscription${listing.subscriptions === 1 ? "" : "s"}`);
  if (n > 0) {
    const rows = listing.clusters.map((c) => [
      c.name,
      c.subscriptionName,
      c.location ?? "?",
      c.kubernetesVersion ?? "?",
      [c.powerState ?? "?", c.provisioningState && c.provisioningState !== "Succeeded" ? c.provisioningState : ""].filter(Boolean).join("/"),
      [c.privateCluster ? "private" : "", c.entraIntegrated ? "entra" : "", c.localAccountsDisabled ? "no-local-accounts" : ""].filter(Boolean).join(",") || "-",
      c.id,
    ]);
    const header = ["NAME", "SUBSCRIPTION", "LOCATION", "VERSION", "POWER", "ACCESS", "RESOURCE ID"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const fmt = (r: string[]) => r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]!))).join("  ");
    lines.push("", fmt(header), ...rows.map(fmt));
  }
  if (listing.failed.length > 0) {
    lines.push("", "Subscriptions whose clusters could not be listed:");
    for (const f of listing.failed) lines.push(`  ${f.subscriptionName} (${f.subscriptionId}): ${f.reason}`);
  }
  return lines.join("\n") + "\n";
}
