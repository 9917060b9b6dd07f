import type { ReactNode } from "react";
import { codeModuleDelivery, MODE_DYNAKUBE, MODE_LABELS } from "@/lib/engine/plan";
import type { RunDetail } from "@/lib/contracts";
import { formatDateTime, formatDuration } from "@/lib/web/format";
import { StatusCountsLine } from "./status-counts";
import { DELIVERY_LABELS } from "@/lib/data/code-module-delivery";

/** What a run checked and when: target, Dynatrace tenant (public parts only), plan and timing. */
export function RunFacts({ run: r }: { run: RunDetail }) {
  return (
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
        {r.plan.mode !== "platform" ? <Row label="Code modules" value={DELIVERY_LABELS[codeModuleDelivery(r.plan)]} /> : null}
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
