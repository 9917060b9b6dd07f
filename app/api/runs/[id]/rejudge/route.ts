import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { rejudgeRun } from "@/lib/jobs/rejudge";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Judges a finished run's stored facts again with the current checks (optionally under a changed plan): 201 `{ runId }` of the new run. */
export const POST = route(endpoints.rejudge, async ({ params: { id }, body }) => ({ runId: await rejudgeRun(id, body.plan) }));
