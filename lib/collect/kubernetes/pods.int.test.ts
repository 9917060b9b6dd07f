// The pod collector reads the pod list as protobuf, decoding only the fields it folds. These tests hold it to what
// the JSON list says about the same pods on the real API server: same requests per node, same counts per namespace.
//
// Isolation: pods go into this file's unique namespace and are bound to a node name no other test uses (no Node
// object: requests on the baseline nodes would change other files' capacity checks); all deleted in afterAll.
import { KubeConfig, NodeV1Api, type V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CollectError } from "@/lib/engine/errors";
import { adminClient, adminKubeconfig, applyObjects, createTestNamespace, restrictedClient, testCollectContext, uniqueName } from "@/test/cluster/testing";
import { ProtobufListStream } from "./list-stream";
import { forEachItemStreamed, forEachPage } from "./paging";
import { podFold, podFromProtobuf, podsCollector, RUNNING_PODS } from "./pods";

let ns: string;
const node = uniqueName("dtr-pods-node");
const runtimeClass = uniqueName("dtr-kata");
const pods: V1Pod[] = [];

const pod = (name: string, spec: Partial<V1Pod["spec"]> & Pick<NonNullable<V1Pod["spec"]>, "containers">): V1Pod => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: ns },
  spec,
});
const app = (name: string, requests: Record<string, string>) => ({ name, image: "registry.example/app:1", resources: { requests } });

beforeAll(async () => {
  ns = await createTestNamespace("dtr-pods");
  // spec.overhead comes from the pod's RuntimeClass (the RuntimeClass admission plugin copies it in).
  await applyObjects([{ apiVersion: "node.k8s.io/v1", kind: "RuntimeClass", metadata: { name: runtimeClass }, handler: "kata", overhead: { podFixed: { cpu: "250m", memory: "120Mi" } } }]);
  pods.push(
    pod("plain", { nodeName: node, containers: [app("a", { cpu: "100m", memory: "64Mi", "ephemeral-storage": "1Gi" }), app("b", { cpu: "0.5", memory: "1G" })] }),
    // Sidecar (restartPolicy Always) adds up; the plain init container counts only where it is the largest.
    pod("with-init", {
      nodeName: node,
      initContainers: [{ ...app("migrate", { cpu: "2", memory: "32Mi" }) }, { ...app("proxy", { cpu: "100m", memory: "128Mi" }), restartPolicy: "Always" }],
      containers: [app("main", { cpu: "300m", memory: "256Mi" })],
    }),
    pod("with-overhead", { nodeName: node, runtimeClassName: runtimeClass, containers: [app("c", { cpu: "1", memory: "1Gi" })] }),
    pod("pending", { containers: [app("d", { cpu: "7", memory: "9Gi" })] }),
    pod("done", { nodeName: node, containers: [app("e", { cpu: "3", memory: "3Gi" })] }),
  );
  await applyObjects(pods);
  // A finished pod holds nothing: the kubelet reports it Succeeded, and the collector's field selector leaves it out.
  const done = await adminClient().api.core.readNamespacedPodStatus({ name: "done", namespace: ns });
  await adminClient().api.core.replaceNamespacedPodStatus({ name: "done", namespace: ns, body: { ...done, status: { ...done.status, phase: "Succeeded" } } });
});

afterAll(async () => {
  await Promise.all(pods.map((p) => adminClient().api.core.deleteNamespacedPod({ name: p.metadata!.name!, namespace: ns, gracePeriodSeconds: 0 })));
  await adminClient().api.core.deleteNamespace({ name: ns });
  const kc = new KubeConfig();
  kc.loadFromString(adminKubeconfig());
  await kc.makeApiClient(NodeV1Api).deleteRuntimeClass({ name: runtimeClass });
});

describe("kubernetes.pods against the real API server", () => {
  it("folds requests as the scheduler counts them: sidecars add, init containers at most, overhead on top", async () => {
    const k = adminClient();
    const ctx = testCollectContext(k);
    const facts = await podsCollector.collect(ctx, new Map());
    const byNode = facts["k8s.podRequestsByNode"] as { nodes: Record<string, unknown>; unscheduledPods: number };
    expect(byNode.nodes[node]).toEqual({
      // plain 100m + 500m; with-init max(2000m, 300m + 100m); with-overhead 1000m + 250m
      cpuMillis: 600 + 2000 + 1250,
      // plain 64Mi + 1G; with-init max(32Mi, 256Mi + 128Mi); with-overhead 1Gi + 120Mi
      memoryBytes: 64 * 2 ** 20 + 1e9 + 384 * 2 ** 20 + 2 ** 30 + 120 * 2 ** 20,
      ephemeralStorageBytes: 2 ** 30,
      pods: 3,
      // The storage check counts injected pods per node and namespace.
      podsByNamespace: { [ns]: 3 },
    });
    expect(byNode.unscheduledPods).toBeGreaterThanOrEqual(1);
    expect((facts["k8s.podCountsByNamespace"] as Record<string, number>)[ns]).toBe(4);
    // One request: the list streamed from the watch cache, not pages.
    expect(ctx.requests.filter((r) => r.includes("/api/v1/pods"))).toEqual([`GET ${RUNNING_PODS}&resourceVersion=0`]);
  });

  it("reads every pod as the JSON list does (same fold, same values, same order)", async () => {
    const k = adminClient();
    const fromJson = podFold();
    const fromProtobuf = podFold();
    const json: V1Pod[] = [];
    const proto: V1Pod[] = [];
    // The two reads may see other files' pods come and go in between: compare this file's pods and the fold over them.
    await forEachPage<V1Pod>(k, testCollectContext(k), `/api/v1/namespaces/${ns}/pods?fieldSelector=${encodeURIComponent("status.phase!=Succeeded")}`, (items) => json.push(...items));
    await forEachItemStreamed<V1Pod>(k, testCollectContext(k), `/api/v1/namespaces/${ns}/pods?fieldSelector=${encodeURIComponent("status.phase!=Succeeded")}`, podFromProtobuf, (items) => proto.push(...items));
    fromJson.add(json);
    fromProtobuf.add(proto);
    expect(JSON.stringify(fromProtobuf.facts())).toBe(JSON.stringify(fromJson.facts()));
    expect(proto.map((p) => p.spec?.initContainers?.map((c) => c.restartPolicy ?? null))).toEqual(json.map((p) => p.spec?.initContainers?.map((c) => c.restartPolicy ?? null)));
    expect(proto.map((p) => p.spec?.overhead ?? null)).toEqual(json.map((p) => p.spec?.overhead ?? null));
  });

  it("decodes the same pods whatever the chunks the body arrives in", async () => {
    const k = adminClient();
    const chunks: Buffer[] = [];
    await k.getStream(testCollectContext(k), "GET pods", `/api/v1/namespaces/${ns}/pods?resourceVersion=0`, {
      accept: "application/vnd.kubernetes.protobuf",
      onResponse: (type) => expect(type).toMatch(/^application\/vnd\.kubernetes\.protobuf/),
      onChunk: (c) => chunks.push(c),
      onEnd: () => {},
    });
    const body = Buffer.concat(chunks);
    const decodeIn = (size: number) => {
      const out: V1Pod[] = [];
      const s = new ProtobufListStream(() => {}, (b, start, end) => void out.push(podFromProtobuf(b, start, end)));
      for (let i = 0; i < body.length; i += size) s.write(body.subarray(i, i + size));
      s.end();
      return out;
    };
    const whole = decodeIn(body.length);
    expect(whole.map((p) => p.metadata?.namespace)).toEqual(Array(pods.length).fill(ns));
    for (const size of [1, 2, 7, 64, 1000]) expect(decodeIn(size)).toEqual(whole);
    // Cut short: an error, never a shorter list.
    const cut = new ProtobufListStream(() => {}, () => {});
    cut.write(body.subarray(0, body.length - 10));
    expect(() => cut.end()).toThrow(/ended early/);
  });

  it("classifies an error the server sends as protobuf, with the server's own message", async () => {
    const k = restrictedClient();
    const err = await forEachItemStreamed(k, testCollectContext(k), "/api/v1/secrets", podFromProtobuf, () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CollectError);
    expect((err as CollectError).kind).toBe("forbidden");
    expect((err as CollectError).message).toContain('User "reader" cannot list resource "secrets"');
    const bad = await forEachItemStreamed(adminClient(), testCollectContext(adminClient()), "/api/v1/pods?fieldSelector=spec.color%3Dred", podFromProtobuf, () => {}).catch((e: unknown) => e);
    expect((bad as CollectError).message).toMatch(/failed with HTTP 400: .*field label not supported: spec.color/);
  });
});
