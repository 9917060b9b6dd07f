import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { notFound } from "@/lib/db/errors";
import { getRun } from "@/lib/db/run-reads";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The run with its results (attestations and active waivers applied) and its progress so far. */
export const GET = route(endpoints.getRun, async ({ params: { id } }) => {
  const run = await getRun(id);
  if (!run) throw notFound("The run");
  return { run };
});
