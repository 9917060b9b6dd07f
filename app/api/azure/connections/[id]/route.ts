import { handle, type IdParams } from "@/lib/api/route";
import { deleteAzureConnection } from "@/lib/db/azure-connections";
import { forgetAzureCredential } from "@/lib/jobs/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Deletes the connection with its discovered clusters and their runs. */
export function DELETE(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "DELETE /api/azure/connections/:id", async () => {
    const { id } = await params;
    await deleteAzureConnection(id);
    forgetAzureCredential(id);
    return new Response(null, { status: 204 });
  });
}
