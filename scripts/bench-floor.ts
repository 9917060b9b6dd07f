// The transfer floor of a check (used by bench.ts): the lists that make up nearly all of a run's bytes (pods, nodes,
// namespaces), fetched concurrently as the collectors fetch them, through the same client, with the same pages, the
// same encoding, but without reading the items. Prints one JSON line.
// Usage: node --conditions=react-server --import tsx scripts/bench-floor.ts KUBECONFIG [--json-bytes]
import { readFileSync } from "node:fs";
import { createKubeClient, type KubeClient } from "../lib/collect/kubernetes/client";
import { resolveKubeconfig } from "../lib/collect/kubernetes/kubeconfig";
import { forEachItemStreamed, PAGE_SIZE } from "../lib/collect/kubernetes/paging";
import { RUNNING_PODS } from "../lib/collect/kubernetes/pods";

const k = createKubeClient(resolveKubeconfig(readFileSync(process.argv[2]!, "utf8")));
let requests = 0;
const ctx = { signal: AbortSignal.timeout(120_000), noteRequest: () => void requests++ };

/** forEachPage's requests (JSON pages one after another), reading each page only for its continue token. */
async function rawJsonPages(client: KubeClient, path: string): Promise<number> {
  let bytes = 0;
  let cont: string | undefined;
  do {
    let head = "";
    const url = `${path}${path.includes("?") ? "&" : "?"}limit=${PAGE_SIZE}${cont ? `&continue=${encodeURIComponent(cont)}` : ""}`;
    await client.getStream(ctx, `GET ${path}`, url, {
      accept: "application/json",
      onResponse: () => {},
      onChunk: (c) => {
        bytes += c.length;
        if (head.length < 8192) head += c.toString("latin1");
      },
      onEnd: () => {},
    });
    // The list's metadata comes before its items: {"kind":…,"metadata":{…,"continue":"…"},"items":[…
    cont = /"metadata":\{[^{}]*"continue":"([^"]+)"/.exec(head)?.[1];
  } while (cont);
  return bytes;
}

const t = performance.now();
const [p, nodes, namespaces] = await Promise.all([
  forEachItemStreamed(k, ctx, RUNNING_PODS, undefined, () => {}),
  rawJsonPages(k, "/api/v1/nodes"),
  rawJsonPages(k, "/api/v1/namespaces"),
]);
const ms = Math.round(performance.now() - t);
// With --json-bytes, the size the pod list would have as JSON (what the collector read before it asked for protobuf).
const podJsonBytes = process.argv.includes("--json-bytes") ? await rawJsonPages(k, RUNNING_PODS) : undefined;
console.log(JSON.stringify({ ms, requests, podBytes: p.bytes, nodeBytes: nodes, namespaceBytes: namespaces, podJsonBytes }));
process.exit(0);
