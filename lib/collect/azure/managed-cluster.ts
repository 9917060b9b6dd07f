// Resource Manager facts about the AKS cluster being checked: the managed cluster (trimmed), its agent pools and
// its cluster extensions. Projections keep only what the az.* checks read; no secrets (httpProxyConfig.trustedCa
// is reduced to "set or not", kubeconfigs and identities are never stored).
import type { AgentPool, ManagedCluster, ManagedClusterAgentPoolProfile } from "@azure/arm-containerservice";
import { defineCollector, type CollectContext } from "@/lib/engine/collector";
import { CollectError } from "@/lib/engine/errors";
import { describeCluster } from "./arm";

/** The run's Resource Manager clients and cluster; only runs on AKS targets have them. */
export function azureRun(ctx: CollectContext) {
  const a = ctx.clients.azure;
  if (!a) throw new CollectError("error", "this run has no Azure connection (the cluster was not opened through Resource Manager)");
  return a;
}

export interface AgentPoolFact {
  name: string;
  /** System | User | Gateway … */
  mode?: string;
  count?: number;
  enableAutoScaling?: boolean;
  minCount?: number;
  maxCount?: number;
  vmSize?: string;
  /** Linux | Windows */
  osType?: string;
  osSku?: string;
  orchestratorVersion?: string;
  currentOrchestratorVersion?: string;
  osDiskSizeGB?: number;
  /** Managed | Ephemeral */
  osDiskType?: string;
  /** OS | Temporary: where kubelet data (images, emptyDir, CSI data dir) lives. */
  kubeletDiskType?: string;
  enableFips: boolean;
  /** "key=value:Effect" as AKS writes them. */
  nodeTaints: string[];
  provisioningState?: string;
  powerState?: string;
}

export interface ManagedClusterFact {
  id?: string;
  name: string;
  location?: string;
  provisioningState?: string;
  /** Running | Stopped */
  powerState?: string;
  kubernetesVersion?: string;
  currentKubernetesVersion?: string;
  sku?: { name?: string; tier?: string };
  /** KubernetesOfficial | AKSLongTermSupport */
  supportPlan?: string;
  fqdn?: string;
  privateFqdn?: string;
  aad?: { managed: boolean; enableAzureRbac: boolean };
  enableRbac?: boolean;
  disableLocalAccounts: boolean;
  network: {
    networkPlugin?: string;
    networkPluginMode?: string;
    networkPolicy?: string;
    networkDataplane?: string;
    outboundType?: string;
    loadBalancerSku?: string;
    podCidr?: string;
    serviceCidr?: string;
  };
  apiServer: {
    enablePrivateCluster: boolean;
    enablePrivateClusterPublicFqdn: boolean;
    authorizedIpRanges: string[];
    enableVnetIntegration: boolean;
  };
  /** Add-on name (lower case, the service echoes any casing) → enabled. */
  addons: Record<string, boolean>;
  httpProxy?: { httpProxy?: string; httpsProxy?: string; noProxy: string[]; trustedCa: boolean };
  agentPoolProfiles: AgentPoolFact[];
}

export interface ClusterExtensionFact {
  name: string;
  extensionType: string;
  version?: string;
  releaseNamespace?: string;
  provisioningState?: string;
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "az.managedCluster": ManagedClusterFact;
    "az.agentPools": AgentPoolFact[];
    "az.extensions": ClusterExtensionFact[];
  }
}

/** Removes user:password from a proxy URL; keeps the rest. */
export function withoutCredentials(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = "";
    u.password = "";
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, "//");
  }
}

type PoolLike = Partial<Omit<ManagedClusterAgentPoolProfile, "name">> & { name?: string };

export function projectAgentPool(p: PoolLike): AgentPoolFact {
  return {
    name: p.name ?? "",
    mode: p.mode,
    count: p.count,
    enableAutoScaling: p.enableAutoScaling,
    minCount: p.minCount,
    maxCount: p.maxCount,
    vmSize: p.vmSize,
    osType: p.osType,
    osSku: p.osSKU,
    orchestratorVersion: p.orchestratorVersion,
    currentOrchestratorVersion: p.currentOrchestratorVersion,
    osDiskSizeGB: p.osDiskSizeGB,
    osDiskType: p.osDiskType,
    kubeletDiskType: p.kubeletDiskType,
    enableFips: p.enableFips === true,
    nodeTaints: p.nodeTaints ?? [],
    provisioningState: p.provisioningState,
    powerState: p.powerState?.code,
  };
}

export function projectManagedCluster(c: ManagedCluster): ManagedClusterFact {
  const addons: Record<string, boolean> = {};
  for (const [k, v] of Object.entries(c.addonProfiles ?? {})) addons[k.toLowerCase()] = v?.enabled === true;
  const n = c.networkProfile;
  const a = c.apiServerAccessProfile;
  const proxy = c.httpProxyConfig;
  return {
    id: c.id,
    name: c.name ?? "",
    location: c.location,
    provisioningState: c.provisioningState,
    powerState: c.powerState?.code,
    kubernetesVersion: c.kubernetesVersion,
    currentKubernetesVersion: c.currentKubernetesVersion,
    sku: c.sku ? { name: c.sku.name, tier: c.sku.tier } : undefined,
    supportPlan: c.supportPlan,
    fqdn: c.fqdn,
    privateFqdn: c.privateFqdn,
    aad: c.aadProfile ? { managed: c.aadProfile.managed === true, enableAzureRbac: c.aadProfile.enableAzureRbac === true } : undefined,
    enableRbac: c.enableRbac,
    disableLocalAccounts: c.disableLocalAccounts === true,
    network: {
      networkPlugin: n?.networkPlugin,
      networkPluginMode: n?.networkPluginMode,
      networkPolicy: n?.networkPolicy,
      networkDataplane: n?.networkDataplane,
      outboundType: n?.outboundType,
      loadBalancerSku: n?.loadBalancerSku,
      podCidr: n?.podCidr,
      serviceCidr: n?.serviceCidr,
    },
    apiServer: {
      enablePrivateCluster: a?.enablePrivateCluster === true,
      enablePrivateClusterPublicFqdn: a?.enablePrivateClusterPublicFqdn === true,
      authorizedIpRanges: a?.authorizedIPRanges ?? [],
      enableVnetIntegration: a?.enableVnetIntegration === true,
    },
    addons,
    httpProxy:
      proxy && (proxy.httpProxy || proxy.httpsProxy || proxy.noProxy?.length || proxy.trustedCa)
        ? { httpProxy: withoutCredentials(proxy.httpProxy), httpsProxy: withoutCredentials(proxy.httpsProxy), noProxy: proxy.noProxy ?? [], trustedCa: !!proxy.trustedCa }
        : undefined,
    agentPoolProfiles: (c.agentPoolProfiles ?? []).map(projectAgentPool),
  };
}

export const managedClusterCollector = defineCollector({
  id: "azure.managed-cluster",
  produces: ["az.managedCluster"],
  async collect(ctx) {
    const { arm, ref } = azureRun(ctx);
    const client = arm.containerService(ref.subscriptionId);
    const c = await arm.request(ctx, `GET ${describeCluster(ref)}`, (o) => client.managedClusters.get(ref.resourceGroup, ref.name, o));
    return { "az.managedCluster": projectManagedCluster(c) };
  },
});

export const agentPoolsCollector = defineCollector({
  id: "azure.agent-pools",
  produces: ["az.agentPools"],
  async collect(ctx) {
    const { arm, ref } = azureRun(ctx);
    const client = arm.containerService(ref.subscriptionId);
    const pools = await arm.request(ctx, `GET ${describeCluster(ref)}/agentPools`, async (o) => {
      const out: AgentPool[] = [];
      for await (const p of client.agentPools.list(ref.resourceGroup, ref.name, o)) out.push(p);
      return out;
    });
    return { "az.agentPools": pools.map((p) => projectAgentPool(p)) };
  },
});

interface ExtensionWire {
  name?: string;
  properties?: { extensionType?: string; version?: string; currentVersion?: string; provisioningState?: string; scope?: { cluster?: { releaseNamespace?: string } } };
}

export function projectExtensions(body: unknown): ClusterExtensionFact[] {
  const value = (body as { value?: unknown } | null)?.value;
  if (!Array.isArray(value)) throw new CollectError("invalid", "the extensions list has no value array");
  return (value as ExtensionWire[]).map((e) => ({
    name: e.name ?? "",
    extensionType: e.properties?.extensionType ?? "",
    version: e.properties?.currentVersion ?? e.properties?.version,
    releaseNamespace: e.properties?.scope?.cluster?.releaseNamespace,
    provisioningState: e.properties?.provisioningState,
  }));
}

/** Microsoft.KubernetesConfiguration is not part of the container service SDK: a GET through its pipeline (auth, TLS, retries). */
export const EXTENSIONS_API_VERSION = "2023-05-01";

export const extensionsCollector = defineCollector({
  id: "azure.extensions",
  produces: ["az.extensions"],
  async collect(ctx: CollectContext) {
    const { arm, ref } = azureRun(ctx);
    const path = `${describeCluster(ref)}/providers/Microsoft.KubernetesConfiguration/extensions`;
    const out: ClusterExtensionFact[] = [];
    let next: string | undefined = `${path}?api-version=${EXTENSIONS_API_VERSION}`;
    for (let page = 0; next && page < 20; page++) {
      const body: unknown = await arm.getJson<unknown>(ctx, `GET ${path}`, next);
      out.push(...projectExtensions(body));
      next = (body as { nextLink?: string }).nextLink || undefined;
    }
    return { "az.extensions": out };
  },
});
