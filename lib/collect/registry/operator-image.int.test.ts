// The registry collector against a real HTTPS OCI test registry and the real test cluster (pull secrets, nodes).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminClient, applyObjects, createTestNamespace, restrictedClient, testCollectContext } from "@/test/cluster/testing";
import { startTestRegistry, type TestRegistry } from "@/test/registry/server";
import { nodesCollector } from "@/lib/collect/kubernetes/nodes";
import { evaluateOperatorImage } from "@/lib/checks/network/operator-image";
import { parsePlan } from "@/lib/engine/plan";
import type { KubeClient } from "@/lib/collect/kubernetes/client";
import { operatorImageCollector, type OperatorImageFact } from "./operator-image";
import { resolveImage } from "./oci";

const REPO = "dynatrace/dynatrace-operator";
const VERSION = parsePlan({}).operatorVersion;
const TAG = `v${VERSION}`;
let registry: TestRegistry;

beforeAll(async () => {
  registry = await startTestRegistry({ auth: "bearer", images: { [REPO]: { [TAG]: ["amd64", "arm64"] } } });
});
afterAll(() => registry.close());

async function collect(client: KubeClient, plan: Parameters<typeof testCollectContext>[1]): Promise<OperatorImageFact> {
  const ctx = testCollectContext(client, plan);
  ctx.clients.tenant = { apiUrl: "https://unused.example/api", operatorToken: "unused", caBundle: registry.caPem };
  const out = await operatorImageCollector.collect(ctx, new Map());
  return out["registry.operatorImage"] as OperatorImageFact;
}

describe("OCI resolution", () => {
  it("follows the anonymous bearer flow and reads the index's platforms (attestations left out)", async () => {
    registry.setScenario({ auth: "bearer", images: { [REPO]: { [TAG]: ["amd64", "arm64"] } } });
    const r = await resolveImage({ registry: registry.host, repository: REPO, tag: TAG }, { ca: registry.caPem, timeoutMs: 5000 });
    expect(r.resolved).toBe(true);
    expect(r.auth).toBe("anonymous-token");
    expect(r.platforms.map((p) => p.architecture)).toEqual(["amd64", "arm64"]);
    expect(r.digest).toMatch(/^sha256:/);
    expect(registry.requests.slice(-3).map((q) => q.path.split("?")[0])).toEqual(["/v2/", "/token", `/v2/${REPO}/manifests/${TAG}`]);
    expect(registry.requests.at(-2)!.path).toContain(`scope=repository%3A${encodeURIComponent(REPO)}%3Apull`);
    expect(registry.requests.at(-1)!.authorization).toBe("Bearer");
  });

  it("reads a single-platform manifest's architecture from its config blob", async () => {
    registry.setScenario({ auth: "none", images: { [REPO]: { [TAG]: { single: "amd64" } } } });
    const r = await resolveImage({ registry: registry.host, repository: REPO, tag: TAG }, { ca: registry.caPem, timeoutMs: 5000 });
    expect(r.platforms).toEqual([{ os: "linux", architecture: "amd64" }]);
  });

  it("a missing tag is 404 MANIFEST_UNKNOWN, a denied repository 401", async () => {
    registry.setScenario({ auth: "bearer", images: { [REPO]: { [TAG]: ["amd64"] } } });
    const missing = await resolveImage({ registry: registry.host, repository: REPO, tag: "v0.0.1" }, { ca: registry.caPem, timeoutMs: 5000 });
    expect(missing).toMatchObject({ resolved: false, status: 404 });
    expect(missing.problem).toContain("MANIFEST_UNKNOWN");
    registry.setScenario({ auth: "bearer", images: { [REPO]: { [TAG]: ["amd64"] } }, denyManifests: true });
    const denied = await resolveImage({ registry: registry.host, repository: REPO, tag: TAG }, { ca: registry.caPem, timeoutMs: 5000 });
    expect(denied).toMatchObject({ resolved: false, status: 401 });
    expect(denied.problem).toContain("denied");
  });

  it("an untrusted registry certificate fails at the TLS layer", async () => {
    await expect(resolveImage({ registry: registry.host, repository: REPO, tag: TAG }, { timeoutMs: 5000 })).rejects.toThrow(/TLS/);
  });
});

describe("registry.operatorImage collector", () => {
  it("uses the plan's pull secret for a private registry and judges architectures against the real nodes", async () => {
    const credentials = { username: "puller", password: "s3cret-pull-pass" };
    registry.setScenario({ auth: "bearer", credentials, images: { [REPO]: { [TAG]: ["amd64"] } } });
    const ns = await createTestNamespace("reg");
    const dockerconfig = JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64") } } });
    await applyObjects([
      { apiVersion: "v1", kind: "Secret", metadata: { name: "pull", namespace: ns }, type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": Buffer.from(dockerconfig).toString("base64") } },
    ]);
    const plan = { namespace: ns, privateRegistry: { repository: `${registry.host}/${REPO}`, pullSecret: "pull" } };
    const fact = await collect(adminClient(), plan);
    expect(fact).toMatchObject({ resolved: true, auth: "credentials", source: "private", pullSecret: { name: "pull", exists: true, hasCredentialsForRegistry: true } });
    expect(JSON.stringify(fact)).not.toContain(credentials.password);

    const ctx = testCollectContext(adminClient(), plan);
    const nodes = (await nodesCollector.collect(ctx, new Map()))["k8s.nodes"];
    const r = evaluateOperatorImage(fact, nodes as never, { plan: parsePlan(plan), target: ctx.target });
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("no linux/arm64 image");
    expect(r.summary).toContain('"arm"');
  });

  it("a missing pull secret is reported; without credentials the registry refuses the token", async () => {
    registry.setScenario({ auth: "bearer", credentials: { username: "u", password: "p" }, images: { [REPO]: { [TAG]: ["amd64"] } } });
    const ns = await createTestNamespace("reg");
    const fact = await collect(adminClient(), { namespace: ns, privateRegistry: { repository: `${registry.host}/${REPO}`, pullSecret: "absent" } });
    expect(fact.pullSecret).toEqual({ name: "absent", exists: false });
    expect(fact).toMatchObject({ resolved: false, status: 401 });
  });

  it("the public default can be pointed at the test registry (DTREADY_PUBLIC_REGISTRY, DTREADY_REGISTRY_CA_FILE)", async () => {
    registry.setScenario({ auth: "bearer", images: { [REPO]: { [TAG]: ["amd64", "arm64"] } } });
    const dir = mkdtempSync(join(tmpdir(), "dtready-reg-"));
    writeFileSync(join(dir, "ca.pem"), registry.caPem);
    process.env.DTREADY_PUBLIC_REGISTRY = registry.host;
    process.env.DTREADY_REGISTRY_CA_FILE = join(dir, "ca.pem");
    try {
      const out = await operatorImageCollector.collect(testCollectContext(adminClient()), new Map());
      expect(out["registry.operatorImage"]).toMatchObject({ source: "public", resolved: true, image: `${registry.host}/${REPO}:${TAG}`, auth: "anonymous-token" });
    } finally {
      delete process.env.DTREADY_PUBLIC_REGISTRY;
      delete process.env.DTREADY_REGISTRY_CA_FILE;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an identity that may not read secrets gets the reason, not a crash", async () => {
    registry.setScenario({ auth: "bearer", images: { [REPO]: { [TAG]: ["amd64", "arm64"] } } });
    const ns = await createTestNamespace("reg");
    const fact = await collect(restrictedClient(), { namespace: ns, privateRegistry: { repository: `${registry.host}/${REPO}`, pullSecret: "pull" } });
    expect(fact.pullSecret?.exists).toBeUndefined();
    expect(fact.pullSecret?.problem).toContain("forbidden");
    expect(fact.resolved).toBe(true);
  });
});
