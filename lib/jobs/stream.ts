import "server-only";
// The run event stream behind GET /api/runs/:id/events: every event so far, then live ones, ending
// after `finished` or `failed`. Works for runs executing in this process (in-memory, no gaps), and for
// finished, failed or foreign runs (from the database, polling while the row says running).
import { getRunStatus, listRunEvents } from "@/lib/db/run-reads";
import { isTerminal, type RunStreamEvent } from "@/lib/contracts/results";
import { subscribeRun, type SequencedEvent } from "./service";

const POLL_MS = 1000;
const KEEPALIVE_MS = 15_000;

export function runEventStream(runId: string, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let closed = false;
  const cleanups: (() => void)[] = [];
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;
  let lastSeq = -1;

  const close = () => {
    if (closed) return;
    closed = true;
    for (const c of cleanups) c();
    try {
      controllerRef?.close();
    } catch {
      // already closed by the client
    }
  };
  const write = (chunk: string) => {
    if (closed) return;
    try {
      controllerRef?.enqueue(encoder.encode(chunk));
    } catch {
      close();
    }
  };
  const send = ({ seq, event }: SequencedEvent) => {
    if (closed || seq <= lastSeq) return;
    lastSeq = seq;
    write(`data: ${JSON.stringify(event)}\n\n`);
    if (isTerminal(event)) close();
  };

  const fromDatabase = async () => {
    for (;;) {
      if (closed) return;
      const status = await getRunStatus(runId);
      for (const item of await listRunEvents(runId, lastSeq)) {
        // A finished run's verdict may have changed since (attestations): report the current one.
        const event: RunStreamEvent =
          item.event.type === "finished" && status?.verdict ? { ...item.event, verdict: status.verdict } : item.event;
        send({ seq: item.seq, event });
      }
      if (closed) return;
      if (!status || status.status === "failed") {
        send({ seq: lastSeq + 1, event: { type: "failed", message: status?.error ?? "The run no longer exists." } });
        return;
      }
      if (status.status === "finished") {
        // Stored events end with `finished`; this only covers rows written before that was recorded.
        send({ seq: lastSeq + 1, event: { type: "finished", verdict: status.verdict ?? "incomplete", durationMs: 0 } });
        return;
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };

  return new ReadableStream<Uint8Array>({
    start(controller) {
      controllerRef = controller;
      const onAbort = () => close();
      signal.addEventListener("abort", onAbort);
      cleanups.push(() => signal.removeEventListener("abort", onAbort));
      const keepalive = setInterval(() => write(": keepalive\n\n"), KEEPALIVE_MS);
      cleanups.push(() => clearInterval(keepalive));

      const live = subscribeRun(runId, send, close);
      if (live) {
        cleanups.push(live.unsubscribe);
        for (const item of live.replay) send(item);
        return;
      }
      fromDatabase().catch(() => {
        write(`data: ${JSON.stringify({ type: "failed", message: "The run's events could not be read." })}\n\n`);
        close();
      });
    },
    cancel() {
      close();
    },
  });
}
