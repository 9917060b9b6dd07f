import "server-only";
// Answers behind a share-link token. Every answer, success or refusal, carries the same headers: not
// cached, not indexed, and no Referer that would carry the token to another site. An unknown, malformed
// or altered token gets one fixed answer, byte for byte, so a guess learns nothing.
import { handle, HttpError, json } from "@/lib/api/route";
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
 * Runs a share-token handler: `name` is the route pattern (never the token). Refuses tokens that do not
 * open an active link, adds the share headers to every answer, and keeps the token and its hash out of
 * whatever an unexpected error makes handle() log.
 */
export function handleShare(request: Request, name: string, token: string, fn: (link: ShareLink) => Promise<Response>): Promise<Response> {
  return handle(request, name, async () => {
    try {
      const found = await lookupShareToken(token);
      return found.kind === "active" ? await fn(found.link) : refusalOf(found);
    } catch (err) {
      throw scrubbed(err, token);
    }
  }).then(withShareHeaders);
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
