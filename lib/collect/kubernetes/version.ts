// GET /version: the API server's build. Also the reachability probe: it needs no RBAC beyond discovery.
import { defineCollector } from "@/lib/engine/collector";
import { kube } from "./context";

export interface ServerVersionFact {
  gitVersion: string;
  major: string;
  minor: string;
  platform: string;
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "k8s.version": ServerVersionFact;
  }
}

export const serverVersionCollector = defineCollector({
  id: "kubernetes.version",
  produces: ["k8s.version"],
  async collect(ctx) {
    const k = kube(ctx);
    const v = await k.request(ctx, "GET /version", () => k.api.version.getCode());
    return { "k8s.version": { gitVersion: v.gitVersion, major: v.major, minor: v.minor, platform: v.platform } };
  },
});
