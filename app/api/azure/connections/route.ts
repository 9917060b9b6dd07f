import { handle, json, readJson } from "@/lib/api/route";
import { createAzureConnection, createAzureConnectionSchema, listAzureConnections } from "@/lib/db/azure-connections";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Azure connections without their client secret or certificate. */
export function GET(request: Request): Promise<Response> {
  return handle(request, "GET /api/azure/connections", async () => json({ connections: await listAzureConnections() }));
}

/** 400 `{error, field}` names the input to fix; the response never contains the secret. */
export function POST(request: Request): Promise<Response> {
  return handle(request, "POST /api/azure/connections", async () => {
    const input = await readJson(request, createAzureConnectionSchema);
    const connection = await createAzureConnection(input);
    return json({ connection }, 201);
  });
}
