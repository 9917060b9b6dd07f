import { handle, type IdParams } from "@/lib/api/route";
import { reportOf } from "@/lib/db/run-reports";
import { stringifyJsonReport } from "@/lib/report/json";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The JSON report contract (DESIGN.md), attestations applied, as a download. */
export function GET(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "GET /api/runs/:id/report.json", async () => {
    const { id } = await params;
    const report = await reportOf(id);
    const cluster = report.target.name.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "cluster";
    return new Response(stringifyJsonReport(report), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="dtready-${cluster}-${id.replace(/[^A-Za-z0-9_-]/g, "")}.json"`,
        "Cache-Control": "no-store",
      },
    });
  });
}
