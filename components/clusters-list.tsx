"use client";

import Link from "next/link";
import { formatDateTime, formatRelative } from "@/lib/web/format";
import { useClusters } from "@/lib/web/hooks";
import { ErrorPanel, Loading } from "./query-state";
import { ApprovalSummaryText } from "./approval-summary";
import { StatusCountsLine } from "./status-counts";
import { VerdictBadge } from "./verdict-badge";

/** Every connected cluster with the verdict of its latest run. */
export function ClustersList() {
  const clusters = useClusters();

  if (clusters.isPending) return <Loading label="Loading clusters…" />;
  if (clusters.isError) return <ErrorPanel title="Could not load the clusters" error={clusters.error} />;

  if (clusters.data.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
        <p className="font-medium">No clusters yet</p>
        <p className="mt-1 text-sm text-slate-600">Connect a cluster with its kubeconfig to check it against the Dynatrace Operator prerequisites.</p>
        <Link href="/clusters/new" className="mt-4 inline-block rounded-md bg-slate-900 px-4 py-1.5 text-sm font-semibold text-white hover:bg-slate-700">
          Add a cluster
        </Link>
      </div>
    );
  }

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-left text-sm" aria-label="Clusters">
        <thead className="text-xs text-slate-500">
          <tr className="border-b border-slate-200">
            <th scope="col" className="px-3 py-2 font-medium">Cluster</th>
            <th scope="col" className="px-3 py-2 font-medium">Latest verdict</th>
            <th scope="col" className="px-3 py-2 font-medium">Approval</th>
            <th scope="col" className="px-3 py-2 font-medium">Results</th>
            <th scope="col" className="px-3 py-2 font-medium">Last run</th>
            <th scope="col" className="px-3 py-2 font-medium">API server</th>
          </tr>
        </thead>
        <tbody>
          {clusters.data.map((cluster) => (
            <tr key={cluster.id} data-cluster-id={cluster.id} className="border-b border-slate-100 last:border-b-0 hover:bg-slate-50">
              <td className="px-3 py-2">
                <Link href={`/clusters/${cluster.id}`} className="font-medium text-sky-700 underline decoration-sky-300 hover:text-sky-900">
                  {cluster.name}
                </Link>
                <span className="block font-mono text-xs text-slate-500">{cluster.context}</span>
              </td>
              <td className="px-3 py-2">
                {cluster.latestRun ? (
                  <VerdictBadge verdict={cluster.latestRun.verdict} runStatus={cluster.latestRun.status} size="sm" />
                ) : (
                  <span className="text-xs text-slate-500">Not checked yet</span>
                )}
              </td>
              <td className="px-3 py-2 text-xs whitespace-nowrap">
                <ApprovalSummaryText approval={cluster.latestRun?.approval} />
              </td>
              <td className="px-3 py-2">
                <StatusCountsLine counts={cluster.latestRun?.counts} />
              </td>
              <td className="px-3 py-2 text-xs whitespace-nowrap text-slate-600">
                {cluster.latestRun ? (
                  <Link href={`/runs/${cluster.latestRun.id}`} title={formatDateTime(cluster.latestRun.startedAt)} className="hover:underline">
                    {formatRelative(cluster.latestRun.startedAt)}
                  </Link>
                ) : (
                  "–"
                )}
              </td>
              <td className="max-w-72 truncate px-3 py-2 font-mono text-xs text-slate-600" title={cluster.server}>
                {cluster.server}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
