// The engine's results as they cross a boundary (stored columns, API answers, the event stream). Each schema is tied to
// the engine's own type at compile time, so the two cannot drift apart.
import { z } from "zod";
import type { CheckResult, ProgressEvent, Status, Verdict } from "@/lib/engine/types";
import { STATUSES } from "@/lib/engine/types";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compile-time proof that a schema describes exactly an engine type. */
export function sameAs<A, B>(proof: Same<A, B>): void {
  void proof;
}

export const statusSchema = z.enum(STATUSES as unknown as [Status, ...Status[]]);
export const VERDICTS = ["not-ready", "incomplete", "ready-with-warnings", "ready"] as const satisfies readonly Verdict[];
export const verdictSchema = z.enum(VERDICTS);
export const sectionSchema = z.enum(["tenant", "cluster", "network", "resources", "deployment-mode", "additional"]);
export const severitySchema = z.enum(["blocking", "advisory"]);

export const statusCountsSchema = z.object({
  pass: z.number(),
  warn: z.number(),
  fail: z.number(),
  unknown: z.number(),
  "not-applicable": z.number(),
  manual: z.number(),
});

export const evidenceSchema = z.object({ label: z.string(), value: z.string(), detail: z.string().optional() });
export const remediationSchema = z.object({
  text: z.string(),
  commands: z.array(z.string()),
  docs: z.array(z.object({ title: z.string(), url: z.string() })),
});

export const checkResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  section: sectionSchema,
  status: statusSchema,
  severity: severitySchema,
  summary: z.string(),
  evidence: z.array(evidenceSchema),
  remediation: remediationSchema,
  durationMs: z.number(),
  reason: z.string().optional(),
  checklistItem: z
    .enum(["environment", "tokens", "kubernetes-version", "network-access", "permissions", "deployment-mode", "storage-planning", "resource-limits"])
    .optional(),
  attestation: z.object({ checkId: z.string(), by: z.string(), at: z.string(), note: z.string() }).optional(),
  waiver: z.object({ id: z.string(), owner: z.string(), justification: z.string(), createdAt: z.string(), expiresAt: z.string() }).optional(),
});
sameAs<z.infer<typeof checkResultSchema>, CheckResult>(true);

const plannedCheckSchema = z.object({ id: z.string(), title: z.string(), section: sectionSchema });

export const progressEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("planned"), checks: z.array(plannedCheckSchema), collectors: z.array(z.string()) }),
  z.object({ type: z.literal("collector-started"), collector: z.string() }),
  z.object({ type: z.literal("collector-finished"), collector: z.string(), ok: z.boolean(), durationMs: z.number() }),
  z.object({ type: z.literal("check-finished"), id: z.string(), status: statusSchema }),
  z.object({ type: z.literal("finished"), verdict: verdictSchema, durationMs: z.number() }),
]);
sameAs<z.infer<typeof progressEventSchema>, ProgressEvent>(true);

/** What the run event stream (GET /api/runs/:id/events) carries: progress, plus `failed` when a run could not complete. */
export const runStreamEventSchema = z.union([progressEventSchema, z.object({ type: z.literal("failed"), message: z.string() })]);
export type RunStreamEvent = z.infer<typeof runStreamEventSchema>;
export type RunFailedEvent = Extract<RunStreamEvent, { type: "failed" }>;

/** Events after which the stream ends. */
export function isTerminal(e: RunStreamEvent): boolean {
  return e.type === "finished" || e.type === "failed";
}
