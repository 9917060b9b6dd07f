import { handle, json, readJson } from "@/lib/api/route";
import { createCluster, createClusterSchema, listClustersWithLatestRun } from "@/lib/db/clusters";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return handle(request, "GET /api/clusters", async () => json({ clusters: await listClustersWithLatestRun() }));
}

export function POST(request: Request): Promise<Response> {
  return handle(request, "POST /api/clusters", async () => {
    const input = await readJson(request, createClusterSchema);
    const { id } = await createCluster(input);
    return json({ id }, 201);
  });
}
