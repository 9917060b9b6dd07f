import Link from "next/link";
import type { ReactNode } from "react";
import type { Status } from "@/lib/engine/types";
import type { RunPairComparison } from "@/lib/contracts/reports";
import { formatDateTime } from "@/lib/web/format";
import { STATUS_TONES } from "./status-meta";
import { StatusCountsLine } from "./status-counts";
import { VerdictBadge } from "./verdict-badge";

function StatusWord({ status }: { status: Status }) {
  const tone = STATUS_TONES[status];
  return (
    <span className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${tone.badge}`}>
      <span aria-hidden="true">{tone.icon}</span>
      {tone.label}
    </span>
  );
}

function Group({ title, testId, empty, children, count }: { title: string; testId: string; empty: string; count: number; children: ReactNode }) {
  return (
    <section aria-label={title} data-testid={testId} className="rounded-lg border border-slate-200 bg-white">
      <h2 className="border-b border-slate-200 px-3 py-2 text-sm font-semibold">
        {title} <span className="font-normal text-slate-500">({count})</span>
      </h2>
      {count === 0 ? <p className="px-3 py-2 text-sm text-slate-500">{empty}</p> : <ul className="divide-y divide-slate-100 text-sm">{children}</ul>}
    </section>
  );
}

const checkLink = (runId: string, checkId: string) => `/runs/${runId}#check-${checkId}`;

/** Two runs of one cluster side by side: what became worse or better, what appeared or went away, and changed evidence. */
export function RunCompareView({ data }: { data: RunPairComparison }) {
  const { older, newer, comparison: c } = data;
  const Item = ({ runId, id, title, children }: { runId: string; id: string; title: string; children: ReactNode }) => (
    <li className="flex flex-wrap items-center gap-2 px-3 py-1.5" data-check-id={id}>
      <Link href={checkLink(runId, id)} className="text-sky-700 underline decoration-sky-300 hover:text-sky-900">
        {title}
      </Link>
      <span className="font-mono text-xs text-slate-500">{id}</span>
      <span className="ml-auto flex items-center gap-1">{children}</span>
    </li>
  );
  return (
    <div className="space-y-6">
      <div>
        <nav aria-label="Breadcrumb" className="text-xs text-slate-500">
          <Link href="/" className="hover:underline">
            Clusters
          </Link>{" "}
          / {data.clusterName} / Comparison
        </nav>
        <h1 className="mt-1 text-xl font-semibold">What changed on {data.clusterName}</h1>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        {[
          { label: "Before", run: older },
          { label: "After", run: newer },
        ].map(({ label, run }) => (
          <div key={label} className="rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid={`compare-${label.toLowerCase()}`}>
            <div className="text-xs text-slate-500">{label}</div>
            <Link href={`/runs/${run.id}`} className="text-sky-700 underline decoration-sky-300">
              {formatDateTime(run.startedAt)}
            </Link>
            <div className="mt-1 flex flex-wrap items-center gap-2">
              <VerdictBadge verdict={run.verdict} size="sm" />
              <StatusCountsLine counts={run.counts} />
            </div>
          </div>
        ))}
      </div>
      <p className="text-sm" data-testid="compare-verdict">
        {c.verdict.changed ? (
          <>
            The verdict changed from <VerdictBadge verdict={c.verdict.from} size="sm" testId="compare-verdict-from" /> to{" "}
            <VerdictBadge verdict={c.verdict.to} size="sm" testId="compare-verdict-to" />.
          </>
        ) : (
          <>The verdict stayed the same.</>
        )}{" "}
        {c.unchanged} check{c.unchanged === 1 ? "" : "s"} unchanged.
      </p>
      {[
        { title: "Worse", testId: "compare-worse", changes: c.worse, empty: "Nothing became worse." },
        { title: "Better", testId: "compare-better", changes: c.better, empty: "Nothing became better." },
      ].map((g) => (
        <Group key={g.testId} title={g.title} testId={g.testId} count={g.changes.length} empty={g.empty}>
          {g.changes.map((x) => (
            <Item key={x.id} runId={newer.id} id={x.id} title={x.title}>
              <StatusWord status={x.from} /> → <StatusWord status={x.to} />
            </Item>
          ))}
        </Group>
      ))}
      <Group title="New checks" testId="compare-appeared" count={c.appeared.length} empty="No new checks.">
        {c.appeared.map((x) => (
          <Item key={x.id} runId={newer.id} id={x.id} title={x.title}>
            <StatusWord status={x.status} />
          </Item>
        ))}
      </Group>
      <Group title="Gone" testId="compare-disappeared" count={c.disappeared.length} empty="No check went away.">
        {c.disappeared.map((x) => (
          <Item key={x.id} runId={older.id} id={x.id} title={x.title}>
            <StatusWord status={x.status} />
          </Item>
        ))}
      </Group>
      {/* Evidence that differs, a check that starts or stops applying, a waiver that starts or ends. */}
      <Group title="Changed, neither better nor worse" testId="compare-evidence" count={c.evidenceChanged.length} empty="Nothing else changed.">
        {c.evidenceChanged.map((x) => (
          <Item key={x.id} runId={newer.id} id={x.id} title={x.title}>
            <span className="text-xs text-slate-600">{x.labels.join(", ")}</span> <StatusWord status={x.status} />
          </Item>
        ))}
      </Group>
    </div>
  );
}
