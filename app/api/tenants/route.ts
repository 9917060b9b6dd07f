import { handle, json, readJson } from "@/lib/api/route";
import { createTenant, createTenantSchema, listTenants } from "@/lib/db/tenants";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Tenants with their tokens' public parts only. */
export function GET(request: Request): Promise<Response> {
  return handle(request, "GET /api/tenants", async () => json({ tenants: await listTenants() }));
}

/** 400 `{error, field}` names the input to fix; the response never contains a token. */
export function POST(request: Request): Promise<Response> {
  return handle(request, "POST /api/tenants", async () => {
    const input = await readJson(request, createTenantSchema);
    const tenant = await createTenant(input);
    return json({ tenant }, 201);
  });
}
