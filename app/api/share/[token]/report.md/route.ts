import { reportFileName } from "@/lib/api/report-download";
import { shareRoute } from "@/lib/api/share-response";
import { endpoints } from "@/lib/contracts/endpoints";
import { markdownApprovalOf } from "@/lib/db/approvals";
import { reportOf } from "@/lib/db/run-reports";
import { toMarkdown } from "@/lib/report/markdown";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The shared run's Markdown report, for the approver's change ticket; refused like the page for a bad token. */
export const GET = shareRoute(endpoints.sharedReportMarkdown, async ({ link }) => {
  const report = await reportOf(link.runId);
  return new Response(toMarkdown(report, await markdownApprovalOf(link.runId, report)), {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${reportFileName(report.target.name, link.runId, "md")}"`,
    },
  });
});
