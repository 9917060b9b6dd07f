// The cluster page's history past its newest 50 runs: how many runs there are, and "since last ready"
// reaching a ready run older than the listing.
import { describe, expect, it } from "vitest";
import * as clusterDetail from "@/app/api/clusters/[id]/route";
import { db } from "@/lib/db/client";
import { createCluster } from "@/lib/db/clusters";
import { createRun, finishRun } from "@/lib/db/run-writes";
import { sampleReportWith } from "@/lib/report/fixtures";
import type { ClusterDetail } from "@/lib/contracts";
import { adminKubeconfig } from "@/test/cluster/testing";
import { useApiDataDir } from "@/test/support/api-data-dir";

const env = useApiDataDir("dtready-history-");

async function detail(clusterId: string): Promise<ClusterDetail> {
  const res = await clusterDetail.GET(new Request("http://127.0.0.1/api"), { params: Promise.resolve({ id: clusterId }) });
  expect(res.status).toBe(200);
  return (await res.json()) as ClusterDetail;
}

describe("cluster history beyond the listed runs", () => {
  it("counts every run and finds the last ready run older than the newest 50", async () => {
    const { id: clusterId } = await createCluster({ name: "Long history", kubeconfig: adminKubeconfig(), context: env.context });
    const ready = await sampleReportWith();
    const notReady = await sampleReportWith({ "k8s.version": "fail" });
    const ids: string[] = [];
    for (let i = 0; i < 56; i++) {
      const r = i === 0 ? ready : notReady;
      const runId = await createRun({ clusterId, plan: r.plan, target: { ...r.target, clusterId } });
      await finishRun(runId, { report: r, facts: new Map(), stats: { requests: 0, factsCollected: 0, factsFailed: 0 } });
      // Distinct start times, one minute apart, oldest first.
      await db().run.update({ where: { id: runId }, data: { startedAt: new Date(Date.UTC(2026, 10, 1, 0, i)) } });
      ids.push(runId);
    }

    const d = await detail(clusterId);
    expect(d.runs).toHaveLength(50);
    expect(d.runs.every((r) => r.verdict === "not-ready")).toBe(true);
    expect(d.history).toEqual({
      total: 56,
      sinceLastReady: { readyId: ids[0], readyStartedAt: "2026-11-01T00:00:00.000Z", latestId: ids[55] },
    });
  });

  it("has nothing to compare when no run was ever ready", async () => {
    const { id: clusterId } = await createCluster({ name: "Never ready", kubeconfig: adminKubeconfig(), context: env.context });
    const r = await sampleReportWith({ "k8s.version": "fail" });
    const runId = await createRun({ clusterId, plan: r.plan, target: { ...r.target, clusterId } });
    await finishRun(runId, { report: r, facts: new Map(), stats: { requests: 0, factsCollected: 0, factsFailed: 0 } });
    expect((await detail(clusterId)).history).toEqual({ total: 1, sinceLastReady: null });
  });
});
