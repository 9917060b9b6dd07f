import type { IdParams } from "@/lib/api/route";
import { reportDownload } from "@/lib/api/report-download";
import { stringifySarif } from "@/lib/report/sarif";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The SARIF 2.1.0 report, for CI systems and code-scanning dashboards (attestations applied), as a download. */
export function GET(request: Request, { params }: IdParams): Promise<Response> {
  return reportDownload(request, params, {
    route: "GET /api/runs/:id/report.sarif",
    extension: "sarif",
    contentType: "application/sarif+json; charset=utf-8",
    render: stringifySarif,
  });
}
