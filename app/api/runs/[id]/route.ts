import { errorJson, handle, json, type IdParams } from "@/lib/api/route";
import { getRun } from "@/lib/db/run-reads";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "GET /api/runs/:id", async () => {
    const { id } = await params;
    const run = await getRun(id);
    if (!run) return errorJson(404, "The run was not found");
    return json({ run });
  });
}
