import "server-only";
// What the server does once at start (instrumentation.ts): migrate the database, then mark runs a
// previous process left running as failed.
import { ensureDatabase } from "@/lib/db/migrate";
import { log } from "@/lib/log";
import { recoverInterruptedRuns } from "./service";

export async function onServerStart(): Promise<void> {
  const { file, applied } = ensureDatabase();
  if (applied.length > 0) log.info(`database ${file}: applied migrations ${applied.join(", ")}`);
  await recoverInterruptedRuns();
}
