// The benchmark's synthetic cluster is only worth its numbers if a real API server would hold it: its pods must pass
// validation and admission (LimitRanger, Pod Security) and carry the status a kubelet posts.
//
// Isolation: the generated nodes never reach the shared test cluster (node checks of other files see the baseline
// nodes); generated pods go into this file's uniquely named namespaces and are deleted in afterAll.
import type { KubernetesObject, V1LimitRange, V1Pod } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticCluster } from "./generate";
import { adminClient, applyObjects, createTestNamespace } from "./testing";

const cluster = syntheticCluster({ nodes: 40, namespaces: 24, pods: 400, seed: 7 });
const all = (() => {
  const out: KubernetesObject[] = [];
  for (let it = cluster.pods(), next = it.next(); !next.done; next = it.next()) out.push(next.value);
  return out as V1Pod[];
})();
const nodes = cluster.objects.filter((o) => o.kind === "Node");
const limitRange = cluster.objects.find((o) => o.kind === "LimitRange") as V1LimitRange;
const declaresNothing = (p: V1Pod) => p.spec!.containers.every((c) => !c.resources?.requests && !c.resources?.limits);

describe("synthetic cluster (npm run bench)", () => {
  it("spreads the pods evenly over the Linux nodes, tolerating each node's taints, none on Windows", () => {
    expect(all).toHaveLength(400);
    expect(cluster.podCount).toBe(400);
    const linux = nodes.filter((n) => n.metadata!.labels!["kubernetes.io/os"] === "linux");
    const perNode = new Map<string, number>();
    for (const p of all) perNode.set(p.spec!.nodeName!, (perNode.get(p.spec!.nodeName!) ?? 0) + 1);
    expect(perNode.size).toBe(linux.length);
    expect(Math.max(...perNode.values()) - Math.min(...perNode.values())).toBeLessThanOrEqual(1);
    for (const n of nodes) {
      for (const taint of (n as { spec?: { taints?: { key: string }[] } }).spec?.taints ?? []) {
        for (const p of all.filter((p) => p.spec!.nodeName === n.metadata!.name)) {
          expect(p.spec!.tolerations!.some((t) => t.operator === "Exists" && !t.key) || p.spec!.tolerations!.some((t) => t.key === taint.key)).toBe(true);
        }
      }
    }
    expect(new Set(all.map((p) => p.metadata!.name)).size).toBe(all.length);
  });

  it("is the same cluster for the same seed", () => {
    const again = syntheticCluster({ nodes: 40, namespaces: 24, pods: 400, seed: 7 });
    const first = again.pods().next().value as V1Pod;
    expect(first.metadata).toEqual(all[0]!.metadata);
    expect(first.spec).toEqual(all[0]!.spec);
  });

  describe("against the real API server", () => {
    const created: { name: string; namespace: string }[] = [];
    let withLimits: string;
    let restricted: string;
    let privileged: string;
    // One pod of each kind: a node agent, an app with requests and limits, one with a sidecar and an init
    // container, and one declaring no resources (the LimitRange's defaults fill them in).
    const agent = all.find((p) => p.metadata!.namespace === "kube-system")!;
    // The app asking for the most memory: more than the LimitRange's default limit, which it must override.
    const mebibytes = (p: V1Pod) => parseInt(p.spec!.containers[0]!.resources?.requests?.["memory"] ?? "0", 10);
    const app = all
      .filter((p) => p.metadata!.namespace !== "kube-system" && !declaresNothing(p) && !p.spec!.initContainers)
      .sort((a, b) => mebibytes(b) - mebibytes(a))[0]!;
    const withInit = all.find((p) => p.spec!.initContainers?.some((c) => c.restartPolicy === "Always") && p.spec!.initContainers.some((c) => !c.restartPolicy))!;
    const bare = all.find(declaresNothing)!;

    const into = (pod: V1Pod, namespace: string): V1Pod => ({ ...pod, metadata: { ...pod.metadata, namespace } });
    const read = (p: { name: string; namespace: string }) => adminClient().api.core.readNamespacedPod(p);

    beforeAll(async () => {
      expect(agent && app && withInit && bare && limitRange).toBeTruthy();
      expect(mebibytes(app)).toBeGreaterThan(parseInt((limitRange.spec!.limits[0] as unknown as { default: Record<string, string> }).default["memory"]!, 10));
      withLimits = await createTestNamespace("gen-limits");
      restricted = await createTestNamespace("gen-restricted", { "pod-security.kubernetes.io/enforce": "restricted" });
      privileged = await createTestNamespace("gen-system", { "pod-security.kubernetes.io/enforce": "privileged" });
      // The generator's LimitRange first, then the pods, as the bench applies them (the order that once failed with 422).
      await applyObjects([{ ...limitRange, metadata: { name: limitRange.metadata!.name, namespace: withLimits } }]);
      const pods = [into(agent, privileged), into(app, withLimits), into(withInit, withLimits), into(bare, withLimits), into(app, restricted)];
      await applyObjects(pods);
      created.push(...pods.map((p) => ({ name: p.metadata!.name!, namespace: p.metadata!.namespace! })));
    });
    afterAll(async () => {
      // Bound pods hold requests on their node until deleted; without a namespace controller they outlive the namespace.
      await Promise.all(created.map((p) => adminClient().api.core.deleteNamespacedPod({ ...p, gracePeriodSeconds: 0 })));
      await Promise.all([withLimits, restricted, privileged].map((name) => adminClient().api.core.deleteNamespace({ name })));
    });

    it("admits every kind of generated pod, app pods even under Pod Security restricted", async () => {
      for (const p of created) expect((await read(p)).metadata?.uid).toBeTruthy();
    });

    it("gives a pod that declares nothing the LimitRange's defaults, which its own limits never contradict", async () => {
      const pod = await read({ name: bare.metadata!.name!, namespace: withLimits });
      expect(pod.spec!.containers[0]!.resources).toEqual({ requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } });
      const withRequests = await read({ name: app.metadata!.name!, namespace: withLimits });
      expect(withRequests.spec!.containers[0]!.resources!.requests).toEqual(app.spec!.containers[0]!.resources!.requests);
    });

    it("carries the status its kubelet posted: Running, Ready, every container running and ready", async () => {
      for (const p of created) {
        const pod = await read(p);
        expect(pod.status?.phase).toBe("Running");
        expect(pod.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
        expect(pod.status?.containerStatuses?.map((c) => c.name)).toEqual(pod.spec!.containers.map((c) => c.name));
        expect(pod.status?.containerStatuses?.every((c) => c.ready && c.state?.running?.startedAt)).toBe(true);
        expect(pod.status?.podIP).toMatch(/^10\.\d+\.\d+\.\d+$/);
      }
      const init = await read({ name: withInit.metadata!.name!, namespace: withLimits });
      const byName = Object.fromEntries(init.status!.initContainerStatuses!.map((c) => [c.name, c]));
      expect(byName["migrate"]!.state?.terminated?.reason).toBe("Completed");
      expect(byName["proxy"]!.state?.running).toBeTruthy();
    });

    it("shows the controller and the kubelet in managedFields, and weighs what a real pod does", async () => {
      const pod = await read({ name: app.metadata!.name!, namespace: withLimits });
      const managers = (pod.metadata!.managedFields ?? []).map((m) => `${m.manager}${m.subresource ? `/${m.subresource}` : ""}`);
      expect(managers).toEqual(["kube-controller-manager", "kubelet/status"]);
      // As listed (JSON, managedFields included): a few kilobytes, like a Deployment's pod on AKS.
      const size = Buffer.byteLength(JSON.stringify(pod));
      expect(size).toBeGreaterThan(3_000);
      expect(size).toBeLessThan(12_000);
    });
  });
});
