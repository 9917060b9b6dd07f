import "server-only";
// What the server does once at start (instrumentation.ts): migrate the database, mark runs a previous
// process left running as failed, and drain runs on SIGTERM.
import { ensureDatabase } from "@/lib/db/migrate";
import { log } from "@/lib/log";
import { recoverInterruptedRuns } from "./service";
import { drainOnShutdownSignals } from "./shutdown";

export async function onServerStart(): Promise<void> {
  const { file, applied } = ensureDatabase();
  if (applied.length > 0) log.info(`database ${file}: applied migrations ${applied.join(", ")}`);
  await recoverInterruptedRuns();
  drainOnShutdownSignals();
}
