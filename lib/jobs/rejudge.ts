import "server-only";
// "Re-judge with current checks": a finished run's stored facts judged again, under its plan or a changed one, stored
// as a new run of the same cluster. Nothing is collected and the original run is left as it is.
import { ZodError } from "zod";
import { parseInput, ValidationError } from "@/lib/contracts/validation";
import { conflict, notFound } from "@/lib/db/errors";
import { runWithFacts } from "@/lib/db/run-reports";
import { storedPlanSchema, type PlanInput } from "@/lib/contracts/plan";
import { targetSchema } from "@/lib/contracts/target";
import { createRejudgedRun } from "@/lib/db/run-writes";
import { factStoreOf, replay, replayPlan } from "@/lib/runs/replay";

/** Returns the new run's id. 404 unknown run; 409 a run that is not finished or has no stored facts. */
export async function rejudgeRun(runId: string, planChanges: PlanInput = {}): Promise<string> {
  const run = await runWithFacts(runId);
  if (!run) throw notFound("The run");
  if (run.status !== "finished") throw conflict(`The run is ${run.status}; only a finished run's facts can be judged again.`);
  if (!run.factsJson) throw conflict("The run has no stored facts to judge again; start a new run instead.");
  const plan = parseInput(storedPlanSchema, JSON.parse(run.planJson), "plan");
  // The changed plan is validated like any plan (known release, DNS names); the error names the field at fault.
  let judgedPlan;
  try {
    judgedPlan = replayPlan(plan, planChanges);
  } catch (err) {
    throw err instanceof ZodError ? ValidationError.of(err, "plan") : err;
  }
  const collectedAt = run.factsCollectedAt ?? run.startedAt;
  const report = replay({
    facts: factStoreOf(JSON.parse(run.factsJson)),
    target: targetSchema.parse(JSON.parse(run.targetJson)),
    plan: judgedPlan,
    replayOf: { runId: run.id, collectedAt: collectedAt.toISOString() },
  });
  return createRejudgedRun({
    of: { id: run.id, clusterId: run.clusterId, aksClusterId: run.aksClusterId, tenantId: run.tenantId, factsJson: run.factsJson, collectedAt },
    report,
  });
}
