import type { Verdict } from "@/lib/engine/types";
import type { RunStatus } from "@/lib/contracts";
import { RUN_FAILED_TONE, RUNNING_TONE, VERDICT_TONES } from "./status-meta";

/**
 * The run's verdict. A running run has no verdict yet and a failed run never gets one; both say so
 * instead of showing a stale or empty badge.
 */
export function VerdictBadge({
  verdict,
  runStatus = "finished",
  size = "md",
  testId = "verdict",
}: {
  verdict: Verdict | null;
  runStatus?: RunStatus;
  size?: "sm" | "md" | "lg";
  testId?: string;
}) {
  const tone =
    runStatus === "running" ? RUNNING_TONE : runStatus === "failed" || !verdict ? RUN_FAILED_TONE : VERDICT_TONES[verdict];
  const sizes = { sm: "px-1.5 py-0.5 text-xs", md: "px-2.5 py-1 text-sm", lg: "px-3 py-1.5 text-base" };
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-md font-semibold whitespace-nowrap ring-1 ring-inset ${sizes[size]} ${tone.badge}`}
      data-testid={testId}
      data-verdict={runStatus === "finished" ? (verdict ?? undefined) : runStatus}
    >
      <span aria-hidden="true" className={`font-mono leading-none ${runStatus === "running" ? "animate-spin" : ""}`}>
        {tone.icon}
      </span>
      {tone.label}
    </span>
  );
}
