import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { approvalSummaries } from "@/lib/db/approvals";
import { createCluster, listClustersWithLatestRun } from "@/lib/db/clusters";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Every kubeconfig cluster with its latest run and the decision on it. */
export const GET = route(endpoints.listClusters, async () => {
  const clusters = await listClustersWithLatestRun();
  const approvals = await approvalSummaries(clusters.flatMap((c) => (c.latestRun ? [c.latestRun.id] : [])));
  return {
    clusters: clusters.map((c) => {
      const approval = c.latestRun && approvals.get(c.latestRun.id);
      return approval ? { ...c, latestRun: { ...c.latestRun!, approval } } : c;
    }),
  };
});

/** Validates the kubeconfig and stores the chosen context, encrypted. */
export const POST = route(endpoints.createCluster, async ({ body }) => createCluster(body));
