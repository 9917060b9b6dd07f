import { z } from "zod";
import { handle, json, readJson } from "@/lib/api/route";
import { startFleetRuns } from "@/lib/jobs/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const fleetCheckSchema = z.object({
  clusterIds: z.array(z.string().min(1)).min(1, "choose at least one cluster").max(500, "at most 500 clusters at once"),
  // Validated by the run service with the plan schema (the message names the field).
  plan: z.record(z.string(), z.unknown()).optional(),
  tenantId: z.string().min(1).optional(),
});

/** Starts one run per AKS cluster; a few execute at once, the rest wait their turn. 202 with the run ids. */
export function POST(request: Request): Promise<Response> {
  return handle(request, "POST /api/fleet/check", async () => {
    const input = await readJson(request, fleetCheckSchema);
    const runs = await startFleetRuns([...new Set(input.clusterIds)], input.plan, input.tenantId);
    return json({ runs }, 202);
  });
}
