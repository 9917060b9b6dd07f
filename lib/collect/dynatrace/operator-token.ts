// The operator token (DynaKube secret key apiToken), looked up in the tenant.
import { defineCollector } from "@/lib/engine/collector";
import { dynatrace } from "./context";
import { lookupToken, type TokenLookupFact } from "./token-lookup";

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "dt.operatorToken": TokenLookupFact;
  }
}

export const operatorTokenCollector = defineCollector({
  id: "dynatrace.operator-token",
  produces: ["dt.operatorToken"],
  async collect(ctx) {
    const { client, tenant } = dynatrace(ctx);
    return { "dt.operatorToken": await lookupToken(ctx, client, tenant.operatorToken, "operator token") };
  },
});
