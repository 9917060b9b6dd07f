import { handleShare, shareJson } from "@/lib/api/share-response";
import { sharedRunOf } from "@/lib/db/shared-runs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type TokenParams = { params: Promise<{ token: string }> };

/** The approver's view of a run: SharedRun, or 404 (unknown token) / 410 (expired, revoked) with nothing else. */
export function GET(request: Request, { params }: TokenParams): Promise<Response> {
  return params.then(({ token }) => handleShare(request, "GET /api/share/:token", token, async (link) => shareJson(await sharedRunOf(link))));
}
