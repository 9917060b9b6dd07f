import type { RunApprovalSummary } from "@/lib/contracts";
import { formatDateTime } from "@/lib/web/format";

const TONES = {
  approved: "text-emerald-800",
  rejected: "text-red-800",
  changed: "text-amber-800",
} as const;

/** A run's newest decision in a listing; "changed" when it was made on an earlier version of the report. */
export function ApprovalSummaryText({ approval: a }: { approval?: RunApprovalSummary }) {
  if (!a) return <span className="text-slate-400">–</span>;
  const text =
    a.state === "approved" ? `Approved by ${a.name}` : a.state === "rejected" ? `Rejected by ${a.name}` : `Changed since ${a.name}'s decision`;
  return (
    <span data-testid="approval-summary" data-state={a.state} title={formatDateTime(a.at)} className={TONES[a.state]}>
      {text}
    </span>
  );
}
