// Dynatrace tenant connections as the API takes and returns them: tokens go in, only their public parts come out.
import { z } from "zod";

// Strings only, so that a wrong value is judged by parseTenantInput, which names the field.
export const createTenantBody = z.object({
  name: z.string(),
  apiUrl: z.string(),
  operatorToken: z.string(),
  ingestToken: z.string().optional(),
  proxyUrl: z.string().optional(),
  caBundle: z.string().max(1024 * 1024, "the CA bundle is larger than 1 MiB").optional(),
  networkZone: z.string().optional(),
});
export type CreateTenantInput = z.input<typeof createTenantBody>;

/** A stored tenant connection as the browser sees it: tokens as their public parts only. */
export const tenantInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  apiUrl: z.string(),
  operatorTokenPublic: z.string(),
  ingestTokenPublic: z.string().optional(),
  /** Without credentials. */
  proxy: z.string().optional(),
  customCa: z.boolean(),
  networkZone: z.string().optional(),
  createdAt: z.string(),
});
export type TenantInfo = z.infer<typeof tenantInfoSchema>;
