"use client";

import Link from "next/link";
import { useState } from "react";
import { MODE_LABELS } from "@/lib/engine/plan";
import type { RunHistoryInfo, RunSummary } from "@/lib/contracts";
import { formatDateTime, formatDuration } from "@/lib/web/format";
import { previousFinishedRun } from "@/lib/report/compare";
import { ApprovalSummaryText } from "./approval-summary";
import { RunHistoryStrip } from "./run-history-strip";
import { StatusCountsLine } from "./status-counts";
import { VerdictBadge } from "./verdict-badge";

/** A cluster's runs, newest first, each linking to its stable URL; any two finished runs can be compared. */
export function RunHistory({ runs, history }: { runs: RunSummary[]; history?: RunHistoryInfo }) {
  // The runs picked for a comparison, in the order picked; a third pick replaces the oldest pick.
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-2)));
  return (
    <section aria-labelledby="run-history-heading" className="rounded-lg border border-slate-200 bg-white">
      <h2 id="run-history-heading" className="border-b border-slate-200 px-3 py-2 text-sm font-semibold">
        Run history
        {history && history.total > runs.length ? (
          <span data-testid="run-history-total" className="ml-2 text-xs font-normal text-slate-500">
            the newest {runs.length} of {history.total.toLocaleString("en-US")} runs
          </span>
        ) : null}
      </h2>
      {runs.length === 0 ? (
        <p data-testid="run-history" className="px-3 py-4 text-sm text-slate-500">
          No runs yet.
        </p>
      ) : (
        <div className="overflow-x-auto">
          <RunHistoryStrip runs={runs} history={history} />
          <p className="flex items-center gap-2 px-3 py-1.5 text-xs text-slate-600" data-print="hide">
            {picked.length === 2 ? (
              <Link
                href={`/runs/${picked[0]}/compare?with=${picked[1]}`}
                data-testid="compare-picked"
                className="rounded-md bg-slate-900 px-2 py-0.5 font-medium text-white hover:bg-slate-700"
              >
                Compare the two picked runs
              </Link>
            ) : (
              <span>Pick two finished runs to compare them ({picked.length} of 2).</span>
            )}
          </p>
          <table data-testid="run-history" className="w-full text-left text-sm">
            <thead className="text-xs text-slate-500">
              <tr className="border-b border-slate-200">
                <th scope="col" className="w-8 px-3 py-1.5 font-medium">
                  <span className="sr-only">Pick to compare</span>
                </th>
                <th scope="col" className="px-3 py-1.5 font-medium">Started</th>
                <th scope="col" className="px-3 py-1.5 font-medium">Verdict</th>
                <th scope="col" className="px-3 py-1.5 font-medium">Approval</th>
                <th scope="col" className="px-3 py-1.5 font-medium">Results</th>
                <th scope="col" className="px-3 py-1.5 font-medium">Plan</th>
                <th scope="col" className="px-3 py-1.5 text-right font-medium">Duration</th>
                <th scope="col" className="px-3 py-1.5 font-medium">
                  <span className="sr-only">Compare</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id} data-run-id={run.id} className="border-b border-slate-100 last:border-b-0 hover:bg-slate-50">
                  <td className="px-3 py-1.5">
                    {run.status === "finished" ? (
                      <input
                        type="checkbox"
                        aria-label={`Pick the run of ${formatDateTime(run.startedAt)} to compare`}
                        data-testid="pick-run"
                        checked={picked.includes(run.id)}
                        onChange={() => toggle(run.id)}
                      />
                    ) : null}
                  </td>
                  <td className="px-3 py-1.5 whitespace-nowrap">
                    <Link href={`/runs/${run.id}`} className="text-sky-700 underline decoration-sky-300 hover:text-sky-900">
                      {formatDateTime(run.startedAt)}
                    </Link>
                  </td>
                  <td className="px-3 py-1.5">
                    <VerdictBadge verdict={run.verdict} runStatus={run.status} size="sm" testId="run-history-verdict" />
                  </td>
                  <td className="px-3 py-1.5 text-xs whitespace-nowrap">
                    <ApprovalSummaryText approval={run.approval} />
                  </td>
                  <td className="px-3 py-1.5">
                    <StatusCountsLine counts={run.status === "finished" ? run.counts : null} />
                  </td>
                  <td className="px-3 py-1.5 text-xs whitespace-nowrap text-slate-600">
                    {MODE_LABELS[run.plan.mode] ?? run.plan.mode} · <span className="font-mono">{run.plan.namespace}</span> ·{" "}
                    {run.plan.operatorVersion}
                    {run.tenant ? <> · tenant {run.tenant}</> : null}
                  </td>
                  <td className="px-3 py-1.5 text-right text-xs whitespace-nowrap text-slate-600 tabular-nums">
                    {formatDuration(run.durationMs)}
                  </td>
                  <td className="px-3 py-1.5 text-xs whitespace-nowrap">
                    <CompareWithPrevious runs={runs} run={run} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CompareWithPrevious({ runs, run }: { runs: RunSummary[]; run: RunSummary }) {
  const previous = run.status === "finished" ? previousFinishedRun(runs, run.id) : undefined;
  if (!previous) return null;
  return (
    <Link
      href={`/runs/${run.id}/compare?with=${previous.id}`}
      data-testid="compare-with-previous"
      className="text-sky-700 underline decoration-sky-300 hover:text-sky-900"
    >
      compare with previous
    </Link>
  );
}
