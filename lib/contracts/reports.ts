// What the report features answer: a comparison of two runs and the install plan. Built by lib/report; described here.
import { z } from "zod";
import { sectionSchema, statusCountsSchema, statusSchema, verdictSchema } from "./results";

const checkRef = { id: z.string(), title: z.string(), section: sectionSchema };
export const statusChangeSchema = z.object({ ...checkRef, from: statusSchema, to: statusSchema });
export type StatusChange = z.infer<typeof statusChangeSchema>;
export const presenceChangeSchema = z.object({ ...checkRef, status: statusSchema });
export type PresenceChange = z.infer<typeof presenceChangeSchema>;
export const evidenceChangeSchema = z.object({
  ...checkRef,
  status: statusSchema,
  /** Evidence labels whose value differs, was added or was removed; "Waiver" when the check became waived or its waiver ended. */
  labels: z.array(z.string()),
});
export type EvidenceChange = z.infer<typeof evidenceChangeSchema>;

export const runComparisonSchema = z.object({
  verdict: z.object({ from: verdictSchema, to: verdictSchema, changed: z.boolean() }),
  worse: z.array(statusChangeSchema),
  better: z.array(statusChangeSchema),
  appeared: z.array(presenceChangeSchema),
  disappeared: z.array(presenceChangeSchema),
  evidenceChanged: z.array(evidenceChangeSchema),
  unchanged: z.number(),
});
export type RunComparison = z.infer<typeof runComparisonSchema>;

const runRefSchema = z.object({ id: z.string(), startedAt: z.string(), verdict: verdictSchema.nullable(), counts: statusCountsSchema });
export type RunRef = z.infer<typeof runRefSchema>;

export const runPairComparisonSchema = z.object({
  clusterId: z.string(),
  clusterName: z.string(),
  older: runRefSchema,
  newer: runRefSchema,
  comparison: runComparisonSchema,
});
export type RunPairComparison = z.infer<typeof runPairComparisonSchema>;

export const installPlanSectionSchema = z.object({
  id: z.enum(["namespace", "tokens", "trusted-ca", "proxy", "helm", "dynakube", "tolerations"]),
  title: z.string(),
  language: z.enum(["yaml", "shell", "text"]),
  content: z.string(),
  /** What to check or replace before running it. */
  notes: z.array(z.string()),
});
export type InstallPlanSection = z.infer<typeof installPlanSectionSchema>;

export const installPlanSchema = z.discriminatedUnion("available", [
  z.object({ available: z.literal(true), verdict: verdictSchema, sections: z.array(installPlanSectionSchema), text: z.string() }),
  z.object({ available: z.literal(false), verdict: verdictSchema, reason: z.string() }),
]);
export type InstallPlan = z.infer<typeof installPlanSchema>;
