import type { IdParams } from "@/lib/api/route";
import { reportDownload } from "@/lib/api/report-download";
import { markdownApprovalOf } from "@/lib/db/approvals";
import { toMarkdown } from "@/lib/report/markdown";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The Markdown report, for change tickets (attestations, waivers and decisions included), as a download. */
export function GET(request: Request, { params }: IdParams): Promise<Response> {
  return reportDownload(request, params, {
    route: "GET /api/runs/:id/report.md",
    extension: "md",
    contentType: "text/markdown; charset=utf-8",
    // With the decisions on the run and the hash they are bound to, so a change ticket carries the approval.
    render: async (report, runId) => toMarkdown(report, await markdownApprovalOf(runId, report)),
  });
}
