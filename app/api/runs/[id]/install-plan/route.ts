import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { reportOf } from "@/lib/db/run-reports";
import { installPlanOf } from "@/lib/report/install-plan";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The install plan of a finished run: `{available, sections, text}` or `{available: false, reason}`.
 * `?format=md` downloads the combined text as install-plan.md.
 */
export const GET = route(endpoints.installPlan, async ({ params: { id }, query }) => {
  const plan = installPlanOf(await reportOf(id));
  if (query.get("format") !== "md") return plan;
  const text = plan.available ? plan.text : `# Install plan withheld\n\n${plan.reason}\n`;
  return new Response(text, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": 'attachment; filename="install-plan.md"',
      "Cache-Control": "no-store",
    },
  });
});
