import { handle, type IdParams } from "@/lib/api/route";
import { deleteTenant } from "@/lib/db/tenants";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Runs planned with the tenant stay, with the tenant's summary in their target. */
export function DELETE(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "DELETE /api/tenants/:id", async () => {
    const { id } = await params;
    await deleteTenant(id);
    return new Response(null, { status: 204 });
  });
}
