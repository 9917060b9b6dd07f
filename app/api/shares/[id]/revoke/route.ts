import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { revokeShareLink } from "@/lib/db/share-links";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Revokes a link by its id: it stops opening at once. */
export const POST = route(endpoints.revokeShareLink, async ({ params: { id } }) => ({ link: await revokeShareLink(id) }));
