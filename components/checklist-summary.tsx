import type { ChecklistSummaryRow } from "@/lib/web/checklist";
import { StatusBadge, WaivedBadge } from "./status-badge";

function worstIsWaived(checks: ChecklistSummaryRow["checks"], status: ChecklistSummaryRow["status"]): boolean {
  const worst = checks.filter((c) => c.status === status);
  return worst.length > 0 && worst.every((c) => c.waiver);
}

/** The prerequisites document's section 7 "Pre-Deployment Checklist": all eight items, each with its checks' status. */
export function ChecklistSummary({ rows, onSelectCheck }: { rows: ChecklistSummaryRow[]; onSelectCheck: (id: string) => void }) {
  return (
    <section aria-labelledby="predeploy-heading" className="rounded-lg border border-slate-200 bg-white">
      <h3 id="predeploy-heading" className="border-b border-slate-200 px-3 py-2 text-sm font-semibold">
        Pre-deployment checklist
      </h3>
      <ol className="grid gap-px bg-slate-200 sm:grid-cols-2">
        {rows.map(({ item, status, checks }) => (
          <li key={item.id} data-testid={`checklist-item-${item.id}`} className="flex gap-3 bg-white px-3 py-2">
            <span className="flex w-28 shrink-0 flex-col items-start gap-1 pt-0.5">
              <StatusBadge status={status} />
              {/* The item's worst status comes only from waived checks: still that status, marked waived. */}
              {worstIsWaived(checks, status) ? <WaivedBadge size="sm" /> : null}
            </span>
            <div className="min-w-0">
              <p className="font-medium">{item.title}</p>
              <p className="text-xs text-slate-600">{item.text}</p>
              {checks.length > 0 ? (
                <p className="mt-1 flex flex-wrap gap-x-2 text-xs">
                  {checks.map((c) => (
                    <a
                      key={c.id}
                      href={`#check-${c.id}`}
                      onClick={() => onSelectCheck(c.id)}
                      className="text-sky-700 underline decoration-sky-300 hover:text-sky-900"
                    >
                      {c.title}
                    </a>
                  ))}
                </p>
              ) : (
                <p className="mt-1 text-xs text-slate-500">No check in this run covers this item.</p>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
