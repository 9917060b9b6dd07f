import { handle, json, type IdParams } from "@/lib/api/route";
import { approvalOf } from "@/lib/db/approvals";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** RunApproval: the state on the current report, every decision and every link (newest first). */
export function GET(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "GET /api/runs/:id/approval", async () => {
    const { id } = await params;
    return json(await approvalOf(id));
  });
}
