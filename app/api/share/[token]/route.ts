import { shareJson, shareRoute } from "@/lib/api/share-response";
import { endpoints } from "@/lib/contracts/endpoints";
import { sharedRunOf } from "@/lib/db/shared-runs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The approver's view of a run: SharedRun, or 404 (unknown token) / 410 (expired, revoked) with nothing else. */
export const GET = shareRoute(endpoints.sharedRun, async ({ link }) => shareJson(await sharedRunOf(link)));
