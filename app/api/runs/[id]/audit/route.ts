import { handle, json, type IdParams } from "@/lib/api/route";
import { listAudit } from "@/lib/db/audit";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The run's audit trail, newest first: `{ events }`. */
export function GET(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "GET /api/runs/:id/audit", async () => {
    const { id } = await params;
    return json({ events: await listAudit(id) });
  });
}
