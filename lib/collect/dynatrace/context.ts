import type { CollectContext } from "@/lib/engine/collector";
import { CollectError } from "@/lib/engine/errors";
import type { DynatraceClient } from "./client";
import type { TenantConnection } from "./tenant";

/** The run's Dynatrace client and (secret) connection; a run without a tenant has neither. */
export function dynatrace(ctx: CollectContext): { client: DynatraceClient; tenant: TenantConnection } {
  const client = ctx.clients.dynatrace;
  const tenant = ctx.clients.tenant;
  if (!client || !tenant) throw new CollectError("error", "no Dynatrace tenant is connected to this run");
  return { client, tenant };
}
