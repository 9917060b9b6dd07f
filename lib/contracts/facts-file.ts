// `dtready check --facts-out FILE` writes what a run was judged on; `dtready replay FILE` judges it again. The file
// holds the redacted facts with the target and plan, never a credential.
import { z } from "zod";
import { planSchema } from "@/lib/engine/plan";
import { FACT_ERROR_KINDS } from "@/lib/engine/types";
import { targetSchema } from "./target";


const factSourceSchema = z.object({
  collector: z.string(),
  requests: z.array(z.string()),
  plan: z.record(z.string(), z.unknown()).optional(),
});

export const factResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown(), source: factSourceSchema, durationMs: z.number() }),
  z.object({ ok: z.literal(false), error: z.object({ kind: z.enum(FACT_ERROR_KINDS), message: z.string() }), source: factSourceSchema, durationMs: z.number() }),
]);

/** Stored facts, keyed by fact (Run.factsJson, and the facts of a facts file). */
export const storedFactsSchema = z.record(z.string(), factResultSchema);

export const FACTS_FILE_KIND = "dtready-facts";

export const factsFileSchema = z.object({
  kind: z.literal(FACTS_FILE_KIND),
  schemaVersion: z.literal(1),
  /** The dtready version that collected them. */
  dtready: z.string(),
  target: targetSchema,
  /** The plan the run was made for; a replay may judge the facts under another. */
  plan: planSchema,
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  facts: storedFactsSchema,
});

export type FactsFile = z.infer<typeof factsFileSchema>;
