import { errorJson, handle, type IdParams } from "@/lib/api/route";
import { getRunStatus } from "@/lib/db/run-reads";
import { runEventStream } from "@/lib/jobs/stream";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Server-sent events: `data: <event JSON>` for every event so far, then live ones; ends after finished/failed. */
export function GET(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "GET /api/runs/:id/events", async () => {
    const { id } = await params;
    if (!(await getRunStatus(id))) return errorJson(404, "The run was not found");
    return new Response(runEventStream(id, request.signal), {
      headers: {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        Connection: "keep-alive",
        "X-Accel-Buffering": "no",
      },
    });
  });
}
