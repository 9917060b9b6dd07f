import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { createAzureConnection, listAzureConnections } from "@/lib/db/azure-connections";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Azure connections without their client secret or certificate. */
export const GET = route(endpoints.listAzureConnections, async () => ({ connections: await listAzureConnections() }));

/** 400 `{error, field}` names the input to fix; the response never contains the secret. */
export const POST = route(endpoints.createAzureConnection, async ({ body }) => ({ connection: await createAzureConnection(body) }));
