// GET /api/health: readiness (the database answers, the server is not shutting down): 200 or 503.
// GET /api/health?probe=live: liveness, the process answers; it does not touch the database, so a database
// outage takes the pods out of the Service without restarting them.
// No host check (lib/api/route.ts `handle`): kubelet probes address the pod by IP, and the answer holds
// nothing worth a DNS-rebinding attack.
import { json } from "@/lib/api/route";
import { readiness } from "@/lib/health";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  if (new URL(request.url).searchParams.get("probe") === "live") return json({ status: "ok" });
  const health = await readiness();
  return json(health, health.status === "ok" ? 200 : 503);
}
