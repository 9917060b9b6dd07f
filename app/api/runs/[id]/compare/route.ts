import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { compareRunIds } from "@/lib/db/run-pairs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** `?with=<run id>`: the two runs of one cluster compared, the earlier one as the baseline. */
export const GET = route(endpoints.compareRuns, async ({ params: { id }, query }) => compareRunIds(id, query.get("with")));
