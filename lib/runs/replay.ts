// Replay: stored facts judged again with the current checks, under the run's plan or another one. Nothing is collected.
import { CHECKS } from "@/lib/checks/registry";
import { storedFactsSchema, type FactsFile } from "@/lib/contracts/facts-file";
import type { AnyCheck } from "@/lib/engine/check";
import type { FactStore } from "@/lib/engine/facts";
import { parsePlan, type Plan, type PlanInput } from "@/lib/engine/plan";
import { replayReadiness, type RunOutcome } from "@/lib/engine/run";
import type { FactResult, RunReport, Target } from "@/lib/engine/types";
import { redact } from "@/lib/secrets/redact";

/** Stored facts (JSON) as the engine's store; throws ZodError when they are not facts. */
export function factStoreOf(facts: unknown): FactStore {
  return new Map(Object.entries(storedFactsSchema.parse(facts)) as [string, FactResult][]);
}

/** The facts file of a run: redacted, as a run stores them. */
export function factsFileOf(outcome: RunOutcome, dtready: string): FactsFile {
  const { report } = outcome;
  return {
    kind: "dtready-facts",
    schemaVersion: 1,
    dtready,
    target: report.target,
    plan: report.plan,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    durationMs: report.durationMs,
    facts: redact(Object.fromEntries(outcome.facts)) as FactsFile["facts"],
  };
}

/** A plan for the replay: the stored one with the given fields changed (validated like any plan). */
export function replayPlan(stored: Plan, changes: PlanInput = {}): Plan {
  const given = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
  // csiDriver and codeModules say one thing twice: a change to either replaces both.
  const { csiDriver, codeModules, ...rest } = stored;
  const delivery = "csiDriver" in given || "codeModules" in given ? {} : { csiDriver, codeModules };
  return parsePlan({ ...rest, ...delivery, ...given });
}

export interface ReplayInput {
  facts: FactStore;
  target: Target;
  plan: Plan;
  replayOf: NonNullable<RunReport["replayOf"]>;
  checks?: readonly AnyCheck[];
}

export function replay(input: ReplayInput): RunReport {
  return replayReadiness({ facts: input.facts, target: input.target, plan: input.plan, checks: input.checks ?? CHECKS, replayOf: input.replayOf });
}
