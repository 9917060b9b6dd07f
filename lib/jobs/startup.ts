import "server-only";
// What the server does once at start (instrumentation.ts): refuse an environment it cannot use (the error names
// the variable), migrate the database, mark runs a previous process left running as failed, and drain runs on
// SIGTERM.
import { ensureDatabase } from "@/lib/db/migrate";
import { validateServerEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { recoverInterruptedRuns } from "./service";
import { drainOnShutdownSignals } from "./shutdown";

export async function onServerStart(): Promise<void> {
  validateServerEnv();
  const { file, applied } = ensureDatabase();
  if (applied.length > 0) log.info(`database ${file}: applied migrations ${applied.join(", ")}`);
  await recoverInterruptedRuns();
  drainOnShutdownSignals();
}
