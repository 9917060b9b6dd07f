import { route } from "@/lib/api/route";
import { inspectKubeconfig } from "@/lib/collect/kubernetes/kubeconfig";
import { endpoints } from "@/lib/contracts/endpoints";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Lists the contexts of a pasted kubeconfig. Stores nothing; returns no credentials. */
export const POST = route(endpoints.inspectKubeconfig, async ({ body }) => {
  const { contexts, currentContext } = inspectKubeconfig(body.kubeconfig);
  return {
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
  };
});
