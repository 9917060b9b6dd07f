// A platform operator token (dt0s16…) has no scope list to look up: its permissions are proven by calling, read-only,
// what the operator calls with it (lib/data/platform-permissions.ts). The OneAgent connection info, the agent version
// and the validate-only settings write are already asked by their own collectors; this one asks the rest. A classic
// operator token's scopes come from the lookup, so nothing is asked for it here.
import { defineCollector } from "@/lib/engine/collector";
import type { PlatformProbeId } from "@/lib/data/platform-permissions";
import type { DynatraceApiError } from "./client";
import { endpointsOf } from "./connection-info";
import { dynatrace } from "./context";
import { tokenKind } from "./tenant";

export interface PlatformProbe {
  call: string;
  status: number;
  error?: DynatraceApiError;
}

export interface PlatformProbesFact {
  /** The operator token is a platform token: the probes were made. */
  applies: boolean;
  probes: Partial<Record<PlatformProbeId, PlatformProbe>>;
  /** containerImages answered 200: the component types it lists (oneagent, codemodules, activegate, …). */
  componentImages?: string[];
  /** gatewayConnectionInfo answered 200: how many communication endpoints it lists (the tenant token is dropped). */
  gatewayEndpoints?: number;
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "dt.platformProbes": PlatformProbesFact;
  }
}

export const platformProbesCollector = defineCollector({
  id: "dynatrace.platform-probes",
  produces: ["dt.platformProbes"],
  async collect(ctx) {
    const { client, tenant } = dynatrace(ctx);
    if (tokenKind(tenant.operatorToken) !== "platform") return { "dt.platformProbes": { applies: false, probes: {} } };
    const fact: PlatformProbesFact = { applies: true, probes: {} };
    const gateway = client.call<{ communicationEndpoints?: unknown }>(ctx, "GET /v1/deployment/installer/gateway/connectioninfo", {
      path: "/v1/deployment/installer/gateway/connectioninfo",
    });
    const images = client.call<{ components?: unknown }>(ctx, "GET /v2/fleetManagement/components/containerImages", { path: "/v2/fleetManagement/components/containerImages" });
    // The first page of the Kubernetes settings, object ids only: the same schema the operator reads (pkg/clients/dynatrace/settings).
    const settings = client.call<unknown>(ctx, "GET /v2/settings/objects?schemaIds=builtin:cloud.kubernetes", {
      path: "/v2/settings/objects",
      query: { schemaIds: "builtin:cloud.kubernetes", fields: "objectId", pageSize: "1" },
    });
    const [g, i, s] = await Promise.all([gateway, images, settings]);
    fact.probes.gatewayConnectionInfo = { call: "GET /v1/deployment/installer/gateway/connectioninfo", status: g.status, ...(g.error ? { error: g.error } : {}) };
    fact.probes.containerImages = { call: "GET /v2/fleetManagement/components/containerImages", status: i.status, ...(i.error ? { error: i.error } : {}) };
    fact.probes.settingsRead = { call: "GET /v2/settings/objects?schemaIds=builtin:cloud.kubernetes", status: s.status, ...(s.error ? { error: s.error } : {}) };
    // The ActiveGate answer lists its endpoints comma-separated; its tenantToken is a secret and is not kept.
    if (g.status === 200) fact.gatewayEndpoints = endpointsOf(g.body?.communicationEndpoints).length;
    if (i.status === 200) {
      const components = Array.isArray(i.body?.components) ? (i.body.components as { type?: unknown }[]) : [];
      fact.componentImages = [...new Set(components.map((c) => c.type).filter((t): t is string => typeof t === "string").map((t) => t.slice(0, 64)))].slice(0, 20);
    }
    return { "dt.platformProbes": fact };
  },
});
