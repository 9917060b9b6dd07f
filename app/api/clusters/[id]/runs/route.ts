import { z } from "zod";
import { handle, json, readJson, type IdParams } from "@/lib/api/route";
import type { PlanInput } from "@/lib/engine/plan";
import { startRun } from "@/lib/jobs/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// The plan itself is validated by startRun (planSchema), which names the offending field.
const bodySchema = z.object({ plan: z.record(z.string(), z.unknown()).optional(), tenantId: z.string().min(1).optional() });

/** Starts a run, with a saved tenant when `tenantId` is given; it executes in the server process, not tied to this request. */
export function POST(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "POST /api/clusters/:id/runs", async () => {
    const { id } = await params;
    const body = await readJson(request, bodySchema, { optional: true });
    const runId = await startRun(id, body.plan as PlanInput | undefined, body.tenantId);
    return json({ runId }, 202);
  });
}
