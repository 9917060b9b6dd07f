// The data-ingest token (DynaKube secret key dataIngestToken), looked up with the operator token as the operator does.
import { defineCollector } from "@/lib/engine/collector";
import { dynatrace } from "./context";
import { lookupToken, type TokenLookupFact } from "./token-lookup";

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "dt.ingestToken": TokenLookupFact;
  }
}

export const ingestTokenCollector = defineCollector({
  id: "dynatrace.ingest-token",
  produces: ["dt.ingestToken"],
  async collect(ctx) {
    const { client, tenant } = dynatrace(ctx);
    return { "dt.ingestToken": await lookupToken(ctx, client, tenant.ingestToken, "data-ingest token") };
  },
});
