// Create-or-replace of arbitrary objects as the admin identity. Nodes keep their status: kubelets register
// nodes with status on create, and later changes go through the status subresource, so we do the same.
import { ApiException, CoreV1Api, KubeConfig, KubernetesObjectApi, type KubernetesObject, type V1Node } from "@kubernetes/client-node";
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

export function loadObjects(yamlText: string): KubernetesObject[] {
  return parseAllDocuments(yamlText)
    .map((d) => {
      if (d.errors.length) throw new Error(`invalid YAML: ${d.errors[0]!.message}`);
      return d.toJS() as KubernetesObject | null;
    })
    .filter((o): o is KubernetesObject => !!o && typeof o === "object" && !!o.kind)
    .flatMap((o) => (o.kind === "List" ? ((o as unknown as { items: KubernetesObject[] }).items ?? []) : [o]));
}

export function adminKubeConfig(kubeconfigPath: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromString(readFileSync(kubeconfigPath, "utf8"));
  return kc;
}

/** Applies objects with bounded concurrency; returns how many were created and replaced. */
export async function applyObjects(kc: KubeConfig, objects: KubernetesObject[], concurrency = 16): Promise<{ created: number; replaced: number }> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const core = kc.makeApiClient(CoreV1Api);
  let created = 0;
  let replaced = 0;
  // Namespaces and CRD-like cluster objects first, so namespaced objects find their namespace.
  const order = (o: KubernetesObject) => (o.kind === "Namespace" ? 0 : o.kind === "CustomResourceDefinition" ? 1 : 2);
  const sorted = [...objects].sort((a, b) => order(a) - order(b));
  for (const phase of [0, 1, 2]) {
    const batch = sorted.filter((o) => order(o) === phase);
    let i = 0;
    const worker = async () => {
      while (i < batch.length) {
        const obj = batch[i++]!;
        try {
          await api.create(obj);
          created++;
        } catch (e) {
          if (!(e instanceof ApiException) || e.code !== 409) throw describe(e, obj);
          const current = await api.read({ apiVersion: obj.apiVersion!, kind: obj.kind!, metadata: { name: obj.metadata!.name!, namespace: obj.metadata?.namespace } });
          await api.replace({ ...obj, metadata: { ...obj.metadata, resourceVersion: current.metadata?.resourceVersion } });
          if (obj.kind === "Node" && (obj as V1Node).status) {
            const fresh = await core.readNode({ name: obj.metadata!.name! });
            await core.replaceNodeStatus({ name: obj.metadata!.name!, body: { ...fresh, status: (obj as V1Node).status } });
          }
          replaced++;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
  }
  return { created, replaced };
}

function describe(e: unknown, obj: KubernetesObject): Error {
  const what = `${obj.kind} ${obj.metadata?.namespace ? obj.metadata.namespace + "/" : ""}${obj.metadata?.name}`;
  if (e instanceof ApiException) {
    let msg = String(e.body);
    try {
      msg = (JSON.parse(String(e.body)) as { message?: string }).message ?? msg;
    } catch {
      /* keep raw */
    }
    return new Error(`applying ${what}: HTTP ${e.code}: ${msg}`);
  }
  return new Error(`applying ${what}: ${(e as Error).message}`);
}
