// The data-ingest token (DynaKube secret key dataIngestToken). A classic one is looked up with the operator token as
// the operator does, or with itself when the operator token is a platform token; a platform one is only checked to
// authenticate (its ingest permissions cannot be exercised without ingesting).
import { defineCollector } from "@/lib/engine/collector";
import { dynatrace } from "./context";
import { tokenKind } from "./tenant";
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
    const ingestKind = tenant.ingestToken ? tokenKind(tenant.ingestToken) : undefined;
    const authWith = ingestKind === "platform" || tokenKind(tenant.operatorToken) === "platform" ? "ingest" : "operator";
    return { "dt.ingestToken": await lookupToken(ctx, client, tenant.ingestToken, "data-ingest token", authWith) };
  },
});
