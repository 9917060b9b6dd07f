import { handle, json, readJson, type IdParams } from "@/lib/api/route";
import { revokeWaiver, revokeWaiverSchema } from "@/lib/db/waivers";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Ends a waiver now (optional body `{ by }`, recorded in the run's audit trail) → `{ waiver }`. */
export function POST(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "POST /api/waivers/:id/revoke", async () => {
    const { id } = await params;
    const input = await readJson(request, revokeWaiverSchema, { optional: true });
    return json({ waiver: await revokeWaiver(id, input) });
  });
}
