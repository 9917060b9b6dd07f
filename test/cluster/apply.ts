// Create-or-replace of arbitrary objects as the admin identity, sent as the JSON they are written in. Nodes keep their status: kubelets register
// nodes with status on create, and later changes go through the status subresource, so we do the same.
import { KubeConfig, KubernetesObjectApi, type KubernetesObject, type V1Node } from "@kubernetes/client-node";
import { request as httpsRequest, type RequestOptions } from "node:https";
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

/** Resolves an object's REST path through discovery (client-node's own logic), nothing more. */
class ObjectPaths extends KubernetesObjectApi {
  path(spec: KubernetesObject, action: "create" | "read"): Promise<string> {
    return this.specUriPath(spec, action);
  }
  useContextNamespace(kc: KubeConfig) {
    this.setDefaultNamespace(kc);
  }
}

/** Sends raw JSON: client-node's typed serializer would drop fields it names differently (LimitRange `default`). */
async function rest(kc: KubeConfig, method: string, path: string, body?: unknown): Promise<RestResult> {
  const options: RequestOptions = { method, headers: { Accept: "application/json", "Content-Type": "application/json" } };
  await kc.applyToHTTPSOptions(options);
  const url = new URL(path, kc.getCurrentCluster()!.server);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, options, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        const warning = res.headers.warning;
        resolve({ status: res.statusCode ?? 0, json, text, warnings: warning === undefined ? [] : [warning].flat() });
      });
    });
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

interface RestResult {
  status: number;
  json: unknown;
  text: string;
  /** `Warning` response headers, e.g. Pod Security admission's "would violate PodSecurity". */
  warnings: string[];
}

/** A server-side dry run of creating the object (`dryRun=All`): admission and validation run, nothing is stored. */
export async function dryRunCreate(kc: KubeConfig, obj: KubernetesObject): Promise<RestResult> {
  const paths = kc.makeApiClient(ObjectPaths);
  paths.useContextNamespace(kc);
  return rest(kc, "POST", `${await paths.path(obj, "create")}?dryRun=All`, obj);
}

/** Applies objects with bounded concurrency; returns how many were created and replaced. */
export async function applyObjects(kc: KubeConfig, objects: KubernetesObject[], concurrency = 16): Promise<{ created: number; replaced: number }> {
  const paths = kc.makeApiClient(ObjectPaths);
  paths.useContextNamespace(kc);
  let created = 0;
  let replaced = 0;
  const check = (r: { status: number; text: string }, obj: KubernetesObject, what: string) => {
    if (r.status < 200 || r.status >= 300) throw describe(r, obj, what);
  };
  // Namespaces and CRDs first, so namespaced objects and custom resources find what they need.
  const order = (o: KubernetesObject) => (o.kind === "Namespace" ? 0 : o.kind === "CustomResourceDefinition" ? 1 : 2);
  const sorted = [...objects].sort((a, b) => order(a) - order(b));
  for (const phase of [0, 1, 2]) {
    const batch = sorted.filter((o) => order(o) === phase);
    let i = 0;
    const worker = async () => {
      while (i < batch.length) {
        const obj = structuredClone(batch[i++]!);
        const r = await rest(kc, "POST", await paths.path(obj, "create"), obj);
        if (r.status !== 409) {
          check(r, obj, "create");
          created++;
          continue;
        }
        // Already there: replace it, like kubectl replace, keeping the status a kubelet would have posted.
        const itemPath = await paths.path(obj, "read");
        const current = await rest(kc, "GET", itemPath);
        check(current, obj, "read");
        const resourceVersion = (current.json as KubernetesObject).metadata?.resourceVersion;
        check(await rest(kc, "PUT", itemPath, { ...obj, metadata: { ...obj.metadata, resourceVersion } }), obj, "replace");
        if (obj.kind === "Node" && (obj as V1Node).status) {
          const fresh = await rest(kc, "GET", itemPath);
          check(await rest(kc, "PUT", `${itemPath}/status`, { ...(fresh.json as object), status: (obj as V1Node).status }), obj, "replace status");
        }
        replaced++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
  }
  return { created, replaced };
}

function describe(r: { status: number; text: string }, obj: KubernetesObject, what: string): Error {
  const name = `${obj.kind} ${obj.metadata?.namespace ? obj.metadata.namespace + "/" : ""}${obj.metadata?.name}`;
  let msg = r.text;
  try {
    msg = (JSON.parse(r.text) as { message?: string }).message ?? msg;
  } catch {
    /* keep raw */
  }
  return new Error(`${what} ${name}: HTTP ${r.status}: ${msg}`);
}
