// POST /v2/settings/objects?validateOnly=true with the builtin:cloud.kubernetes registration the operator writes
// (pkg/clients/dynatrace/settings, reference section 2.4): the tenant validates it and answers whether the token
// may write it, and stores nothing.
import { defineCollector } from "@/lib/engine/collector";
import type { DynatraceApiError } from "./client";
import { dynatrace } from "./context";

export interface SettingsWriteFact {
  status: number;
  /** 200: writing is permitted; 403: the token lacks settings.write; otherwise undecided. */
  permitted?: boolean;
  error?: DynatraceApiError;
  schemaId: string;
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "dt.settingsWrite": SettingsWriteFact;
  }
}

export const KUBERNETES_SETTINGS_SCHEMA = "builtin:cloud.kubernetes";

/** The registration body; clusterId is a placeholder (validate-only: the tenant checks the shape, nothing is written). */
export function registrationBody(label: string) {
  return [
    {
      schemaId: KUBERNETES_SETTINGS_SCHEMA,
      schemaVersion: "3.0.0",
      value: { label: label.slice(0, 100) || "dtready", clusterId: "00000000-0000-0000-0000-000000000000", clusterIdEnabled: true, enabled: true },
    },
  ];
}

export const settingsWriteCollector = defineCollector({
  id: "dynatrace.settings-write",
  produces: ["dt.settingsWrite"],
  async collect(ctx) {
    const { client } = dynatrace(ctx);
    const r = await client.call<unknown>(ctx, "POST /v2/settings/objects?validateOnly=true", {
      method: "POST",
      path: "/v2/settings/objects",
      query: { validateOnly: "true" },
      body: registrationBody(ctx.target.name),
    });
    const fact: SettingsWriteFact = { status: r.status, schemaId: KUBERNETES_SETTINGS_SCHEMA };
    if (r.status === 200) fact.permitted = true;
    else if (r.status === 403) fact.permitted = false;
    if (r.error) fact.error = r.error;
    return { "dt.settingsWrite": fact };
  },
});
