import "server-only";
// One run's report as a file download, in any export format: the same name scheme as report.json
// (dtready-<cluster>-<run id>.<ext>), attestations applied by reportOf, never cached.
import { handle } from "@/lib/api/route";
import { reportOf } from "@/lib/db/run-reports";
import type { RunReport } from "@/lib/engine/types";

export interface ReportDownload {
  /** Route label for the logs, e.g. "GET /api/runs/:id/report.md". */
  route: string;
  extension: string;
  contentType: string;
  render(report: RunReport, runId: string): string | Promise<string>;
}

export function reportDownload(request: Request, params: Promise<{ id: string }>, d: ReportDownload): Promise<Response> {
  return handle(request, d.route, async () => {
    const { id } = await params;
    const report = await reportOf(id);
    return new Response(await d.render(report, id), {
      headers: {
        "Content-Type": d.contentType,
        "Content-Disposition": `attachment; filename="${reportFileName(report.target.name, id, d.extension)}"`,
        "Cache-Control": "no-store",
      },
    });
  });
}

export function reportFileName(cluster: string, runId: string, extension: string): string {
  const name = cluster.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "cluster";
  return `dtready-${name}-${runId.replace(/[^A-Za-z0-9_-]/g, "")}.${extension}`;
}
