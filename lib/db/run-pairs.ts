import "server-only";
// Loads two runs of the same cluster for a comparison: the API route and the compare page share it.
import type { RunPairComparison, RunRef } from "@/lib/contracts/reports";
import { compareRuns } from "@/lib/report/compare";
import { badRequest, conflict, notFound } from "./errors";
import { getRun } from "./run-reads";
import type { RunDetail } from "@/lib/contracts";

const ref = (r: RunDetail): RunRef => ({ id: r.id, startedAt: r.startedAt, verdict: r.verdict, counts: r.counts });

/** Compares two finished runs of one cluster, the earlier one as the baseline, whatever the argument order. */
export async function compareRunIds(runId: string, withId: string | null | undefined): Promise<RunPairComparison> {
  if (!withId) throw badRequest("Say which run to compare with (?with=<run id>).");
  if (withId === runId) throw badRequest("A run compared with itself shows nothing; pick another run of the same cluster.");
  const now = new Date();
  const [a, b] = await Promise.all([getRun(runId, now, { progress: false }), getRun(withId, now, { progress: false })]);
  if (!a) throw notFound("The run");
  if (!b) throw notFound("The run to compare with");
  if (a.clusterId !== b.clusterId) throw badRequest("Both runs must belong to the same cluster.");
  for (const r of [a, b]) if (r.status !== "finished" || !r.verdict) throw conflict(`Run ${r.id} is ${r.status}; only finished runs can be compared.`);
  const [older, newer] = a.startedAt <= b.startedAt ? [a, b] : [b, a];
  return {
    clusterId: a.clusterId,
    clusterName: a.clusterName,
    older: ref(older),
    newer: ref(newer),
    comparison: compareRuns({ verdict: older.verdict!, checks: older.checks }, { verdict: newer.verdict!, checks: newer.checks }),
  };
}
