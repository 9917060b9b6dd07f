import { handle, json } from "@/lib/api/route";
import { listFleet } from "@/lib/db/azure";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Every discovered AKS cluster with its latest run (verdict and when). */
export function GET(request: Request): Promise<Response> {
  return handle(request, "GET /api/fleet", async () => json({ clusters: await listFleet() }));
}
