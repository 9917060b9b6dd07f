// Discovery: every AKS cluster an Azure identity can read, one Resource Manager list per subscription (paging
// followed), no checks and no cluster credentials fetched. The dashboard stores it, `dtready fleet` prints it.
import type { ManagedCluster } from "@azure/arm-containerservice";
import { listAksClusters, listSubscriptions, type ArmClients } from "./arm";
import { parseAksResourceId, type AksClusterRef } from "./connection";
import { CollectError } from "@/lib/engine/errors";
import { createLimiter } from "@/lib/engine/limit";

/** What the list shows of a cluster: no credentials, no secrets. */
export interface DiscoveredCluster extends AksClusterRef {
  subscriptionName: string;
  id: string;
  location?: string;
  kubernetesVersion?: string;
  powerState?: string;
  provisioningState?: string;
  /** The API server's address as Resource Manager lists it (the private FQDN for a private cluster). */
  fqdn?: string;
  privateCluster: boolean;
  entraIntegrated: boolean;
  localAccountsDisabled: boolean;
  nodePools: number;
}

export interface Discovery {
  clusters: DiscoveredCluster[];
  /** Subscriptions whose clusters could not be listed, with Resource Manager's reason. */
  failed: { subscriptionId: string; subscriptionName: string; reason: string; kind: CollectError["kind"] }[];
  subscriptions: number;
}

export interface DiscoverOptions {
  signal?: AbortSignal;
  /** Subscriptions listed at once. */
  concurrency?: number;
  noteRequest?: (description: string) => void;
}

export function discoveredCluster(c: ManagedCluster, subscriptionName: string): DiscoveredCluster | undefined {
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
    fqdn: c.fqdn ?? c.privateFqdn,
    privateCluster: c.apiServerAccessProfile?.enablePrivateCluster === true,
    entraIntegrated: c.aadProfile?.managed === true,
    localAccountsDisabled: c.disableLocalAccounts === true,
    nodePools: c.agentPoolProfiles?.length ?? 0,
  };
}

/** Lists subscriptions, then clusters per subscription with bounded concurrency. A subscription that fails is reported, not fatal. */
export async function discoverClusters(arm: ArmClients, options: DiscoverOptions = {}): Promise<Discovery> {
  const ctx = { signal: options.signal ?? new AbortController().signal, noteRequest: options.noteRequest ?? (() => {}) };
  const subscriptions = await listSubscriptions(arm, ctx);
  const limit = createLimiter(options.concurrency ?? 4);
  const clusters: DiscoveredCluster[] = [];
  const failed: Discovery["failed"] = [];
  await Promise.all(
    subscriptions.map((s) =>
      limit(async () => {
        try {
          for (const c of await listAksClusters(arm, ctx, s.subscriptionId)) {
            const f = discoveredCluster(c, s.displayName);
            if (f) clusters.push(f);
          }
        } catch (err) {
          if (!(err instanceof CollectError)) throw err;
          failed.push({ subscriptionId: s.subscriptionId, subscriptionName: s.displayName, reason: err.message, kind: err.kind });
        }
      }),
    ),
  );
  const bySubscriptionThenName = (a: DiscoveredCluster, b: DiscoveredCluster) =>
    a.subscriptionName.localeCompare(b.subscriptionName) || a.resourceGroup.localeCompare(b.resourceGroup) || a.name.localeCompare(b.name);
  clusters.sort(bySubscriptionThenName);
  failed.sort((a, b) => a.subscriptionName.localeCompare(b.subscriptionName));
  return { clusters, failed, subscriptions: subscriptions.length };
}
