import { reportDownload } from "@/lib/api/report-download";
import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { markdownApprovalOf } from "@/lib/db/approvals";
import { toMarkdown } from "@/lib/report/markdown";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The Markdown report, for change tickets (attestations, waivers and decisions included), as a download. */
export const GET = route(endpoints.reportMarkdown, ({ params: { id } }) =>
  // With the decisions on the run and the hash they are bound to, so a change ticket carries the approval.
  reportDownload(id, "md", "text/markdown; charset=utf-8", async (report) => toMarkdown(report, await markdownApprovalOf(id, report))),
);
