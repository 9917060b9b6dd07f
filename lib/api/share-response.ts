import "server-only";
// Answers behind a share-link token. Every answer, success or refusal, carries the same headers: not
// cached, not indexed, and no Referer that would carry the token to another site. An unknown, malformed
// or altered token gets one fixed answer, byte for byte, so a guess learns nothing.
import { HttpError, json, route, type RouteHandler, type RouteInput } from "@/lib/api/route";
import type { Endpoint } from "@/lib/contracts/endpoints";
import { DataError } from "@/lib/db/errors";
import { lookupShareToken, shareTokenHash, type ShareLookup } from "@/lib/db/share-links";
import type { ShareLink } from "@/lib/generated/prisma/client";

export const SHARE_HEADERS = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex" } as const;
export const LINK_NOT_FOUND = "This link does not exist.";

export function shareJson(body: unknown, status = 200): Response {
  return json(body, status, SHARE_HEADERS);
}

/** The refusal for a token that does not open an active link; nothing about the run. */
function refusalOf(found: Exclude<ShareLookup, { kind: "active" }>): Response {
  if (found.kind === "missing") return shareJson({ error: LINK_NOT_FOUND }, 404);
  const verb = found.kind === "expired" ? "expired" : "was revoked";
  return shareJson({ error: `This link ${verb} on ${found.at.toISOString()}.`, state: found.kind }, 410);
}

/**
 * A route handler for an endpoint behind a share token (`access: "share-link"`, path `/api/share/:token...`).
 * Refuses tokens that do not open an active link, adds the share headers to every answer, and keeps the token and its
 * hash out of whatever an unexpected error makes the error handler log (the log names the route pattern only).
 */
export function shareRoute<E extends Endpoint<`/api/share/:token${string}`>>(
  endpoint: E,
  handler: (input: RouteInput<E> & { link: ShareLink }) => Promise<Response>,
): RouteHandler<E> {
  const inner = route(endpoint, async (input) => {
    const token = (input.params as unknown as { token: string }).token;
    try {
      const found = await lookupShareToken(token);
      return found.kind === "active" ? await handler({ ...input, link: found.link }) : refusalOf(found);
    } catch (err) {
      throw scrubbed(err, token);
    }
  });
  return async (request, context) => withShareHeaders(await inner(request, context));
}

function scrubbed(err: unknown, token: string): unknown {
  if (err instanceof HttpError || err instanceof DataError || !(err instanceof Error) || !token) return err;
  const hash = shareTokenHash(token);
  const safe = new Error(err.message.split(token).join("[share token]").split(hash).join("[share token hash]"));
  safe.name = err.name;
  return safe;
}

function withShareHeaders(response: Response): Response {
  for (const [k, v] of Object.entries(SHARE_HEADERS)) response.headers.set(k, v);
  return response;
}
