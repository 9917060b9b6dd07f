import { errorJson, handle, json, type IdParams } from "@/lib/api/route";
import { deleteCluster, getCluster } from "@/lib/db/clusters";
import { historyOf, listRuns } from "@/lib/db/run-reads";
import { withApprovals } from "@/lib/db/approvals";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "GET /api/clusters/:id", async () => {
    const { id } = await params;
    const cluster = await getCluster(id);
    if (!cluster) return errorJson(404, "The cluster was not found");
    const runs = await withApprovals(await listRuns(id, 50));
    return json({ cluster, runs, history: await historyOf(id, runs) });
  });
}

export function DELETE(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "DELETE /api/clusters/:id", async () => {
    const { id } = await params;
    await deleteCluster(id);
    return new Response(null, { status: 204 });
  });
}
