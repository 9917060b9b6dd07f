import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { notFound } from "@/lib/db/errors";
import { getRunStatus } from "@/lib/db/run-reads";
import { runEventStream } from "@/lib/jobs/stream";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Server-sent events: `data: <event JSON>` for every event so far, then live ones; ends after finished/failed. */
export const GET = route(endpoints.runEvents, async ({ request, params: { id } }) => {
  if (!(await getRunStatus(id))) throw notFound("The run");
  return new Response(runEventStream(id, request.signal), {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
});
