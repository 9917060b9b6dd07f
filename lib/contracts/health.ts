// GET /api/health: what the probes read. Readiness: `ok` (200), `draining` or `unavailable` (503); liveness
// (`?probe=live`): `ok` alone. Never a detail of a failure.
import { z } from "zod";

export const healthSchema = z.object({
  status: z.enum(["ok", "draining", "unavailable"]),
  database: z.enum(["ok", "unreachable"]).optional(),
});
export type Health = z.infer<typeof healthSchema>;
