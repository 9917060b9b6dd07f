// Share links, decisions and the audit trail, as the API takes and returns them. A token appears only in the answer
// that creates its link.
import { z } from "zod";
import { runDetailSchema } from "./clusters";
import { installPlanSchema } from "./reports";

/** Trimmed; empty means "not given". */
const optionalText = (field: string) =>
  z
    .string({ error: `${field} must be text` })
    .trim()
    .max(100, `${field} is longer than 100 characters`)
    .optional()
    .transform((v) => (v ? v : undefined));

export const createShareLinkBody = z.object(
  {
    expiresInDays: z
      .number({ error: "expiresInDays must be a whole number of days" })
      .int("expiresInDays must be a whole number of days")
      .min(1, "expiresInDays must be between 1 and 90")
      .max(90, "expiresInDays must be between 1 and 90")
      .default(14),
    label: optionalText("label"),
    createdBy: optionalText("createdBy"),
  },
  { error: "Send the link's fields as a JSON object." },
);
export type CreateShareLinkInput = z.input<typeof createShareLinkBody>;

export const shareLinkStateSchema = z.enum(["active", "expired", "revoked"]);
export type ShareLinkState = z.infer<typeof shareLinkStateSchema>;

/** A share link as the team sees it: never its token (only shown once, at creation). */
export const shareLinkInfoSchema = z.object({
  id: z.string(),
  runId: z.string(),
  label: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastViewedAt: z.string().nullable(),
  state: shareLinkStateSchema,
});
export type ShareLinkInfo = z.infer<typeof shareLinkInfoSchema>;

/** POST /api/runs/:id/shares → 201 `{ link }`: the only answer that carries the token. */
export const createdShareLinkSchema = shareLinkInfoSchema.extend({
  token: z.string(),
  /** Where the approver opens it: `/share/<token>` (prefix it with the dashboard's origin). */
  path: z.string(),
});
export type CreatedShareLink = z.infer<typeof createdShareLinkSchema>;

export const decisionSchema = z.enum(["approve", "reject"]);
export type Decision = z.infer<typeof decisionSchema>;

export const decisionBody = z
  .object(
    {
      decision: z.enum(["approve", "reject"], { error: 'decision must be "approve" or "reject"' }),
      name: z.string({ error: "say who decides (name)" }).trim().min(1, "say who decides (name)").max(100, "name is longer than 100 characters"),
      comment: z.string({ error: "comment must be text" }).trim().max(2000, "the comment is longer than 2000 characters").default(""),
      reportHash: z.string({ error: "reportHash is missing: reload the page" }).min(1, "reportHash is missing: reload the page"),
    },
    { error: "Send the decision as a JSON object." },
  )
  .refine((d) => d.decision !== "reject" || d.comment.length > 0, { message: "Say why you reject (comment).", path: ["comment"] });
export type DecisionInput = z.input<typeof decisionBody>;

export const approvalInfoSchema = z.object({
  id: z.number(),
  decision: decisionSchema,
  name: z.string(),
  comment: z.string(),
  at: z.string(),
  /** SHA-256 (hex) of the canonical JSON report the approver saw. */
  reportHash: z.string(),
  /** The run's report still hashes to reportHash (nothing changed since the decision). */
  current: z.boolean(),
  /** The share link it was made through (its label, else its id), if that link still exists. */
  via: z.string().nullable(),
});
export type ApprovalInfo = z.infer<typeof approvalInfoSchema>;

/**
 * - awaiting: no decision on the current report (never decided, or the report changed since: see `decisions`).
 * - approved / rejected: the newest decision, made on exactly the current report.
 * - not-finished: a running or failed run cannot be approved.
 */
export const approvalStateSchema = z.enum(["not-finished", "awaiting", "approved", "rejected"]);
export type ApprovalState = z.infer<typeof approvalStateSchema>;

export const runApprovalSchema = z.object({
  state: approvalStateSchema,
  /** Hash of the current report; null until the run finished. */
  reportHash: z.string().nullable(),
  /** Newest first. */
  decisions: z.array(approvalInfoSchema),
  /** Newest first. */
  links: z.array(shareLinkInfoSchema),
});
export type RunApproval = z.infer<typeof runApprovalSchema>;

export const decisionResultSchema = z.object({ approval: approvalInfoSchema, state: approvalStateSchema });

export const AUDIT_KINDS = ["share-created", "share-viewed", "share-revoked", "approved", "rejected", "waiver-created", "waiver-revoked", "attested"] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export const auditEntrySchema = z.object({
  id: z.number(),
  kind: z.enum(AUDIT_KINDS),
  actor: z.string().nullable(),
  detail: z.string().nullable(),
  shareLinkId: z.string().nullable(),
  at: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/**
 * GET /api/share/:token → 200 SharedRun. An unknown or altered token → 404 `{ error: "This link does not exist." }`;
 * an expired or revoked one → 410 `{ error, state: "expired" | "revoked" }` and nothing else.
 */
export const sharedRunSchema = z.object({
  run: runDetailSchema,
  approval: runApprovalSchema.pick({ state: true, reportHash: true, decisions: true }),
  link: z.object({ label: z.string().nullable(), expiresAt: z.string() }),
  /** Present when the verdict allows an install (lib/report/install-plan.ts). */
  installPlan: installPlanSchema.optional(),
});
export type SharedRun = z.infer<typeof sharedRunSchema>;
