import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { revokeWaiver } from "@/lib/db/waivers";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Ends a waiver now. */
export const POST = route(endpoints.revokeWaiver, async ({ params: { id }, body }) => ({ waiver: await revokeWaiver(id, body) }));
