"use client";

import Link from "next/link";
import { runReportUrl } from "@/lib/web/api-client";
import { formatDateTime, formatDuration } from "@/lib/web/format";
import type { useRun } from "@/lib/web/hooks";
import { ErrorPanel, Loading } from "./query-state";
import { RunBody } from "./run-body";
import { StatusCountsLine } from "./status-counts";
import { VerdictBadge } from "./verdict-badge";

/** The "Latest run" block of a cluster page (kubeconfig or AKS): verdict line, links, then the run itself. */
export function LatestRunSection({
  latestRunId,
  latestRun,
  emptyText,
}: {
  latestRunId: string | undefined;
  latestRun: ReturnType<typeof useRun>;
  emptyText: string;
}) {
  return (
    <section aria-labelledby="latest-run-heading" className="space-y-3">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h2 id="latest-run-heading" className="text-base font-semibold">
          Latest run
        </h2>
        {latestRun.data ? (
          <>
            <VerdictBadge verdict={latestRun.data.verdict} runStatus={latestRun.data.status} />
            {latestRun.data.status === "finished" ? <StatusCountsLine counts={latestRun.data.counts} /> : null}
            <span className="text-xs text-slate-500">
              {formatDateTime(latestRun.data.startedAt)}
              {latestRun.data.durationMs !== null ? ` · ${formatDuration(latestRun.data.durationMs)}` : ""}
            </span>
            <span className="ml-auto flex gap-3 text-xs">
              <Link href={`/runs/${latestRun.data.id}`} className="text-sky-700 underline decoration-sky-300 hover:text-sky-900">
                Open run page
              </Link>
              {latestRun.data.status === "finished" ? (
                <a href={runReportUrl(latestRun.data.id)} download className="text-sky-700 underline decoration-sky-300 hover:text-sky-900">
                  Download JSON
                </a>
              ) : null}
            </span>
          </>
        ) : null}
      </div>
      {!latestRunId ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-3 py-6 text-center text-sm text-slate-500">{emptyText}</p>
      ) : latestRun.isPending ? (
        <Loading label="Loading the latest run…" />
      ) : latestRun.isError ? (
        <ErrorPanel title="Could not load the latest run" error={latestRun.error} />
      ) : (
        <RunBody run={latestRun.data} />
      )}
    </section>
  );
}
