import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { createTenant, listTenants } from "@/lib/db/tenants";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Saved tenants, tokens as their public parts only. */
export const GET = route(endpoints.listTenants, async () => ({ tenants: await listTenants() }));

/** 400 `{error, field}` names the input to fix; the response never contains a token. */
export const POST = route(endpoints.createTenant, async ({ body }) => ({ tenant: await createTenant(body) }));
