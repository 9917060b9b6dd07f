import { handle, json, readJson, type IdParams } from "@/lib/api/route";
import { createWaiver, createWaiverSchema, listWaiversOfRun } from "@/lib/db/waivers";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The waivers of the run's cluster: active, expired and revoked, newest first. */
export function GET(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "GET /api/runs/:id/waivers", async () => {
    const { id } = await params;
    return json({ waivers: await listWaiversOfRun(id) });
  });
}

/** Accepts a warn or fail of this run for its cluster: `{ checkId, justification, owner, expiresAt }` → 201 `{ waiver }`. */
export function POST(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "POST /api/runs/:id/waivers", async () => {
    const { id } = await params;
    const input = await readJson(request, createWaiverSchema);
    return json({ waiver: await createWaiver(id, input) }, 201);
  });
}
