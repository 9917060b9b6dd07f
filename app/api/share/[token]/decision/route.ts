import { shareJson, shareRoute } from "@/lib/api/share-response";
import { endpoints } from "@/lib/contracts/endpoints";
import { decideThroughLink } from "@/lib/db/approvals";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Approve or reject the run behind an active link: 201 `{ approval, state }`; 409 if the report changed since. */
export const POST = shareRoute(endpoints.decide, async ({ link, body }) => shareJson(await decideThroughLink(link, body), 201));
