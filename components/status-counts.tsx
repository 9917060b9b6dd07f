import { STATUSES } from "@/lib/engine/types";
import type { StatusCounts } from "@/lib/contracts";
import { STATUS_TONES } from "./status-meta";

/** Compact "✕ 2  ! 1  ✓ 14" line (icon in the status color); zero counts are left out. Each count has its status name for screen readers. */
export function StatusCountsLine({ counts }: { counts: StatusCounts | null | undefined }) {
  if (!counts) return <span className="text-xs text-slate-400">–</span>;
  const shown = STATUSES.filter((s) => (counts[s] ?? 0) > 0);
  if (shown.length === 0) return <span className="text-xs text-slate-400">–</span>;
  return (
    <span className="inline-flex flex-wrap gap-x-2.5 gap-y-0.5 text-xs tabular-nums">
      {shown.map((s) => (
        <span key={s} className="inline-flex items-center gap-1" title={STATUS_TONES[s].label}>
          <span aria-hidden="true" className={`font-mono font-semibold ${STATUS_TONES[s].text}`}>
            {STATUS_TONES[s].icon}
          </span>
          <span className="text-slate-700">{counts[s]}</span>
          <span className="sr-only">{STATUS_TONES[s].label}</span>
        </span>
      ))}
    </span>
  );
}
