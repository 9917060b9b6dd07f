"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { ApiError, runReportUrl } from "@/lib/web/api-client";
import { RUN_EXPORTS, runExportUrl } from "@/lib/web/report-exports";
import { formatDateTime } from "@/lib/web/format";
import { useRejudge, useRun } from "@/lib/web/hooks";
import { shareKeys, useRunApproval } from "@/lib/web/share-hooks";
import { ApprovalBadge } from "./approval-badge";
import { AuditTrail } from "./audit-trail";
import { DocumentTitle } from "./document-title";
import { InstallPlanPanel } from "./install-plan-panel";
import { ErrorPanel, Loading } from "./query-state";
import { RunBody } from "./run-body";
import { RunFacts } from "./run-facts";
import { SharePanel } from "./share-panel";
import { VerdictBadge } from "./verdict-badge";

/** One run at its stable URL: what was checked (target, plan), when, the verdict and the full checklist. */
export function RunView({ runId }: { runId: string }) {
  const run = useRun(runId);
  const finished = run.data?.status === "finished";
  const approval = useRunApproval(runId, finished);
  useRefetchSharingWhenRunChanges(runId, run.dataUpdatedAt);

  if (run.isPending) return <Loading label="Loading run…" />;
  if (run.isError) {
    const notFound = run.error instanceof ApiError && run.error.status === 404;
    return (
      <ErrorPanel title={notFound ? "This run does not exist" : "Could not load the run"} error={notFound ? null : run.error}>
        <Link href="/" className="mt-2 inline-block underline">
          Back to the clusters
        </Link>
      </ErrorPanel>
    );
  }

  const r = run.data;
  return (
    <div className="space-y-6">
      <DocumentTitle title={`Run of ${r.clusterName}`} />
      <div>
        <nav aria-label="Breadcrumb" className="text-xs text-slate-500">
          <Link href={r.aksClusterId ? "/fleet" : "/"} className="hover:underline">
            {r.aksClusterId ? "Fleet" : "Clusters"}
          </Link>{" "}
          /{" "}
          <Link href={r.aksClusterId ? `/fleet/${r.aksClusterId}` : `/clusters/${r.clusterId}`} className="hover:underline">
            {r.clusterName}
          </Link>{" "}
          / Run
        </nav>
        <div className="mt-1 flex flex-wrap items-center gap-x-4 gap-y-2">
          <h1 className="text-xl font-semibold">Readiness of {r.clusterName}</h1>
          <VerdictBadge verdict={r.verdict} runStatus={r.status} size="lg" />
          {approval.data ? <ApprovalBadge approval={approval.data} /> : null}
          {r.status === "finished" ? (
            <div className="ml-auto flex flex-wrap gap-2" data-print="hide">
              {/* The share panel sits below the long checklist: a way to it from the top. */}
              <a
                href="#share-for-approval"
                className="rounded-md border border-slate-900 bg-slate-900 px-3 py-1 text-sm font-medium text-white hover:bg-slate-700"
              >
                Share for approval
              </a>
              <RejudgeButton runId={r.id} />
              {[
                { href: runReportUrl(r.id), label: "Download JSON" },
                ...RUN_EXPORTS.map((e) => ({ href: runExportUrl(r.id, e.file), label: `Download ${e.label}`, title: e.title })),
              ].map((d) => (
                <a
                  key={d.href}
                  href={d.href}
                  download
                  title={"title" in d ? d.title : undefined}
                  className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-800 hover:bg-slate-50"
                >
                  {d.label}
                </a>
              ))}
            </div>
          ) : null}
        </div>
      </div>

      {r.replayOf ? (
        <p className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900" data-testid="rejudged-note">
          Re-judged with the checks of this dashboard version from the facts{" "}
          {r.replayOf.runId ? (
            <Link href={`/runs/${r.replayOf.runId}`} className="font-medium underline">
              of an earlier run
            </Link>
          ) : (
            "of an earlier run (since deleted)"
          )}
          , collected {formatDateTime(r.replayOf.collectedAt)}. Nothing was read from the cluster or the tenant for it.
        </p>
      ) : null}

      <RunFacts run={r} />

      <RunBody run={r} />

      {r.status === "finished" ? (
        <>
          <InstallPlanPanel runId={r.id} verdict={r.verdict} />
          <SharePanel runId={r.id} />
          <AuditTrail runId={r.id} />
        </>
      ) : null}
    </div>
  );
}

/**
 * An attestation or a waiver changes the report, hence its hash: the approval state and the audit trail
 * must be asked again whenever the run's data changes after it was first loaded.
 */
function useRefetchSharingWhenRunChanges(runId: string, runUpdatedAt: number) {
  const queryClient = useQueryClient();
  const previous = useRef(runUpdatedAt);
  useEffect(() => {
    if (previous.current && previous.current !== runUpdatedAt) void queryClient.invalidateQueries({ queryKey: shareKeys.run(runId) });
    previous.current = runUpdatedAt;
  }, [queryClient, runId, runUpdatedAt]);
}

/** Judges the run's stored facts again with the current checks and opens the new run; this run stays as it is. */
function RejudgeButton({ runId }: { runId: string }) {
  const router = useRouter();
  const rejudge = useRejudge(runId);
  return (
    <span className="flex items-center gap-2">
      <button
        type="button"
        disabled={rejudge.isPending}
        title="Judge the facts this run collected again with the current checks; nothing is read from the cluster"
        onClick={() => rejudge.mutate(undefined, { onSuccess: ({ runId: next }) => router.push(`/runs/${next}`) })}
        className="rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-50"
      >
        {rejudge.isPending ? "Re-judging…" : "Re-judge with current checks"}
      </button>
      {rejudge.error ? (
        <span role="alert" className="text-xs text-red-700">
          {rejudge.error.message}
        </span>
      ) : null}
    </span>
  );
}
