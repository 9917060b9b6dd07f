import { reportFileName } from "@/lib/api/report-download";
import { handleShare } from "@/lib/api/share-response";
import { reportOf } from "@/lib/db/run-reports";
import { markdownApprovalOf } from "@/lib/db/approvals";
import { toMarkdown } from "@/lib/report/markdown";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type TokenParams = { params: Promise<{ token: string }> };

/** The shared run's Markdown report, for the approver's change ticket; refused like the page for a bad token. */
export function GET(request: Request, { params }: TokenParams): Promise<Response> {
  return params.then(({ token }) =>
    handleShare(request, "GET /api/share/:token/report.md", token, async (link) => {
      const report = await reportOf(link.runId);
      return new Response(toMarkdown(report, await markdownApprovalOf(link.runId, report)), {
        headers: {
          "Content-Type": "text/markdown; charset=utf-8",
          "Content-Disposition": `attachment; filename="${reportFileName(report.target.name, link.runId, "md")}"`,
        },
      });
    }),
  );
}
