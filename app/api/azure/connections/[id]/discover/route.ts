import { json, route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { AzureDiscoveryError, discoverAksClusters } from "@/lib/db/aks-clusters";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Lists the subscriptions and their AKS clusters and stores them. A failure of Entra ID or Resource Manager
 * is 502 `{error, kind}` (kind: unauthorized, forbidden, unreachable, timeout, error) with what to do.
 */
export const POST = route(endpoints.discover, async ({ params: { id } }) => {
  try {
    return { discovery: await discoverAksClusters(id) };
  } catch (err) {
    if (err instanceof AzureDiscoveryError) return json({ error: err.message, kind: err.kind }, 502);
    throw err;
  }
});
