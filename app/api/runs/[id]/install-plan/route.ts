import { handle, json, type IdParams } from "@/lib/api/route";
import { reportOf } from "@/lib/db/run-reports";
import { installPlanOf } from "@/lib/report/install-plan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The install plan of a finished run: `{available, sections, text}` or `{available: false, reason}`.
 * `?format=md` downloads the combined text as install-plan.md.
 */
export function GET(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "GET /api/runs/:id/install-plan", async () => {
    const { id } = await params;
    const plan = installPlanOf(await reportOf(id));
    if (new URL(request.url).searchParams.get("format") === "md") {
      const text = plan.available ? plan.text : `# Install plan withheld\n\n${plan.reason}\n`;
      return new Response(text, {
        headers: {
          "Content-Type": "text/markdown; charset=utf-8",
          "Content-Disposition": 'attachment; filename="install-plan.md"',
          "Cache-Control": "no-store",
        },
      });
    }
    return json(plan);
  });
}
