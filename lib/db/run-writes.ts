import "server-only";
// Writing runs: created when started, their progress events appended, and finished with their redacted results and
// facts (or failed). The Run row keeps the verdict and counts for listings (with attestations, without waivers:
// listings apply the active waivers when they read, see verdictsWithWaivers in waivers.ts).
import type { Plan } from "@/lib/engine/plan";
import type { RunOutcome } from "@/lib/engine/run";
import type { CheckResult, RunReport, Target } from "@/lib/engine/types";
import { countByStatus } from "@/lib/engine/verdict";
import type { RunStreamEvent } from "@/lib/contracts/results";
import { redact, redactText } from "@/lib/secrets/redact";
import { db } from "./client";

/** A run belongs to a kubeconfig cluster (clusterId) or to a discovered AKS cluster (aksClusterId). */
export async function createRun(input: { clusterId?: string; aksClusterId?: string; tenantId?: string; plan: Plan; target: Target }): Promise<string> {
  const row = await db().run.create({
    data: {
      clusterId: input.clusterId ?? null,
      aksClusterId: input.aksClusterId ?? null,
      tenantId: input.tenantId ?? null,
      status: "running",
      planJson: JSON.stringify(input.plan),
      targetJson: JSON.stringify(input.target),
    },
    select: { id: true },
  });
  return row.id;
}

export async function appendRunEvent(runId: string, seq: number, event: RunStreamEvent): Promise<void> {
  await db().runEvent.create({ data: { runId, seq, payload: JSON.stringify(redact(event)) } });
}

/** A (redacted) check result as its CheckResult row. */
export function checkResultRow(runId: string, c: CheckResult, position: number) {
  return {
    runId,
    checkId: c.id,
    position,
    status: c.status,
    severity: c.severity,
    section: c.section,
    title: c.title,
    summary: c.summary,
    checklistItem: c.checklistItem ?? null,
    evidenceJson: JSON.stringify(c.evidence),
    remediationJson: JSON.stringify(c.remediation),
    reason: c.reason ?? null,
    durationMs: c.durationMs,
  };
}

/** Persists the results, the redacted facts they were judged on, counts and verdict. */
export async function finishRun(runId: string, outcome: RunOutcome): Promise<void> {
  const { report } = outcome;
  const checks = report.checks.map((c) => redact(c));
  await db().$transaction([
    db().checkResult.createMany({ data: checks.map((c, position) => checkResultRow(runId, c, position)) }),
    db().run.update({
      where: { id: runId },
      data: {
        status: "finished",
        verdict: report.verdict,
        factsJson: JSON.stringify(redact(Object.fromEntries(outcome.facts))),
        countsJson: JSON.stringify(countByStatus(checks)),
        finishedAt: new Date(report.finishedAt),
        durationMs: report.durationMs,
      },
    }),
  ]);
}

/**
 * Stores a re-judgement of another run's facts as a run of its own (finished at once): the same cluster, tenant and
 * target, the plan it was judged under, a copy of the facts, and when they were collected. The original stays as it is.
 */
export async function createRejudgedRun(input: {
  of: { id: string; clusterId: string | null; aksClusterId: string | null; tenantId: string | null; factsJson: string; collectedAt: Date };
  report: RunReport;
}): Promise<string> {
  const { of, report } = input;
  const checks = report.checks.map((c) => redact(c));
  return db().$transaction(async (tx) => {
    const row = await tx.run.create({
      data: {
        clusterId: of.clusterId,
        aksClusterId: of.aksClusterId,
        tenantId: of.tenantId,
        status: "finished",
        verdict: report.verdict,
        planJson: JSON.stringify(report.plan),
        targetJson: JSON.stringify(report.target),
        factsJson: of.factsJson,
        replayOfId: of.id,
        factsCollectedAt: of.collectedAt,
        countsJson: JSON.stringify(countByStatus(checks)),
        startedAt: new Date(report.startedAt),
        finishedAt: new Date(report.finishedAt),
        durationMs: report.durationMs,
      },
      select: { id: true },
    });
    await tx.checkResult.createMany({ data: checks.map((c, position) => checkResultRow(row.id, c, position)) });
    return row.id;
  });
}

export async function failRun(runId: string, message: string): Promise<void> {
  const run = await db().run.findUnique({ where: { id: runId }, select: { startedAt: true } });
  if (!run) return;
  const finishedAt = new Date();
  await db().run.update({
    where: { id: runId },
    data: {
      status: "failed",
      error: redactText(message),
      finishedAt,
      durationMs: finishedAt.getTime() - run.startedAt.getTime(),
    },
  });
}

/** Runs left `running` by a process that ended (crash, restart) can never finish: mark them failed. */
export async function markInterruptedRuns(exceptIds: readonly string[] = []): Promise<number> {
  const { count } = await db().run.updateMany({
    where: { status: "running", id: { notIn: [...exceptIds] } },
    data: { status: "failed", error: "The run was interrupted by a server restart; start it again.", finishedAt: new Date() },
  });
  return count;
}
