import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { createWaiver, listWaiversOfRun } from "@/lib/db/waivers";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Every waiver of the run's cluster (active, expired, revoked), newest first. */
export const GET = route(endpoints.listWaivers, async ({ params: { id } }) => ({ waivers: await listWaiversOfRun(id) }));

/** Accepts a warn or fail of this run for its cluster until an expiry. */
export const POST = route(endpoints.createWaiver, async ({ params: { id }, body }) => ({ waiver: await createWaiver(id, body) }));
