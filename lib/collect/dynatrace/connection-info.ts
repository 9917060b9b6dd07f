// GET /v1/deployment/installer/agent/connectioninfo[?networkZone=…&defaultZoneFallback=true], as the operator asks
// (pkg/clients/dynatrace/oneagent). The answer's tenantToken is a secret: it is dropped here and never stored.
import { defineCollector } from "@/lib/engine/collector";
import type { DynatraceApiError } from "./client";
import { dynatrace } from "./context";

export interface ConnectionInfoFact {
  status: number;
  error?: DynatraceApiError;
  networkZone?: string;
  tenantUUID?: string;
  /** https://host:port/communication, in the tenant's order (at most 50). */
  communicationEndpoints: string[];
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "dt.connectionInfo": ConnectionInfoFact;
  }
}

interface ConnectionInfoAnswer {
  tenantUUID?: unknown;
  communicationEndpoints?: unknown;
}

/** The OneAgent answer has an array; the ActiveGate one a comma-separated string (reference section 2.4). */
export function endpointsOf(v: unknown): string[] {
  const list = Array.isArray(v) ? v : typeof v === "string" ? v.split(/[,;]/) : [];
  return list
    .filter((e): e is string => typeof e === "string")
    .map((e) => e.trim())
    .filter((e) => /^https?:\/\//.test(e))
    .slice(0, 50);
}

export const connectionInfoCollector = defineCollector({
  id: "dynatrace.connection-info",
  produces: ["dt.connectionInfo"],
  async collect(ctx) {
    const { client, tenant } = dynatrace(ctx);
    const zone = tenant.networkZone;
    const r = await client.call<ConnectionInfoAnswer>(ctx, "GET /v1/deployment/installer/agent/connectioninfo", {
      path: "/v1/deployment/installer/agent/connectioninfo",
      query: zone ? { networkZone: zone, defaultZoneFallback: "true" } : undefined,
    });
    const fact: ConnectionInfoFact = { status: r.status, networkZone: zone, communicationEndpoints: [] };
    if (r.error) fact.error = r.error;
    if (r.body) {
      if (typeof r.body.tenantUUID === "string") fact.tenantUUID = r.body.tenantUUID.slice(0, 100);
      fact.communicationEndpoints = endpointsOf(r.body.communicationEndpoints);
    }
    return { "dt.connectionInfo": fact };
  },
});
