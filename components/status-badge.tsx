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
