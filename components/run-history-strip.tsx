import Link from "next/link";
import { sinceLastReady } from "@/lib/report/compare";
import { STATUSES, type Status } from "@/lib/engine/types";
import type { RunHistoryInfo, RunSummary } from "@/lib/contracts";
import { formatDateTime } from "@/lib/web/format";
import { RUN_FAILED_TONE, RUNNING_TONE, STATUS_TONES, VERDICT_TONES } from "./status-meta";

/**
 * Verdict and result counts over time, oldest left: one column per run, a verdict dot on top and a bar
 * stacked by status (fail at the top) whose height is the number of checks. Pure CSS.
 */
export function RunHistoryStrip({ runs, history }: { runs: RunSummary[]; history?: RunHistoryInfo }) {
  const shown = [...runs].reverse();
  const max = Math.max(1, ...shown.map((r) => total(r)));
  // The server finds the last ready run even when it is older than the listed runs.
  const listed = sinceLastReady(runs);
  const since = history
    ? history.sinceLastReady && { latestId: history.sinceLastReady.latestId, readyId: history.sinceLastReady.readyId, readyStartedAt: history.sinceLastReady.readyStartedAt }
    : listed && { latestId: listed.latest.id, readyId: listed.ready.id, readyStartedAt: listed.ready.startedAt };
  return (
    <div className="space-y-2 border-b border-slate-200 px-3 py-2">
      <ol aria-label="Verdict and results over time, oldest first" data-testid="run-history-strip" className="flex h-16 items-end gap-0.5 overflow-x-auto">
        {shown.map((r) => {
          const tone = r.status === "running" ? RUNNING_TONE : r.status === "failed" || !r.verdict ? RUN_FAILED_TONE : VERDICT_TONES[r.verdict];
          const n = total(r);
          const label = `${formatDateTime(r.startedAt)}: ${tone.label}${r.status === "finished" ? `, ${STATUSES.filter((s) => r.counts[s]).map((s) => `${r.counts[s]} ${STATUS_TONES[s].label.toLowerCase()}`).join(", ")}` : ""}`;
          return (
            <li key={r.id} className="flex h-full w-3 shrink-0 flex-col items-center justify-end gap-0.5">
              <Link href={`/runs/${r.id}`} title={label} aria-label={label} className="flex h-full w-full flex-col justify-end">
                <span className="flex w-full flex-col overflow-hidden rounded-sm" style={{ height: `${Math.max(4, (n / max) * 100)}%` }}>
                  {r.status === "finished"
                    ? STATUSES.filter((s) => r.counts[s]).map((s: Status) => (
                        <span key={s} className={STATUS_TONES[s].dot} style={{ flexGrow: r.counts[s] }} />
                      ))
                    : <span className="flex-1 bg-slate-200" />}
                </span>
                <span aria-hidden="true" className={`mt-0.5 h-1.5 w-full rounded-sm ${tone.dot}`} />
              </Link>
            </li>
          );
        })}
      </ol>
      {since ? (
        <p className="text-xs">
          <Link
            href={`/runs/${since.latestId}/compare?with=${since.readyId}`}
            data-testid="since-last-ready"
            className="text-sky-700 underline decoration-sky-300 hover:text-sky-900"
          >
            What changed since the last ready run ({formatDateTime(since.readyStartedAt)})
          </Link>
        </p>
      ) : null}
    </div>
  );
}

function total(r: RunSummary): number {
  return r.status === "finished" ? STATUSES.reduce((sum, s) => sum + (r.counts[s] ?? 0), 0) : 0;
}
