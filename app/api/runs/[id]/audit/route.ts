import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { listAudit } from "@/lib/db/audit";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The run's audit trail, newest first. */
export const GET = route(endpoints.audit, async ({ params: { id } }) => ({ events: await listAudit(id) }));
