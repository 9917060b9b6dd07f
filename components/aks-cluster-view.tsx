"use client";

import Link from "next/link";
import { useState } from "react";
import { ApiError } from "@/lib/web/api-client";
import { formatDateTime, formatRelative } from "@/lib/web/format";
import { useAksCluster, useCheckFleet, useRun } from "@/lib/web/hooks";
import { DocumentTitle } from "./document-title";
import { LatestRunSection } from "./latest-run-section";
import { PlanForm } from "./plan-form";
import { ErrorPanel, Loading } from "./query-state";
import { RunHistory } from "./run-history";

/** A discovered AKS cluster: what Resource Manager says about it, plan and run, the latest run and the history. */
export function AksClusterView({ clusterId }: { clusterId: string }) {
  const detail = useAksCluster(clusterId);
  const check = useCheckFleet();
  const [startedRunId, setStartedRunId] = useState<string>();
  const latestRunId = startedRunId ?? detail.data?.runs[0]?.id;
  const latestRun = useRun(latestRunId);

  if (detail.isPending) return <Loading label="Loading the AKS cluster…" />;
  if (detail.isError) {
    const notFound = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <ErrorPanel title={notFound ? "This AKS cluster is not in the fleet (any more)" : "Could not load the AKS cluster"} error={notFound ? null : detail.error}>
        <Link href="/fleet" className="mt-2 inline-block underline">
          Back to the fleet
        </Link>
      </ErrorPanel>
    );
  }

  const { cluster: c, runs, history } = detail.data;
  const isRunning = latestRun.data?.status === "running" || runs[0]?.status === "running";

  return (
    <div className="space-y-6">
      <DocumentTitle title={c.name} />
      <div>
        <nav aria-label="Breadcrumb" className="text-xs text-slate-500">
          <Link href="/fleet" className="hover:underline">
            Fleet
          </Link>{" "}
          / {c.name}
        </nav>
        <h1 className="mt-1 text-xl font-semibold">{c.name}</h1>
        <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs sm:grid-cols-[max-content_1fr_max-content_1fr]">
          <dt className="text-slate-500">Subscription</dt>
          <dd>
            {c.subscriptionName} <span className="font-mono text-slate-500">{c.subscriptionId}</span>
          </dd>
          <dt className="text-slate-500">Resource group</dt>
          <dd className="font-mono">{c.resourceGroup}</dd>
          <dt className="text-slate-500">Region</dt>
          <dd>{c.location}</dd>
          <dt className="text-slate-500">Kubernetes</dt>
          <dd className="font-mono">{c.kubernetesVersion ?? "unknown"}</dd>
          <dt className="text-slate-500">Power state</dt>
          <dd>
            {c.powerState ?? "unknown"}
            {c.provisioningState ? ` · ${c.provisioningState}` : ""}
          </dd>
          <dt className="text-slate-500">API server</dt>
          <dd className="font-mono break-all">
            {c.fqdn ?? "–"}
            {c.private ? " (private)" : ""}
          </dd>
          <dt className="text-slate-500">Connection</dt>
          <dd>
            <Link href="/azure" className="hover:underline">
              {c.connectionName}
            </Link>
          </dd>
          <dt className="text-slate-500">Discovered</dt>
          <dd title={formatDateTime(c.discoveredAt)}>
            {formatRelative(c.discoveredAt)}
            {c.missing ? " (not found at the last discovery)" : ""}
          </dd>
        </dl>
        {c.powerState === "Stopped" ? (
          <p className="mt-2 rounded border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900">
            This cluster is stopped: its API server cannot be reached, so only what Resource Manager knows can be checked. Start it
            (az aks start) and check again.
          </p>
        ) : null}
      </div>

      <PlanForm
        key={c.id}
        initialPlan={runs[0]?.plan}
        initialTenantId={runs[0]?.tenantId}
        isRunning={isRunning}
        isStarting={check.isPending}
        error={check.error?.message}
        onRun={(plan, tenantId) =>
          check.mutate({ clusterIds: [c.id], plan, tenantId }, { onSuccess: ({ runs: started }) => setStartedRunId(started[0]?.runId) })
        }
      />

      <LatestRunSection latestRunId={latestRunId} latestRun={latestRun} emptyText="Not checked yet. Choose the plan above and run the readiness check." />

      <RunHistory runs={runs} history={history} />
    </div>
  );
}
