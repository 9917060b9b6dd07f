import { handle, json, type IdParams } from "@/lib/api/route";
import { AzureDiscoveryError, discoverAksClusters } from "@/lib/db/aks-clusters";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Lists the subscriptions and their AKS clusters and stores them. A failure of Entra ID or Resource Manager
 * is 502 `{error, kind}` (kind: unauthorized, forbidden, unreachable, timeout, error) with what to do.
 */
export function POST(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "POST /api/azure/connections/:id/discover", async () => {
    const { id } = await params;
    try {
      return json({ discovery: await discoverAksClusters(id) });
    } catch (err) {
      if (err instanceof AzureDiscoveryError) return json({ error: err.message, kind: err.kind }, 502);
      throw err;
    }
  });
}
