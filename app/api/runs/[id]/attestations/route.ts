import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { addAttestation } from "@/lib/db/attestations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Attests an open manual item; answers the run with the verdict recomputed. */
export const POST = route(endpoints.attest, async ({ params: { id }, body }) => ({ run: await addAttestation(id, body) }));
