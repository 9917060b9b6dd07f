// GET /api/health: readiness (the database answers, the server is not shutting down): 200 or 503.
// GET /api/health?probe=live: liveness, the process answers; it does not touch the database, so a database
// outage takes the pods out of the Service without restarting them.
// Not built with lib/api/route.ts `route`, whose host check would refuse kubelet (it addresses the pod by IP);
// the answer holds nothing worth a DNS-rebinding attack. The contract: endpoints.health (lib/contracts).
import { json } from "@/lib/api/route";
import { readiness } from "@/lib/api/health";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  if (new URL(request.url).searchParams.get("probe") === "live") return json({ status: "ok" });
  const health = await readiness();
  return json(health, health.status === "ok" ? 200 : 503);
}
