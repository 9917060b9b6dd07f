import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { startFleetRuns } from "@/lib/jobs/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Starts one run per AKS cluster; a few execute at once, the rest wait their turn. 202 with the run ids. */
export const POST = route(endpoints.checkFleet, async ({ body }) => ({ runs: await startFleetRuns([...new Set(body.clusterIds)], body.plan, body.tenantId) }));
