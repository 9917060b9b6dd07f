import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { withApprovals } from "@/lib/db/approvals";
import { deleteCluster, getCluster } from "@/lib/db/clusters";
import { notFound } from "@/lib/db/errors";
import { historyOf, listRuns } from "@/lib/db/run-reads";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The cluster, its newest 50 runs with their decisions, and the history beyond them. */
export const GET = route(endpoints.getCluster, async ({ params: { id } }) => {
  const cluster = await getCluster(id);
  if (!cluster) throw notFound("The cluster");
  const runs = await withApprovals(await listRuns(id, 50));
  return { cluster, runs, history: await historyOf(id, runs) };
});

export const DELETE = route(endpoints.deleteCluster, async ({ params: { id } }) => {
  await deleteCluster(id);
});
