"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { MODE_DYNAKUBE, MODE_LABELS } from "@/lib/engine/plan";
import { ApiError, runReportUrl } from "@/lib/web/api-client";
import { formatDateTime, formatDuration } from "@/lib/web/format";
import { RUN_EXPORTS, runExportUrl } from "@/lib/web/report-exports";
import { useRun } from "@/lib/web/hooks";
import { DocumentTitle } from "./document-title";
import { InstallPlanPanel } from "./install-plan-panel";
import { ErrorPanel, Loading } from "./query-state";
import { RunBody } from "./run-body";
import { StatusCountsLine } from "./status-counts";
import { VerdictBadge } from "./verdict-badge";

/** One run at its stable URL: what was checked (target, plan), when, the verdict and the full checklist. */
export function RunView({ runId }: { runId: string }) {
  const run = useRun(runId);

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
          {r.status === "finished" ? (
            <div className="ml-auto flex flex-wrap gap-2" data-print="hide">
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

      <dl
        className={`grid gap-px overflow-hidden rounded-lg border border-slate-200 bg-slate-200 text-sm ${r.target.tenant ? "sm:grid-cols-2 lg:grid-cols-4" : "sm:grid-cols-3"}`}
      >
        <Fact title="Target">
          <Row label="Context" mono value={r.target.context} />
          <Row label="API server" mono value={r.target.server} />
        </Fact>
        {r.target.tenant ? (
          <Fact title="Dynatrace tenant">
            {r.target.tenant.name ? <Row label="Name" value={r.target.tenant.name} /> : null}
            <Row label="API URL" mono value={r.target.tenant.apiUrl} />
            <Row label="Operator token" mono value={r.target.tenant.operatorTokenPublic} />
            <Row label="Ingest token" mono value={r.target.tenant.ingestTokenPublic ?? "none"} />
            {r.target.tenant.proxy ? <Row label="Proxy" mono value={r.target.tenant.proxy} /> : null}
            {r.target.tenant.customCa ? <Row label="CA bundle" value="custom" /> : null}
            {r.target.tenant.networkZone ? <Row label="Network zone" mono value={r.target.tenant.networkZone} /> : null}
          </Fact>
        ) : null}
        <Fact title="Plan">
          <Row label="Mode" value={MODE_LABELS[r.plan.mode] ?? r.plan.mode} />
          <Row label="DynaKube" mono value={MODE_DYNAKUBE[r.plan.mode] ?? "–"} />
          <Row label="Namespace" mono value={r.plan.namespace} />
          <Row label="Operator" mono value={r.plan.operatorVersion} />
          <Row label="CSI driver" value={r.plan.csiDriver ? "on" : "off"} />
        </Fact>
        <Fact title="Timing">
          <Row label="Started" value={formatDateTime(r.startedAt)} />
          <Row label="Finished" value={formatDateTime(r.finishedAt)} />
          <Row label="Duration" value={formatDuration(r.durationMs)} />
          <div className="flex gap-2 pt-1">
            <dt className="w-20 shrink-0 text-slate-500">Results</dt>
            <dd>
              <StatusCountsLine counts={r.status === "finished" ? r.counts : null} />
            </dd>
          </div>
        </Fact>
      </dl>

      <RunBody run={r} />

      {r.status === "finished" ? <InstallPlanPanel runId={r.id} verdict={r.verdict} /> : null}
    </div>
  );
}

function Fact({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="bg-white px-3 py-2">
      <p className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</p>
      <div className="space-y-0.5 text-xs">{children}</div>
    </div>
  );
}

function Row({ label, value, mono = false }: { label: string; value: string; mono?: boolean }) {
  return (
    <div className="flex gap-2">
      <dt className="w-20 shrink-0 text-slate-500">{label}</dt>
      <dd className={`min-w-0 break-all ${mono ? "font-mono" : ""}`}>{value}</dd>
    </div>
  );
}
