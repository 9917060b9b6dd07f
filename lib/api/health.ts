import "server-only";
// What the probes read (app/api/health). Liveness: the process answers HTTP. Readiness: it takes new work
// (not shutting down) and its database answers. Never a detail of a failure: the log has that.
import type { Health } from "@/lib/contracts/health";
import { db } from "@/lib/db/client";
import { isDraining } from "@/lib/jobs/service";
import { log } from "@/lib/log";

export async function readiness(): Promise<Health> {
  let database: Health["database"] = "ok";
  try {
    await db().$queryRaw`SELECT 1`;
  } catch (err) {
    log.warn("health: the database does not answer", { err });
    database = "unreachable";
  }
  if (database !== "ok") return { status: "unavailable", database };
  return { status: isDraining() ? "draining" : "ok", database };
}
