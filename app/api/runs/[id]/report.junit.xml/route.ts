import type { IdParams } from "@/lib/api/route";
import { reportDownload } from "@/lib/api/report-download";
import { toJunit } from "@/lib/report/junit";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The JUnit XML report, for CI systems (attestations applied), as a download. */
export function GET(request: Request, { params }: IdParams): Promise<Response> {
  return reportDownload(request, params, {
    route: "GET /api/runs/:id/report.junit.xml",
    extension: "junit.xml",
    contentType: "application/xml; charset=utf-8",
    render: toJunit,
  });
}
