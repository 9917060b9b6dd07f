"use client";

import type { AuditEntry } from "@/lib/contracts";
import { formatDateTime } from "@/lib/web/format";
import { useRunAudit } from "@/lib/web/share-hooks";

/** One audit event as a sentence: "Share link created by Ana, expires 2026-12-08, label: CAB 123". */
export function describeAuditEntry(entry: AuditEntry): string {
  const by = entry.actor ? ` by ${entry.actor}` : "";
  const d = entry.detail;
  switch (entry.kind) {
    case "share-created":
      return `Share link created${by}${d ? `, ${d}` : ""}`;
    case "share-viewed":
      return `Shared report viewed${d ? ` (${d})` : ""}`;
    case "share-revoked":
      return `Share link revoked${by}${d ? ` (${d})` : ""}`;
    case "approved":
    case "rejected":
      return `${entry.kind === "approved" ? "Approved" : "Rejected"}${by}${d ? `: "${d}"` : ""}`;
    case "waiver-created":
      return `Waiver created${by}${d ? `: ${d}` : ""}`;
    case "waiver-revoked":
      return `Waiver revoked${by}${d ? `: ${d}` : ""}`;
    case "attested":
      return `Manual item attested${by}${d ? `: ${d}` : ""}`;
    default:
      return `${entry.kind as string}${by}${d ? `: ${d}` : ""}`;
  }
}

/** Who shared, viewed, revoked, approved, rejected, waived or attested on this run, newest first (collapsed until opened). */
export function AuditTrail({ runId }: { runId: string }) {
  const audit = useRunAudit(runId);
  const events = audit.data ?? [];

  return (
    <details data-testid="audit-trail" className="group rounded-lg border border-slate-200 bg-white">
      <summary className="flex cursor-pointer items-center gap-2 px-3 py-2 text-sm font-semibold select-none">
        <span aria-hidden="true" className="font-mono text-[10px] text-slate-400 group-open:rotate-90">
          ▸
        </span>
        Audit trail
        <span className="font-normal text-slate-500">{audit.data ? `(${events.length})` : ""}</span>
      </summary>
      {audit.isPending ? (
        <p className="border-t border-slate-200 px-3 py-2 text-sm text-slate-500">Loading the audit trail…</p>
      ) : audit.isError ? (
        <p role="alert" className="border-t border-slate-200 px-3 py-2 text-sm text-red-800">
          Could not load the audit trail: {audit.error.message}
        </p>
      ) : events.length === 0 ? (
        <p className="border-t border-slate-200 px-3 py-2 text-sm text-slate-500">Nothing recorded yet: no share link, decision, waiver or attestation.</p>
      ) : (
        <ol className="divide-y divide-slate-100 border-t border-slate-200 text-sm">
          {events.map((e) => (
            <li key={e.id} data-kind={e.kind} className="flex flex-wrap items-baseline gap-x-4 gap-y-0.5 px-3 py-1.5">
              <span className="w-44 shrink-0 text-xs whitespace-nowrap text-slate-500 tabular-nums">{formatDateTime(e.at)}</span>
              <span className="min-w-0 flex-1 break-words">
                {describeAuditEntry(e)}
              </span>
              <span className="text-xs text-slate-500">{e.actor ?? "–"}</span>
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
