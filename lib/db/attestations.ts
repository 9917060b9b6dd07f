import "server-only";
// Attestations: a person confirms an open manual item of a finished run. Each one changes the report (and so any
// approval of it), so it is written with its audit row in one transaction.
import { applyAttestations, countByStatus, verdictOf } from "@/lib/engine/verdict";
import { attestBody, parseInput, type AttestInput, type RunDetail } from "@/lib/contracts";
import { db } from "./client";
import { badRequest, conflict, notFound } from "./errors";
import { attestationsOf, getRun, loadRun, toCheckResult } from "./run-reads";

/** Attests an open manual item of a finished run; returns the run with the verdict recomputed. */
export async function addAttestation(runId: string, input: AttestInput): Promise<RunDetail> {
  const { checkId, by, note } = parseInput(attestBody, input);
  const run = await loadRun(runId);
  if (!run) throw notFound("The run");
  if (run.status !== "finished") throw conflict(`The run is ${run.status}; only a finished run's manual items can be attested.`);
  const check = run.checks.find((c) => c.checkId === checkId);
  if (!check || check.status !== "manual") {
    throw badRequest(`${checkId} is not a manual item of this run; only manual items can be attested.`);
  }
  const existing = run.attestations.find((a) => a.checkId === checkId);
  if (existing) throw conflict(`${checkId} was already attested by ${existing.by} at ${existing.at.toISOString()}.`);

  const at = new Date();
  const attestations = [...attestationsOf(run), { checkId, by, note, at: at.toISOString() }];
  const checks = applyAttestations(run.checks.map(toCheckResult), attestations);
  await db().$transaction([
    db().attestation.create({ data: { runId, checkId, by, note, at } }),
    // An attestation changes the report (and so any approval of it): the audit trail says who and when.
    db().auditEvent.create({ data: { runId, kind: "attested", actor: by, detail: `${checkId}${note ? `: ${note.slice(0, 200)}` : ""}`, at } }),
    db().run.update({ where: { id: runId }, data: { verdict: verdictOf(checks), countsJson: JSON.stringify(countByStatus(checks)) } }),
  ]);
  return (await getRun(runId))!;
}
