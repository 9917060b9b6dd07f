import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { startRun } from "@/lib/jobs/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Starts a run, with a saved tenant when `tenantId` is given; it executes in the server process, not tied to this request. */
export const POST = route(endpoints.startRun, async ({ params: { id }, body }) => ({ runId: await startRun(id, body.plan, body.tenantId) }));
