import { readJson } from "@/lib/api/route";
import { handleShare, shareJson } from "@/lib/api/share-response";
import { z } from "zod";
import { decideThroughLink, type DecisionFields } from "@/lib/db/approvals";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type TokenParams = { params: Promise<{ token: string }> };

/** Approve or reject the run behind an active link: 201 `{ approval, state }`; 409 if the report changed since. */
export function POST(request: Request, { params }: TokenParams): Promise<Response> {
  return params.then(({ token }) =>
    handleShare(request, "POST /api/share/:token/decision", token, async (link) => {
      // decideThroughLink validates the fields ("Say why you reject (comment).").
      const input = await readJson(request, z.unknown());
      return shareJson(await decideThroughLink(link, input as DecisionFields), 201);
    }),
  );
}
