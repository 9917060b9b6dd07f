import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { deleteAzureConnection } from "@/lib/db/azure-connections";
import { forgetAzureCredential } from "@/lib/jobs/service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Deletes the connection with its discovered clusters and their runs. */
export const DELETE = route(endpoints.deleteAzureConnection, async ({ params: { id } }) => {
  await deleteAzureConnection(id);
  forgetAzureCredential(id);
});
