// Create-or-replace of arbitrary objects as the admin identity, sent as the JSON they are written in. Nodes keep their status: kubelets register
// nodes with status on create, and later changes go through the status subresource, so we do the same. Pods get
// theirs through the status subresource after create, as a kubelet posts it.
import { KubeConfig, KubernetesObjectApi, type KubernetesObject, type V1Node, type V1Pod } from "@kubernetes/client-node";
import { Agent, request as httpsRequest, type RequestOptions } from "node:https";
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

/** One keep-alive connection pool per kubeconfig: a TLS handshake per object made populating 100,000 pods slow. */
const connections = new WeakMap<KubeConfig, Promise<RequestOptions>>();

function connection(kc: KubeConfig): Promise<RequestOptions> {
  let c = connections.get(kc);
  if (!c) {
    c = (async () => {
      const options: RequestOptions = { headers: { Accept: "application/json", "Content-Type": "application/json" } };
      await kc.applyToHTTPSOptions(options);
      options.agent = new Agent({ ca: options.ca, cert: options.cert, key: options.key, keepAlive: true, maxSockets: 64 });
      return options;
    })();
    connections.set(kc, c);
  }
  return c;
}

/** Sends raw JSON: client-node's typed serializer would drop fields it names differently (LimitRange `default`). */
async function rest(kc: KubeConfig, method: string, path: string, body?: unknown, contentType = "application/json"): Promise<RestResult> {
  const base = await connection(kc);
  const options: RequestOptions = { ...base, method, headers: { ...base.headers, "Content-Type": contentType } };
  const url = new URL(path, kc.getCurrentCluster()!.server);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, options, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
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
  // Namespaces and CRDs first, so namespaced objects and custom resources find what they need.
  const order = (o: KubernetesObject) => (o.kind === "Namespace" ? 0 : o.kind === "CustomResourceDefinition" ? 1 : 2);
  const total = { created: 0, replaced: 0 };
  for (const phase of [0, 1, 2]) {
    const r = await applyAll(kc, objects.filter((o) => order(o) === phase)[Symbol.iterator](), concurrency);
    total.created += r.created;
    total.replaced += r.replaced;
  }
  return total;
}

/**
 * Applies objects in the order `objects` yields them, `concurrency` at a time, without holding them all: the
 * benchmark streams 100,000 generated pods through here. `onApplied` is called after each object.
 */
export async function applyAll(
  kc: KubeConfig,
  objects: Iterator<KubernetesObject>,
  concurrency = 16,
  onApplied?: (applied: number) => void,
): Promise<{ created: number; replaced: number }> {
  const paths = kc.makeApiClient(ObjectPaths);
  paths.useContextNamespace(kc);
  let created = 0;
  let replaced = 0;
  let failure: Error | undefined;
  const worker = async () => {
    for (let next = objects.next(); !next.done && !failure; next = objects.next()) {
      try {
        if ((await applyOne(kc, paths, next.value)) === "created") created++;
        else replaced++;
        onApplied?.(created + replaced);
      } catch (err) {
        failure ??= err as Error;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (failure) throw failure;
  return { created, replaced };
}

const check = (r: { status: number; text: string }, obj: KubernetesObject, what: string) => {
  if (r.status < 200 || r.status >= 300) throw describe(r, obj, what);
};

async function applyOne(kc: KubeConfig, paths: ObjectPaths, original: KubernetesObject): Promise<"created" | "replaced"> {
  const obj = structuredClone(original);
  // A pod with an owner was made by its controller, and its status is the kubelet's: their field managers, as on a
  // real cluster (managedFields show both). The API server drops a pod's status on create, so it is posted after.
  const podStatus = obj.kind === "Pod" ? (obj as V1Pod).status : undefined;
  const manager = obj.kind === "Pod" && obj.metadata?.ownerReferences?.length ? "?fieldManager=kube-controller-manager" : "";
  const itemPath = await paths.path(obj, "read");
  const r = await rest(kc, "POST", (await paths.path(obj, "create")) + manager, obj);
  let outcome: "created" | "replaced" = "created";
  if (r.status === 409) {
    // Already there: replace it, like kubectl replace, keeping the status a kubelet would have posted.
    const current = await rest(kc, "GET", itemPath);
    check(current, obj, "read");
    const resourceVersion = (current.json as KubernetesObject).metadata?.resourceVersion;
    check(await rest(kc, "PUT", itemPath + manager, { ...obj, metadata: { ...obj.metadata, resourceVersion } }), obj, "replace");
    if (obj.kind === "Node" && (obj as V1Node).status) {
      const fresh = await rest(kc, "GET", itemPath);
      check(await rest(kc, "PUT", `${itemPath}/status`, { ...(fresh.json as object), status: (obj as V1Node).status }), obj, "replace status");
    }
    outcome = "replaced";
  } else {
    check(r, obj, "create");
  }
  if (podStatus) {
    // What the kubelet sends: a strategic merge patch of pods/status under its own field manager.
    check(await rest(kc, "PATCH", `${itemPath}/status?fieldManager=kubelet`, { status: podStatus }, "application/strategic-merge-patch+json"), obj, "post status");
  }
  return outcome;
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
