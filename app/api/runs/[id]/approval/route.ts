import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { approvalOf } from "@/lib/db/approvals";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The run's approval state, its decisions and its share links (newest first). */
export const GET = route(endpoints.approval, async ({ params: { id } }) => approvalOf(id));
