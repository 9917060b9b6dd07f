import { handle, json, readJson, type IdParams } from "@/lib/api/route";
import { addAttestation, attestationSchema } from "@/lib/db/attestations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function POST(request: Request, { params }: IdParams): Promise<Response> {
  return handle(request, "POST /api/runs/:id/attestations", async () => {
    const { id } = await params;
    const input = await readJson(request, attestationSchema);
    return json({ run: await addAttestation(id, input) });
  });
}
