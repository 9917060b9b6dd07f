import "server-only";
// One run's report as a file download, in any export format: the same name scheme as report.json
// (dtready-<cluster>-<run id>.<ext>), attestations applied by reportOf, never cached.
import { reportOf } from "@/lib/db/run-reports";
import type { RunReport } from "@/lib/engine/types";

/** A finished run's report as a file named dtready-<cluster>-<run id>.<ext>, never cached. */
export async function reportDownload(runId: string, extension: string, contentType: string, render: (report: RunReport) => string | Promise<string>): Promise<Response> {
  const report = await reportOf(runId);
  return new Response(await render(report), {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": `attachment; filename="${reportFileName(report.target.name, runId, extension)}"`,
      "Cache-Control": "no-store",
    },
  });
}

export function reportFileName(cluster: string, runId: string, extension: string): string {
  const name = cluster.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "cluster";
  return `dtready-${name}-${runId.replace(/[^A-Za-z0-9_-]/g, "")}.${extension}`;
}
