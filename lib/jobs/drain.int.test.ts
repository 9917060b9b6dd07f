// Shutdown: what SIGTERM does to the runs in flight (lib/jobs/shutdown.ts calls drainRuns). Its own file:
// draining cannot be undone in a process, so no other test may share it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveKubeconfig } from "@/lib/collect/kubernetes/kubeconfig";
import { closeDb } from "@/lib/db/client";
import { createCluster } from "@/lib/db/clusters";
import { getRun, listRunEvents } from "@/lib/db/run-reads";
import { defineCheck } from "@/lib/engine/check";
import { defineCollector } from "@/lib/engine/collector";
import { adminKubeconfig } from "@/test/cluster/testing";
import { drainRuns, isDraining, setEngineOverrides, SHUTDOWN_MESSAGE, startRun, waitForRun } from "./service";

let dir: string;
let clusterId: string;
const saved = { ...process.env };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "dtready-drain-"));
  process.env.DTREADY_DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  delete process.env.DTREADY_SECRET_KEY;
  process.env.DTREADY_LOG = "off";
  const kubeconfig = adminKubeconfig();
  clusterId = (await createCluster({ name: "aks-drain", kubeconfig, context: resolveKubeconfig(kubeconfig).context })).id;
});

afterAll(async () => {
  setEngineOverrides(undefined);
  await closeDb();
  process.env = { ...saved };
  rmSync(dir, { recursive: true, force: true });
});

describe("drainRuns", () => {
  it("lets running runs finish, ends the ones past the timeout as failed, and refuses new runs", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The plan's namespace tells the collector which run it serves: "stuck" waits until released.
    const gated = defineCollector({
      id: "test.gated",
      produces: ["k8s.nodes"],
      reads: ["namespace"],
      async collect(ctx) {
        await (ctx.plan.namespace === "stuck" ? gate : new Promise((r) => setTimeout(r, 300)));
        return { "k8s.nodes": [] };
      },
    });
    const nodesRead = defineCheck({
      id: "test.nodes-read",
      title: "Nodes read",
      section: "cluster",
      severity: "blocking",
      docs: [],
      needs: ["k8s.nodes"],
      evaluate: (facts) => ({ status: "pass", summary: `${facts.get("k8s.nodes").length} nodes` }),
    });
    setEngineOverrides({ checks: [nodesRead], collectors: [gated] });
    const quick = await startRun(clusterId, { namespace: "quick" });
    const stuck = await startRun(clusterId, { namespace: "stuck" });

    const t0 = Date.now();
    const drained = drainRuns(1500);
    expect(isDraining()).toBe(true);
    await expect(startRun(clusterId, {})).rejects.toMatchObject({ status: 409, message: /shutting down/ });
    expect(await drained).toEqual({ finished: 1, interrupted: 1 });
    const waited = Date.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(1400);
    expect(waited).toBeLessThan(5000);

    expect(await getRun(quick)).toMatchObject({ status: "finished", verdict: "ready" });
    expect(await getRun(stuck)).toMatchObject({ status: "failed", verdict: null, error: SHUTDOWN_MESSAGE });
    expect((await listRunEvents(stuck)).at(-1)!.event).toEqual({ type: "failed", message: SHUTDOWN_MESSAGE });

    // The engine of the cut-off run ending afterwards changes nothing that was stored.
    const eventsBefore = (await listRunEvents(stuck)).length;
    release();
    await waitForRun(stuck);
    expect(await getRun(stuck)).toMatchObject({ status: "failed", error: SHUTDOWN_MESSAGE });
    expect(await listRunEvents(stuck)).toHaveLength(eventsBefore);
  });
});
