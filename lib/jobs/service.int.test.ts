// The run service end to end: a real run against the real test cluster, persisted in a real SQLite file,
// with its events replayed and streamed, and attestations changing the verdict.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CHECKS } from "@/lib/checks/registry";
import { resolveKubeconfig } from "@/lib/collect/kubernetes/kubeconfig";
import { defineCheck, defineManualCheck } from "@/lib/engine/check";
import { defineCollector } from "@/lib/engine/collector";
import { closeDb, db } from "@/lib/db/client";
import { createCluster, listClustersWithLatestRun } from "@/lib/db/clusters";
import { addAttestation } from "@/lib/db/attestations";
import { factsOf, reportOf } from "@/lib/db/run-reports";
import { getRun, listRunEvents, listRuns } from "@/lib/db/run-reads";
import { encrypt } from "@/lib/secrets/encryption";
import { adminKubeconfig } from "@/test/cluster/testing";
import type { RunStreamEvent } from "@/lib/contracts/results";
import { setEngineOverrides, startRun, waitForRun } from "./service";
import { runEventStream } from "./stream";

let dir: string;
let clusterId: string;
let token: string;
const saved = { ...process.env };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "dtready-runs-"));
  process.env.DTREADY_DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  delete process.env.DTREADY_SECRET_KEY;
  process.env.DTREADY_LOG = "off";
  const kubeconfig = adminKubeconfig();
  const resolved = resolveKubeconfig(kubeconfig);
  token = resolved.user.token!;
  clusterId = (await createCluster({ name: "aks-test", kubeconfig, context: resolved.context })).id;
});

afterEach(() => setEngineOverrides(undefined));

afterAll(async () => {
  await closeDb();
  process.env = { ...saved };
  rmSync(dir, { recursive: true, force: true });
});

async function readStream(runId: string, signal = new AbortController().signal): Promise<RunStreamEvent[]> {
  const text = await new Response(runEventStream(runId, signal)).text();
  return text
    .split("\n\n")
    .filter((chunk) => chunk.startsWith("data: "))
    .map((chunk) => JSON.parse(chunk.slice("data: ".length)) as RunStreamEvent);
}

describe("startRun", () => {
  it("runs every check against the cluster, persists results, facts and events, and streams them live", async () => {
    const runId = await startRun(clusterId, { mode: "full-stack", namespace: "dynatrace" });
    // Subscribed right away: the live stream must carry every event, in order, ending with finished.
    const live = readStream(runId);
    await waitForRun(runId);
    const streamed = await live;

    const run = await getRun(runId);
    expect(run).toMatchObject({ status: "finished", clusterId, clusterName: "aks-test" });
    expect(run!.target).toMatchObject({ kind: "kubeconfig", clusterId, name: "aks-test" });
    expect(run!.checks.map((c) => c.id)).toEqual(CHECKS.map((c) => c.id));
    expect(run!.checks.find((c) => c.id === "k8s.api-server-reachable")?.status).toBe("pass");
    expect(run!.verdict).not.toBeNull();
    expect(run!.progress.planned).toBe(CHECKS.length);
    expect(run!.progress.collectorsDone).toBe(run!.progress.collectorsTotal);
    const counts = Object.values(run!.counts).reduce((a, b) => a + b, 0);
    expect(counts).toBe(CHECKS.length);

    const stored = await listRunEvents(runId);
    expect(stored.map((e) => e.seq)).toEqual(stored.map((_, i) => i));
    expect(stored[0]!.event.type).toBe("planned");
    expect(stored.at(-1)!.event).toMatchObject({ type: "finished", verdict: run!.verdict });
    expect(stored.filter((e) => e.event.type === "check-finished")).toHaveLength(CHECKS.length);
    expect(streamed).toEqual(stored.map((e) => e.event));

    // Replayed after the fact: the same events, then the stream ends.
    expect(await readStream(runId)).toEqual(streamed);

    const facts = await factsOf(runId);
    expect(facts).toHaveProperty("k8s.version");
    expect(JSON.stringify(facts)).not.toContain(token);
    expect(JSON.stringify(run)).not.toContain(token);

    const latest = (await listClustersWithLatestRun()).find((c) => c.id === clusterId)!.latestRun;
    expect(latest).toMatchObject({ id: runId, status: "finished", verdict: run!.verdict, counts: run!.counts });
  });

  it("rejects an invalid plan before creating a run", async () => {
    const before = await db().run.count();
    await expect(startRun(clusterId, { namespace: "Not_Valid" })).rejects.toMatchObject({ status: 400, message: /plan\.namespace/ });
    await expect(startRun("no-such-cluster", {})).rejects.toMatchObject({ status: 404 });
    expect(await db().run.count()).toBe(before);
  });

  it("fails the run with a clear message when the stored kubeconfig cannot be decrypted", async () => {
    const kubeconfig = adminKubeconfig();
    const { id } = await createCluster({ name: "rekeyed", kubeconfig, context: resolveKubeconfig(kubeconfig).context });
    await db().cluster.update({ where: { id }, data: { kubeconfigEnc: encrypt("whatever", Buffer.alloc(32, 9)) } });
    const runId = await startRun(id, {});
    await waitForRun(runId);
    const run = await getRun(runId);
    expect(run).toMatchObject({ status: "failed", verdict: null, checks: [] });
    expect(run!.error).toMatch(/cannot be read: .*secret key is not the one/);
    const events = await readStream(runId);
    expect(events.at(-1)).toEqual({ type: "failed", message: run!.error });
    await expect(reportOf(runId)).rejects.toMatchObject({ status: 409 });
  });
});

describe("attestations", () => {
  const manual = defineManualCheck({
    id: "test.change-approval",
    title: "Change approved",
    section: "additional",
    severity: "blocking",
    docs: [],
    instructions: () => ({ summary: "Confirm the change is approved", remediation: "Ask the change board." }),
  });
  const passing = defineCheck({
    id: "test.always-passes",
    title: "Always passes",
    section: "cluster",
    severity: "blocking",
    docs: [],
    needs: [],
    evaluate: () => ({ status: "pass", summary: "ok" }),
  });

  it("an attested manual item passes and the verdict is recomputed everywhere", async () => {
    setEngineOverrides({ checks: [passing, manual], collectors: [] });
    const runId = await startRun(clusterId, {});
    await waitForRun(runId);
    expect((await getRun(runId))!.verdict).toBe("incomplete");

    await expect(addAttestation(runId, { checkId: "test.always-passes", by: "ana", note: "" })).rejects.toMatchObject({ status: 400 });
    await expect(addAttestation(runId, { checkId: "test.change-approval", by: "", note: "" })).rejects.toMatchObject({ status: 400 });

    const run = await addAttestation(runId, { checkId: "test.change-approval", by: "Ana Platform", note: "CAB-1234" });
    expect(run.verdict).toBe("ready");
    const item = run.checks.find((c) => c.id === "test.change-approval")!;
    expect(item).toMatchObject({ status: "pass", attestation: { by: "Ana Platform", note: "CAB-1234" } });
    expect(run.counts).toMatchObject({ pass: 2, manual: 0 });

    expect((await listRuns(clusterId))[0]).toMatchObject({ id: runId, verdict: "ready", counts: { pass: 2, manual: 0 } });
    const report = await reportOf(runId);
    expect(report.verdict).toBe("ready");
    expect(report.checks.find((c) => c.id === "test.change-approval")!.status).toBe("pass");
    // The replayed `finished` event carries the current verdict.
    expect((await readStream(runId)).at(-1)).toMatchObject({ type: "finished", verdict: "ready" });

    await expect(addAttestation(runId, { checkId: "test.change-approval", by: "Bob", note: "" })).rejects.toMatchObject({
      status: 409,
      message: /already attested by Ana Platform/,
    });
  });
});

describe("concurrency", () => {
  it("executes at most 4 runs at once; the others wait their turn and still finish", async () => {
    let running = 0;
    let peak = 0;
    const slow = defineCollector({
      id: "test.slow",
      produces: ["k8s.nodes"],
      async collect() {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 150));
        running--;
        return { "k8s.nodes": [] };
      },
    });
    const versionKnown = defineCheck({
      id: "test.version-known",
      title: "Version known",
      section: "cluster",
      severity: "blocking",
      docs: [],
      needs: ["k8s.nodes"],
      evaluate: (facts) => ({ status: "pass", summary: `${facts.get("k8s.nodes").length} nodes` }),
    });
    setEngineOverrides({ checks: [versionKnown], collectors: [slow] });
    const ids = await Promise.all(Array.from({ length: 7 }, () => startRun(clusterId, {})));
    await Promise.all(ids.map(waitForRun));
    expect(peak).toBe(4);
    for (const id of ids) expect((await getRun(id))!.verdict).toBe("ready");
  });
});
