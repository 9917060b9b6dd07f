"use client";

import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { MODE_LABELS, MODES, type Mode } from "@/lib/engine/plan";
import type { FleetCluster } from "@/lib/contracts";
import { formatDateTime, formatRelative } from "@/lib/web/format";
import { useCheckFleet, useFleet, useTenants } from "@/lib/web/hooks";
import { ApprovalSummaryText } from "./approval-summary";
import { ErrorPanel, Loading } from "./query-state";
import { VerdictBadge } from "./verdict-badge";

/** Every discovered AKS cluster with its latest verdict and its age; check one, or several at once. */
export function FleetView() {
  const fleet = useFleet();
  const tenants = useTenants();
  const check = useCheckFleet();
  const [subscription, setSubscription] = useState("");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [mode, setMode] = useState<Mode>("application");
  const [tenantId, setTenantId] = useState("");
  // Re-render every 30 s so "checked 3 min ago" stays true without refetching.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);

  const subscriptions = useMemo(() => {
    const m = new Map<string, string>();
    for (const c of fleet.data ?? []) m.set(c.subscriptionId, c.subscriptionName);
    return [...m].sort((a, b) => a[1].localeCompare(b[1]));
  }, [fleet.data]);

  if (fleet.isPending) return <Loading label="Loading the fleet…" />;
  if (fleet.isError) return <ErrorPanel title="Could not load the fleet" error={fleet.error} />;
  if (fleet.data.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
        <p className="font-medium">No AKS cluster discovered yet</p>
        <p className="mt-1 text-sm text-slate-600">Add an Azure connection and discover the clusters its identity can read.</p>
        <Link href="/azure" className="mt-4 inline-block rounded-md bg-slate-900 px-4 py-1.5 text-sm font-semibold text-white hover:bg-slate-700">
          Azure connections
        </Link>
      </div>
    );
  }

  const rows = fleet.data.filter((c) => !subscription || c.subscriptionId === subscription);
  const selectedVisible = rows.filter((c) => selected.has(c.id));
  const start = (ids: string[]) =>
    check.mutate(
      { clusterIds: ids, plan: { mode }, ...(tenantId ? { tenantId } : {}) },
      { onSuccess: () => setSelected(new Set()) },
    );
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allVisibleSelected = rows.length > 0 && rows.every((c) => selected.has(c.id));

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 text-xs">
        <label className="flex flex-col gap-1 font-medium text-slate-700">
          Subscription
          <select value={subscription} onChange={(e) => setSubscription(e.target.value)} className="h-8 rounded border border-slate-300 bg-white px-2 text-sm">
            <option value="">All subscriptions ({fleet.data.length} clusters)</option>
            {subscriptions.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 font-medium text-slate-700">
          Mode
          <select value={mode} onChange={(e) => setMode(e.target.value as Mode)} className="h-8 rounded border border-slate-300 bg-white px-2 text-sm">
            {MODES.map((m) => (
              <option key={m} value={m}>
                {MODE_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 font-medium text-slate-700">
          Dynatrace tenant
          <select value={tenantId} onChange={(e) => setTenantId(e.target.value)} className="h-8 rounded border border-slate-300 bg-white px-2 text-sm">
            <option value="">None (cluster only)</option>
            {(tenants.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={selectedVisible.length === 0 || check.isPending}
          onClick={() => start(selectedVisible.map((c) => c.id))}
          className="ml-auto rounded-md bg-slate-900 px-3 py-1.5 text-sm font-semibold text-white hover:bg-slate-700 disabled:opacity-50"
        >
          Check selected ({selectedVisible.length})
        </button>
      </div>
      {check.error ? (
        <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {check.error.message}
        </p>
      ) : null}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" aria-label="AKS clusters">
          <thead className="text-xs text-slate-500">
            <tr className="border-b border-slate-200">
              <th scope="col" className="px-3 py-2">
                <input
                  type="checkbox"
                  aria-label="Select all shown clusters"
                  checked={allVisibleSelected}
                  onChange={() => setSelected(allVisibleSelected ? new Set() : new Set(rows.map((c) => c.id)))}
                />
              </th>
              <th scope="col" className="px-3 py-2 font-medium">Cluster</th>
              <th scope="col" className="px-3 py-2 font-medium">Subscription</th>
              <th scope="col" className="px-3 py-2 font-medium">Resource group</th>
              <th scope="col" className="px-3 py-2 font-medium">Region</th>
              <th scope="col" className="px-3 py-2 font-medium">Version</th>
              <th scope="col" className="px-3 py-2 font-medium">Power state</th>
              <th scope="col" className="px-3 py-2 font-medium">Latest verdict</th>
              <th scope="col" className="px-3 py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((c) => (
              <FleetRow
                key={c.id}
                cluster={c}
                now={now}
                selected={selected.has(c.id)}
                onToggle={() => toggle(c.id)}
                onCheck={() => start([c.id])}
                disabled={check.isPending}
              />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function FleetRow({
  cluster: c,
  now,
  selected,
  onToggle,
  onCheck,
  disabled,
}: {
  cluster: FleetCluster;
  now: number;
  selected: boolean;
  onToggle: () => void;
  onCheck: () => void;
  disabled: boolean;
}) {
  const r = c.latestRun;
  const v = c.latestVerdict;
  const running = r?.status === "running";
  return (
    <tr data-testid="fleet-row" data-cluster={c.name} className={c.missing ? "text-slate-400" : undefined}>
      <td className="px-3 py-2">
        <input type="checkbox" aria-label={`Select ${c.name}`} checked={selected} onChange={onToggle} />
      </td>
      <td className="px-3 py-2">
        <Link href={`/fleet/${c.id}`} className="font-semibold text-sky-800 hover:underline">
          {c.name}
        </Link>
        {c.private ? <span className="ml-2 rounded bg-slate-100 px-1 text-xs text-slate-600">private</span> : null}
        {c.missing ? <span className="ml-2 text-xs">(not found at the last discovery)</span> : null}
      </td>
      <td className="px-3 py-2 text-xs" title={c.subscriptionId}>
        {c.subscriptionName}
      </td>
      <td className="px-3 py-2 font-mono text-xs">{c.resourceGroup}</td>
      <td className="px-3 py-2 text-xs">{c.location}</td>
      <td className="px-3 py-2 font-mono text-xs">{c.kubernetesVersion ?? "–"}</td>
      <td className="px-3 py-2 text-xs">
        <span className={c.powerState === "Stopped" ? "font-semibold text-amber-700" : undefined}>{c.powerState ?? "unknown"}</span>
        {c.provisioningState && c.provisioningState !== "Succeeded" ? <span className="block text-slate-500">{c.provisioningState}</span> : null}
      </td>
      <td className="px-3 py-2" data-testid="fleet-verdict">
        {v ? (
          <Link href={`/runs/${v.runId}`} className="flex flex-col items-start gap-0.5">
            <VerdictBadge verdict={v.verdict} size="sm" />
            <span className="text-xs text-slate-500" title={formatDateTime(v.finishedAt)} data-testid="fleet-age">
              checked {formatRelative(v.finishedAt, now)}
            </span>
            {v.approval ? (
              <span className="text-xs">
                <ApprovalSummaryText approval={v.approval} />
              </span>
            ) : null}
          </Link>
        ) : (
          <span className="text-xs text-slate-500" data-testid="fleet-age">
            never checked
          </span>
        )}
        {running ? (
          <Link href={`/runs/${r.id}`} className="mt-0.5 block text-xs text-sky-700" data-testid="fleet-running">
            checking now…
          </Link>
        ) : r?.status === "failed" ? (
          <Link href={`/runs/${r.id}`} className="mt-0.5 block text-xs text-red-700" data-testid="fleet-failed">
            last check failed {formatRelative(r.finishedAt ?? r.startedAt, now)}
          </Link>
        ) : null}
      </td>
      <td className="px-3 py-2 text-right">
        <button
          type="button"
          disabled={disabled || running}
          onClick={onCheck}
          aria-label={`Check ${c.name}`}
          className="rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-50"
        >
          {running ? "Checking…" : "Check"}
        </button>
      </td>
    </tr>
  );
}
