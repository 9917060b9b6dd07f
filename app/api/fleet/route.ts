import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { listFleet } from "@/lib/db/aks-clusters";
import { approvalSummaries } from "@/lib/db/approvals";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Every discovered AKS cluster with its latest run (verdict, when, and the decision on it). */
export const GET = route(endpoints.listFleet, async () => {
  const clusters = await listFleet();
  const approvals = await approvalSummaries(clusters.flatMap((c) => (c.latestVerdict ? [c.latestVerdict.runId] : [])));
  return {
    clusters: clusters.map((c) => {
      const approval = c.latestVerdict && approvals.get(c.latestVerdict.runId);
      return approval ? { ...c, latestVerdict: { ...c.latestVerdict!, approval } } : c;
    }),
  };
});
