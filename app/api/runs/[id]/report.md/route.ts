import type { IdParams } from "@/lib/api/route";
import { reportDownload } from "@/lib/api/report-download";
import { toMarkdown } from "@/lib/report/markdown";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The Markdown report, for change tickets (attestations applied), as a download. */
export function GET(request: Request, { params }: IdParams): Promise<Response> {
  return reportDownload(request, params, {
    route: "GET /api/runs/:id/report.md",
    extension: "md",
    contentType: "text/markdown; charset=utf-8",
    render: toMarkdown,
  });
}
