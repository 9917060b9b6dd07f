import { handle, json, type IdParams } from "@/lib/api/route";
import { getAksClusterDetail } from "@/lib/db/aks-clusters";
import { notFound } from "@/lib/db/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A discovered AKS cluster and its runs, newest first. */
export function GET(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "GET /api/aks-clusters/:id", async () => {
    const { id } = await params;
    const detail = await getAksClusterDetail(id);
    if (!detail) throw notFound("The AKS cluster");
    return json(detail);
  });
}
