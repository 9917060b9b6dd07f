// Waivers as the API takes and returns them.
import { z } from "zod";

export const createWaiverBody = z.object({
  checkId: z.string().trim().min(1, "say which check to waive (checkId)"),
  justification: z
    .string()
    .trim()
    .min(10, "the justification needs at least 10 characters: say why the risk is accepted")
    .max(2000, "the justification is longer than 2000 characters"),
  owner: z.string().trim().min(1, "say who owns the accepted risk (owner)").max(100, "owner is longer than 100 characters"),
  expiresAt: z.string().trim().min(1, "say until when the waiver applies (expiresAt)"),
});
export type CreateWaiverInput = z.input<typeof createWaiverBody>;

export const revokeWaiverBody = z.object({ by: z.string().trim().max(100, "by is longer than 100 characters").optional() });
export type RevokeWaiverInput = z.input<typeof revokeWaiverBody>;

export const waiverStateSchema = z.enum(["active", "expired", "revoked"]);
export type WaiverState = z.infer<typeof waiverStateSchema>;

/** A waiver as the API returns it (POST/GET /api/runs/:id/waivers, POST /api/waivers/:id/revoke). */
export const waiverInfoSchema = z.object({
  id: z.string(),
  checkId: z.string(),
  owner: z.string(),
  justification: z.string(),
  /** The run it was created from (the id stays even if that run is deleted later). */
  runId: z.string().nullable(),
  clusterId: z.string().nullable(),
  aksClusterId: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  state: waiverStateSchema,
});
export type WaiverInfo = z.infer<typeof waiverInfoSchema>;
