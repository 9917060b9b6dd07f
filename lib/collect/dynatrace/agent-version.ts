// GET /v1/deployment/installer/agent/unix/default/latest/metainfo?bitness=64&flavor=default: the latest OneAgent
// version, the same call as the operator's troubleshoot "API connectivity" step (reference section 1.2, step 6).
import { defineCollector } from "@/lib/engine/collector";
import type { DynatraceApiError } from "./client";
import { dynatrace } from "./context";

export interface AgentVersionFact {
  status: number;
  error?: DynatraceApiError;
  latestAgentVersion?: string;
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "dt.agentVersion": AgentVersionFact;
  }
}

export const agentVersionCollector = defineCollector({
  id: "dynatrace.agent-version",
  produces: ["dt.agentVersion"],
  async collect(ctx) {
    const { client } = dynatrace(ctx);
    const r = await client.call<{ latestAgentVersion?: unknown }>(ctx, "GET /v1/deployment/installer/agent/unix/default/latest/metainfo", {
      path: "/v1/deployment/installer/agent/unix/default/latest/metainfo",
      query: { bitness: "64", flavor: "default" },
    });
    const fact: AgentVersionFact = { status: r.status };
    if (r.error) fact.error = r.error;
    const v = r.body?.latestAgentVersion;
    if (typeof v === "string" && v.trim()) fact.latestAgentVersion = v.trim().slice(0, 64);
    return { "dt.agentVersion": fact };
  },
});
