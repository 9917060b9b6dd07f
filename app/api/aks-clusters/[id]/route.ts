import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { getAksClusterDetail } from "@/lib/db/aks-clusters";
import { notFound } from "@/lib/db/errors";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A discovered AKS cluster and its runs, newest first. */
export const GET = route(endpoints.getAksCluster, async ({ params: { id } }) => {
  const detail = await getAksClusterDetail(id);
  if (!detail) throw notFound("The AKS cluster");
  return detail;
});
