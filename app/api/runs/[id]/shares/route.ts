import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { createShareLink, listShareLinks } from "@/lib/db/share-links";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Creates a share link to a finished run: 201 `{ link }`, the only answer that ever carries the token. */
export const POST = route(endpoints.createShareLink, async ({ params: { id }, body }) => ({ link: await createShareLink(id, body) }));

/** The run's links, newest first, without tokens: `{ links }`. */
export const GET = route(endpoints.listShareLinks, async ({ params: { id } }) => ({ links: await listShareLinks(id) }));
