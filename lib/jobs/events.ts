// What the run event stream (GET /api/runs/:id/events) carries: the engine's progress events, plus
// `failed` when a run could not complete. Type-only, safe for the browser.
import type { ProgressEvent } from "@/lib/engine/types";

export type RunFailedEvent = { type: "failed"; message: string };
export type RunStreamEvent = ProgressEvent | RunFailedEvent;

/** Events after which the stream ends. */
export function isTerminal(e: RunStreamEvent): boolean {
  return e.type === "finished" || e.type === "failed";
}
