// What each way of delivering OneAgent code modules to injected pods asks of the cluster. Written once as data; the
// code-module delivery and storage checks read it.
//
// Sources (read 2026-12-04):
// - "Use image volumes for code modules injection" (docs.dynatrace.com/docs/ingest-from/setup-on-k8s/guides/
//   deployment-and-configuration/use-image-volumes, published 2026-09-04): Dynatrace Operator 1.11+, Kubernetes 1.35+,
//   a container runtime with image volumes and subPath mounts (containerd 2.2+ or CRI-O 1.33+), and a code modules
//   image from a public registry or mirrored from it: "not compatible with the Dynatrace built-in tenant registry".
// - "Code modules delivery modes" (docs.dynatrace.com/docs/ingest-from/setup-on-k8s/reference/code-modules-delivery-modes):
//   without the CSI driver, node image pull via an ephemeral volume is the default since Operator 1.10, with
//   per-pod storage; with the CSI driver, a node-level cache.
// - Operator v1.10.2 pkg/webhook/mutation/pod/mutator/oneagent/volumes.go: the ephemeral volume is an emptyDir
//   without sizeLimit (unless the pod annotation sets one), so it counts against the node's ephemeral storage
//   and the kubelet evicts pods when the node runs out of it.
import type { CodeModuleDelivery } from "@/lib/engine/plan";

export interface RuntimeFloor {
  runtime: "containerd" | "cri-o";
  minimum: string;
}

export const IMAGE_VOLUME = {
  minimumOperator: "1.11.0",
  minimumKubernetes: "1.35",
  runtimes: [
    { runtime: "containerd", minimum: "2.2" },
    { runtime: "cri-o", minimum: "1.33" },
  ] as readonly RuntimeFloor[],
  /** Where the code modules image may come from (the tenant's built-in registry is not supported). */
  publicRepository: "public.ecr.aws/dynatrace/dynatrace-codemodules",
  dynakubeAnnotation: 'feature.dynatrace.com/mount-code-modules-via-image-volume: "true"',
  docs: {
    title: "Use image volumes for code modules injection",
    url: "https://docs.dynatrace.com/docs/ingest-from/setup-on-k8s/guides/deployment-and-configuration/use-image-volumes",
  },
  source: "Dynatrace docs 'Use image volumes for code modules injection' (published 2026-09-04, read 2026-12-04)",
} as const;

export const DELIVERY_DOCS = {
  title: "Code modules delivery modes",
  url: "https://docs.dynatrace.com/docs/ingest-from/setup-on-k8s/reference/code-modules-delivery-modes",
} as const;

export const DELIVERY_LABELS: Record<CodeModuleDelivery, string> = {
  "csi-driver": "CSI driver (node-level cache)",
  "image-volume": "image volume (runtime's image cache, operator 1.11+)",
  "ephemeral-volume": "ephemeral volume (a copy per pod)",
};

/** Compares dotted versions numerically ("2.2" < "2.10"); missing parts are 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(".").map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** "containerd://2.2.5-1" → "2.2.5"; "cri-o://1.33.2" → "1.33.2"; undefined when no version is readable. */
export function runtimeVersion(containerRuntime: string): string | undefined {
  const m = /:\/\/v?(\d+(?:\.\d+)*)/.exec(containerRuntime);
  return m?.[1];
}
