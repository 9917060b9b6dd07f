import "server-only";
// SIGTERM (Kubernetes stopping the pod) or SIGINT: take no new runs, let the running ones finish within
// DTREADY_DRAIN_TIMEOUT_SECONDS, mark the rest failed, then exit. A second signal exits at once.
// Only when Next.js leaves the signals to us (NEXT_MANUAL_SIG_HANDLE, set by scripts/start.mjs): otherwise
// Next exits on the first signal and the next start marks the unfinished runs as interrupted.
import { closeDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { drainRuns } from "./service";

export function drainOnShutdownSignals(): void {
  if (!env("manualSignalHandling")) return;
  const drainSeconds = env("drainTimeoutSeconds");
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn(`${signal} again: exiting without waiting for runs`);
      process.exit(1);
    }
    stopping = true;
    log.info(`${signal}: taking no new runs; waiting up to ${drainSeconds}s for the running ones`);
    void drainRuns(drainSeconds * 1000)
      .then((r) => log.info("runs drained; exiting", r))
      .catch((err) => log.error("draining runs failed", { err }))
      .then(() => closeDb())
      .finally(() => process.exit(0));
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
