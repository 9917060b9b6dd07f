"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError } from "@/lib/web/api-client";
import { formatDateTime } from "@/lib/web/format";
import { useCluster, useDeleteCluster, useRun, useStartRun } from "@/lib/web/hooks";
import { DocumentTitle } from "./document-title";
import { LatestRunSection } from "./latest-run-section";
import { PlanForm } from "./plan-form";
import { ErrorPanel, Loading } from "./query-state";
import { RunHistory } from "./run-history";

/** A cluster: plan and run, the latest run (live while running, also after a reload), and the history. */
export function ClusterView({ clusterId }: { clusterId: string }) {
  const cluster = useCluster(clusterId);
  const startRun = useStartRun(clusterId);
  const [startedRunId, setStartedRunId] = useState<string>();
  // The run this tab just started is the latest even before the cluster refetch lists it.
  const latestRunId = startedRunId ?? cluster.data?.runs[0]?.id;
  const latestRun = useRun(latestRunId);

  if (cluster.isPending) return <Loading label="Loading cluster…" />;
  if (cluster.isError) {
    const notFound = cluster.error instanceof ApiError && cluster.error.status === 404;
    return (
      <ErrorPanel title={notFound ? "This cluster does not exist (any more)" : "Could not load the cluster"} error={notFound ? null : cluster.error}>
        <Link href="/" className="mt-2 inline-block underline">
          Back to the clusters
        </Link>
      </ErrorPanel>
    );
  }

  const { cluster: info, runs, history } = cluster.data;
  const isRunning = latestRun.data?.status === "running" || runs[0]?.status === "running";

  return (
    <div className="space-y-6">
      <DocumentTitle title={info.name} />
      <div>
        <nav aria-label="Breadcrumb" className="text-xs text-slate-500">
          <Link href="/" className="hover:underline">
            Clusters
          </Link>{" "}
          / {info.name}
        </nav>
        <div className="mt-1 flex flex-wrap items-start gap-x-4 gap-y-1">
          <h1 className="text-xl font-semibold">{info.name}</h1>
          <DeleteClusterButton clusterId={info.id} name={info.name} />
        </div>
        <p className="mt-1 text-xs text-slate-600">
          Context <span className="font-mono">{info.context}</span> · API server <span className="font-mono break-all">{info.server}</span> ·
          added {formatDateTime(info.createdAt)}
        </p>
      </div>

      <PlanForm
        key={info.id}
        initialPlan={runs[0]?.plan}
        initialTenantId={runs[0]?.tenantId}
        isRunning={isRunning}
        isStarting={startRun.isPending}
        error={startRun.error?.message}
        onRun={(plan, tenantId) => startRun.mutate({ plan, tenantId }, { onSuccess: ({ runId }) => setStartedRunId(runId) })}
      />

      <LatestRunSection latestRunId={latestRunId} latestRun={latestRun} emptyText="No run yet. Choose the plan above and run the readiness check." />

      <RunHistory runs={runs} history={history} />
    </div>
  );
}

function DeleteClusterButton({ clusterId, name }: { clusterId: string; name: string }) {
  const router = useRouter();
  const remove = useDeleteCluster();
  return (
    <span className="ml-auto flex items-center gap-2">
      {remove.error ? (
        <span role="alert" className="text-xs text-red-700">
          {remove.error.message}
        </span>
      ) : null}
      <button
        type="button"
        disabled={remove.isPending}
        onClick={() => {
          if (window.confirm(`Remove ${name} and all its runs? Its stored kubeconfig is deleted too.`)) {
            remove.mutate(clusterId, { onSuccess: () => router.push("/") });
          }
        }}
        className="rounded border border-slate-300 bg-white px-2 py-1 text-xs text-slate-700 hover:border-red-300 hover:text-red-700"
      >
        Remove cluster
      </button>
    </span>
  );
}
