import { handle, json, type IdParams } from "@/lib/api/route";
import { revokeShareLink } from "@/lib/db/share-links";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Revokes a link by its id: `{ link }`; 409 if it was already revoked, 404 if unknown. */
export function POST(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "POST /api/shares/:id/revoke", async () => {
    const { id } = await params;
    return json({ link: await revokeShareLink(id) });
  });
}
