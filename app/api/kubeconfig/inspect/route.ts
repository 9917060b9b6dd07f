import { z } from "zod";
import { handle, json, readJson } from "@/lib/api/route";
import { inspectKubeconfig } from "@/lib/collect/kubernetes/kubeconfig";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const bodySchema = z.object({ kubeconfig: z.string() });

/** Lists the contexts of a pasted kubeconfig. Stores nothing; returns no credentials. */
export function POST(request: Request): Promise<Response> {
  return handle(request, "POST /api/kubeconfig/inspect", async () => {
    const { kubeconfig } = await readJson(request, bodySchema);
    const { contexts, currentContext } = inspectKubeconfig(kubeconfig);
    return json({
      contexts: contexts.map((c) => ({
        name: c.name,
        cluster: c.cluster,
        server: c.server,
        user: c.user,
        ...(c.namespace ? { namespace: c.namespace } : {}),
        authKind: c.authKind,
        ...(c.unsupported ? { unsupported: c.unsupported } : {}),
      })),
      ...(currentContext ? { currentContext } : {}),
    });
  });
}
