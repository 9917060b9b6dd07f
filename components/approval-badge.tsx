import type { RunApproval } from "@/lib/contracts";
import { formatDateTime } from "@/lib/web/format";

const TONES = {
  awaiting: "bg-white text-slate-700 ring-slate-400",
  approved: "bg-emerald-50 text-emerald-900 ring-emerald-600/40",
  rejected: "bg-red-50 text-red-900 ring-red-600/40",
} as const;

/**
 * Whether the run's current report is approved, rejected or still awaits a decision. A decision on an
 * earlier version of the report (an attestation or waiver changed it since) no longer counts, and says so.
 */
export function ApprovalBadge({ approval }: { approval: Pick<RunApproval, "state" | "decisions"> }) {
  if (approval.state === "not-finished") return null;
  const newest = approval.decisions[0];
  const deciding = approval.state === "awaiting" ? undefined : approval.decisions.find((d) => d.current);
  const label =
    approval.state === "awaiting"
      ? "Awaits approval"
      : `${approval.state === "approved" ? "Approved" : "Rejected"} by ${deciding?.name ?? "someone"}`;
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span
        data-testid="approval-state"
        data-state={approval.state}
        title={deciding ? `${formatDateTime(deciding.at)}${deciding.comment ? `: ${deciding.comment}` : ""}` : undefined}
        className={`inline-flex items-center gap-1.5 rounded-md px-2.5 py-1 text-sm font-semibold whitespace-nowrap ring-1 ring-inset ${TONES[approval.state]}`}
      >
        <span aria-hidden="true" className="font-mono leading-none">
          {approval.state === "approved" ? "✓" : approval.state === "rejected" ? "✕" : "○"}
        </span>
        {label}
      </span>
      {approval.state === "awaiting" && newest && !newest.current ? (
        <span data-testid="approval-stale" className="text-xs text-slate-600">
          The report changed since {newest.name}&apos;s decision on {formatDateTime(newest.at)}; it needs approval again.
        </span>
      ) : null}
    </span>
  );
}
