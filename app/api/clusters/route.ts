import { handle, json, readJson } from "@/lib/api/route";
import { createCluster, createClusterSchema, listClustersWithLatestRun } from "@/lib/db/clusters";
import { approvalSummaries } from "@/lib/db/approvals";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return handle(request, "GET /api/clusters", async () => {
    const clusters = await listClustersWithLatestRun();
    const approvals = await approvalSummaries(clusters.flatMap((c) => (c.latestRun ? [c.latestRun.id] : [])));
    return json({
      clusters: clusters.map((c) => {
        const approval = c.latestRun && approvals.get(c.latestRun.id);
        return approval ? { ...c, latestRun: { ...c.latestRun!, approval } } : c;
      }),
    });
  });
}

export function POST(request: Request): Promise<Response> {
  return handle(request, "POST /api/clusters", async () => {
    const input = await readJson(request, createClusterSchema);
    const { id } = await createCluster(input);
    return json({ id }, 201);
  });
}
