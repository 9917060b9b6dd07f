"use client";

import { useEffect, useReducer, useState } from "react";
import { runEventsUrl } from "@/lib/web/api-client";
import { formatDuration } from "@/lib/web/format";
import { useInvalidateRun } from "@/lib/web/hooks";
import { initialProgress, parseStreamEvent, progressFraction, reduceProgress, type ProgressState, type RunStreamEvent } from "@/lib/web/progress";
import { StatusBadge } from "./status-badge";

type Action = { kind: "reset" } | { kind: "event"; event: RunStreamEvent };

function reducer(state: ProgressState, action: Action): ProgressState {
  return action.kind === "reset" ? initialProgress : reduceProgress(state, action.event);
}

/**
 * Live progress of a run from its event stream. The server replays the whole run on connect, so this
 * works the same after a page reload or a reconnect. When the run ends, cached run and cluster data refetch.
 */
export function RunProgress({ runId, startedAt }: { runId: string; startedAt: string }) {
  const [state, dispatch] = useReducer(reducer, initialProgress);
  const [connection, setConnection] = useState<"connecting" | "open" | "retrying" | "closed">("connecting");
  const invalidateRun = useInvalidateRun();

  useEffect(() => {
    const source = new EventSource(runEventsUrl(runId));
    let ended = false;
    // Every (re)connect starts with a full replay: start from scratch so nothing is counted twice.
    source.onopen = () => {
      dispatch({ kind: "reset" });
      setConnection("open");
    };
    source.onmessage = (message: MessageEvent<string>) => {
      const event = parseStreamEvent(message.data);
      if (!event) return;
      dispatch({ kind: "event", event });
      if (event.type === "finished" || event.type === "failed") {
        ended = true;
        // Close before the server does, or EventSource would reconnect and replay the run again.
        source.close();
        setConnection("closed");
        void invalidateRun(runId);
      }
    };
    source.onerror = () => {
      if (ended) return;
      setConnection(source.readyState === EventSource.CLOSED ? "closed" : "retrying");
    };
    return () => source.close();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- invalidateRun is recreated each render; the stream only depends on the run
  }, [runId]);

  const ended = state.phase === "finished" || state.phase === "failed";
  const elapsed = useElapsed(startedAt, ended, state.durationMs);
  const fraction = progressFraction(state);
  const titles = new Map(state.checks.map((c) => [c.id, c.title]));

  return (
    <section
      data-testid="run-progress"
      data-phase={state.phase}
      aria-labelledby="run-progress-heading"
      className="rounded-lg border border-sky-200 bg-white p-4"
    >
      <div className="flex flex-wrap items-baseline gap-x-6 gap-y-1">
        <h3 id="run-progress-heading" className="text-sm font-semibold">
          {state.phase === "finished" ? "Run finished" : state.phase === "failed" ? "Run failed" : "Run in progress"}
        </h3>
        <p className="text-xs text-slate-600 tabular-nums">
          Collectors {state.collectorsDone.length}/{state.collectors.length || "…"}
          {state.collectorsFailed.length > 0 ? ` (${state.collectorsFailed.length} could not collect)` : ""}
        </p>
        <p className="text-xs text-slate-600 tabular-nums">
          Checks {state.results.length}/{state.checks.length || "…"}
        </p>
        <p className="text-xs text-slate-600 tabular-nums">Elapsed {formatDuration(elapsed)}</p>
        {connection === "retrying" ? (
          <p className="text-xs text-amber-700" role="status">
            Connection lost, reconnecting…
          </p>
        ) : null}
      </div>

      <div
        role="progressbar"
        aria-label="Run progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
        className="mt-3 h-1.5 overflow-hidden rounded-full bg-slate-100"
      >
        <div
          className={`h-full rounded-full transition-[width] duration-300 ${state.phase === "failed" ? "bg-red-500" : "bg-sky-500"}`}
          style={{ width: `${Math.max(2, fraction * 100)}%` }}
        />
      </div>

      {state.phase === "failed" ? (
        <p role="alert" className="mt-3 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error ?? "The run failed."}
        </p>
      ) : null}

      {state.collectorsRunning.length > 0 ? (
        <p className="mt-3 text-xs text-slate-500">
          Collecting: <span className="font-mono">{state.collectorsRunning.join(", ")}</span>
        </p>
      ) : null}

      {state.results.length > 0 ? (
        <ul aria-label="Finished checks" className="mt-3 grid gap-x-4 gap-y-1 sm:grid-cols-2">
          {state.results.map((r) => (
            <li key={r.id} className="flex items-center gap-2 text-xs">
              <StatusBadge status={r.status} size="sm" />
              <span className="truncate">{titles.get(r.id) ?? r.id}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** Milliseconds since `startedAt`, ticking until the run ends (then its final duration). */
function useElapsed(startedAt: string, ended: boolean, finalMs: number | undefined): number | undefined {
  const [now, setNow] = useState<number | undefined>(undefined);
  useEffect(() => {
    if (ended) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [ended]);
  if (ended) return finalMs ?? (now === undefined ? undefined : Math.max(0, now - new Date(startedAt).getTime()));
  if (now === undefined) return undefined;
  return Math.max(0, now - new Date(startedAt).getTime());
}
