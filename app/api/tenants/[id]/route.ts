import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { deleteTenant } from "@/lib/db/tenants";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Deletes the tenant; its runs stay, unlinked. */
export const DELETE = route(endpoints.deleteTenant, async ({ params: { id } }) => {
  await deleteTenant(id);
});
