// Folds the run's server-sent events into what the progress panel shows. Pure, so a replayed stream
// (the server replays every event on connect) yields the same state as a live one.
import { runStreamEventSchema, type RunStreamEvent } from "@/lib/contracts/results";
import type { SectionId, Status, Verdict } from "@/lib/engine/types";

export type { RunStreamEvent };

export interface PlannedCheck {
  id: string;
  title: string;
  section: SectionId;
}

export interface ProgressState {
  phase: "waiting" | "collecting" | "finished" | "failed";
  checks: PlannedCheck[];
  collectors: string[];
  collectorsRunning: string[];
  collectorsDone: string[];
  collectorsFailed: string[];
  /** Results in the order they arrived. */
  results: { id: string; status: Status }[];
  verdict?: Verdict;
  durationMs?: number;
  error?: string;
}

export const initialProgress: ProgressState = {
  phase: "waiting",
  checks: [],
  collectors: [],
  collectorsRunning: [],
  collectorsDone: [],
  collectorsFailed: [],
  results: [],
};

const without = (list: string[], item: string) => list.filter((x) => x !== item);
const withItem = (list: string[], item: string) => (list.includes(item) ? list : [...list, item]);

export function reduceProgress(state: ProgressState, event: RunStreamEvent): ProgressState {
  switch (event.type) {
    case "planned":
      return { ...state, phase: "collecting", checks: event.checks, collectors: event.collectors };
    case "collector-started":
      return { ...state, collectorsRunning: withItem(state.collectorsRunning, event.collector) };
    case "collector-finished":
      return {
        ...state,
        collectorsRunning: without(state.collectorsRunning, event.collector),
        collectorsDone: withItem(state.collectorsDone, event.collector),
        collectorsFailed: event.ok ? state.collectorsFailed : withItem(state.collectorsFailed, event.collector),
      };
    case "check-finished":
      return {
        ...state,
        results: [...state.results.filter((r) => r.id !== event.id), { id: event.id, status: event.status }],
      };
    case "finished":
      return { ...state, phase: "finished", collectorsRunning: [], verdict: event.verdict, durationMs: event.durationMs };
    case "failed":
      return { ...state, phase: "failed", collectorsRunning: [], error: event.message };
    default:
      return state;
  }
}

/** Parses one `data:` payload; ignores anything that is not an event we know (forward compatible). */
export function parseStreamEvent(data: string): RunStreamEvent | undefined {
  try {
    const parsed = runStreamEventSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // A malformed message is skipped rather than breaking the stream.
    return undefined;
  }
}

/** 0..1; collectors dominate the run's time, checks are instantaneous after them. */
export function progressFraction(state: ProgressState): number {
  if (state.phase === "finished") return 1;
  const total = state.collectors.length + state.checks.length;
  if (total === 0) return 0;
  return Math.min(1, (state.collectorsDone.length + state.results.length) / total);
}
