import type { Status } from "@/lib/engine/types";
import { NOT_CHECKED_TONE, STATUS_TONES } from "./status-meta";

/** A check's status: icon + word + color. `null` means nothing was checked (never shown as a pass). */
export function StatusBadge({ status, size = "md" }: { status: Status | null; size?: "sm" | "md" }) {
  const tone = status ? STATUS_TONES[status] : NOT_CHECKED_TONE;
  const padding = size === "sm" ? "px-1.5 py-0 text-[11px]" : "px-2 py-0.5 text-xs";
  return (
    <span
      className={`inline-flex shrink-0 items-center gap-1 rounded-md font-medium whitespace-nowrap ring-1 ring-inset ${padding} ${tone.badge}`}
      data-status={status ?? "not-checked"}
    >
      <span aria-hidden="true" className="font-mono leading-none">
        {tone.icon}
      </span>
      {tone.label}
    </span>
  );
}

/**
 * Next to a warn or fail an active waiver accepts: the status badge keeps saying what the check found,
 * this one says the risk was accepted (a waived item is never shown as passed).
 */
export function WaivedBadge({ checkId, size = "md" }: { checkId?: string; size?: "sm" | "md" }) {
  const padding = size === "sm" ? "px-1.5 py-0 text-[11px]" : "px-2 py-0.5 text-xs";
  return (
    <span
      className={`inline-flex shrink-0 items-center gap-1 rounded-md border border-dashed border-amber-500 bg-white font-medium whitespace-nowrap text-amber-900 ${padding}`}
      {...(checkId ? { "data-testid": `waived-${checkId}` } : {})}
      title="An accepted risk: the check still found this, a waiver accepts it until it expires"
    >
      <span aria-hidden="true" className="font-mono leading-none">
        ≈
      </span>
      Waived
    </span>
  );
}
