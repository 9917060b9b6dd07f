import { handle, json, readJson, type IdParams } from "@/lib/api/route";
import { z } from "zod";
import { createShareLink, listShareLinks, type CreateShareLinkFields } from "@/lib/db/share-links";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Creates a share link to a finished run: 201 `{ link }`, the only answer that ever carries the token. */
export function POST(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "POST /api/runs/:id/shares", async () => {
    const { id } = await params;
    // createShareLink validates the fields, with messages that name them.
    const input = await readJson(request, z.unknown(), { optional: true });
    return json({ link: await createShareLink(id, input as CreateShareLinkFields) }, 201);
  });
}

/** The run's links, newest first, without tokens: `{ links }`. */
export function GET(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "GET /api/runs/:id/shares", async () => {
    const { id } = await params;
    return json({ links: await listShareLinks(id) });
  });
}
