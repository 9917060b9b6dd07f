import { handle, json, type IdParams } from "@/lib/api/route";
import { compareRunIds } from "@/lib/db/run-pairs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Compares the run with `?with=<other run id>` of the same cluster (400 when the clusters differ). */
export function GET(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "GET /api/runs/:id/compare", async () => {
    const { id } = await params;
    return json(await compareRunIds(id, new URL(request.url).searchParams.get("with")));
  });
}
