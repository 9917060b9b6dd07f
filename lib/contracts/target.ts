// The target of a run as it is stored (Run.targetJson), written to a facts file and shown: never a credential.
import { z } from "zod";
import type { Target } from "@/lib/engine/types";

const tenantSummarySchema = z.object({
  tenantId: z.string().optional(),
  name: z.string().optional(),
  apiUrl: z.string(),
  operatorTokenPublic: z.string(),
  ingestTokenPublic: z.string().optional(),
  proxy: z.string().optional(),
  customCa: z.boolean(),
  networkZone: z.string().optional(),
});

export const targetSchema = z.object({
  kind: z.enum(["kubeconfig", "aks"]),
  clusterId: z.string().optional(),
  name: z.string(),
  context: z.string(),
  server: z.string(),
  aks: z
    .object({
      subscriptionId: z.string(),
      resourceGroup: z.string(),
      name: z.string(),
      connectionId: z.string().optional(),
      location: z.string().optional(),
    })
    .optional(),
  tenant: tenantSummarySchema.optional(),
});

// The engine owns the Target type; this keeps the schema and the type from drifting apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _targetMatches: Same<z.infer<typeof targetSchema>, Target> = true;
void _targetMatches;
