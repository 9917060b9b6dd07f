// "Re-judge with current checks" through the routes, over a real SQLite file and the real test cluster: a new run judged
// on the original's stored facts, the original untouched, a changed plan judged as such, bad requests refused.
import { describe, expect, it } from "vitest";
import * as clusters from "@/app/api/clusters/route";
import * as cluster from "@/app/api/clusters/[id]/route";
import * as clusterRuns from "@/app/api/clusters/[id]/runs/route";
import * as run from "@/app/api/runs/[id]/route";
import * as rejudge from "@/app/api/runs/[id]/rejudge/route";
import * as report from "@/app/api/runs/[id]/report.json/route";
import type { ClusterDetail, RunDetail } from "@/lib/contracts";
import { db } from "@/lib/db/client";
import { waitForRun } from "@/lib/jobs/service";
import { adminKubeconfig } from "@/test/cluster/testing";
import { useApiDataDir } from "@/test/support/api-data-dir";

const env = useApiDataDir("dtready-rejudge-");
const post = (body?: unknown) =>
  new Request("http://127.0.0.1/api", { method: "POST", ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }) });
const get = () => new Request("http://127.0.0.1/api");
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const detail = async (id: string) => ((await (await run.GET(get(), ctx(id))).json()) as { run: RunDetail }).run;
const judged = (r: RunDetail) => r.checks.map((c) => ({ id: c.id, status: c.status, summary: c.summary, evidence: c.evidence, reason: c.reason }));

describe("re-judge a run", () => {
  it("judges the stored facts into a new run of the cluster, keeps the original, and applies a changed plan", async () => {
    const { id: clusterId } = (await (await clusters.POST(post({ name: "rejudge", kubeconfig: adminKubeconfig(), context: env.context }))).json()) as { id: string };
    const { runId } = (await (await clusterRuns.POST(post({ plan: { mode: "full-stack" } }), ctx(clusterId))).json()) as { runId: string };
    await waitForRun(runId);
    const original = await detail(runId);
    const requestsBefore = await db().runEvent.count();

    const res = await rejudge.POST(post(), ctx(runId));
    expect(res.status).toBe(201);
    const { runId: again } = (await res.json()) as { runId: string };
    const rejudged = await detail(again);
    expect(rejudged).toMatchObject({ status: "finished", clusterId, verdict: original.verdict, replayOf: { runId, collectedAt: original.startedAt } });
    expect(judged(rejudged)).toEqual(judged(original));
    // Nothing ran: a re-judged run has no progress events of its own.
    expect(await db().runEvent.count({ where: { runId: again } })).toBe(0);
    expect(await db().runEvent.count()).toBe(requestsBefore);
    expect(judged(await detail(runId))).toEqual(judged(original));
    const exported = JSON.parse(await (await report.GET(get(), ctx(again))).text()) as { replayOf?: unknown };
    expect(exported.replayOf).toEqual({ runId, collectedAt: original.startedAt });
    const history = (await (await cluster.GET(get(), ctx(clusterId))).json()) as ClusterDetail;
    expect(history.runs.map((r) => [r.id, r.replayOf])).toEqual([
      [again, runId],
      [runId, undefined],
    ]);

    const changed = await rejudge.POST(post({ plan: { csiDriver: false } }), ctx(runId));
    expect(changed.status).toBe(201);
    const underNoCsi = await detail(((await changed.json()) as { runId: string }).runId);
    expect(underNoCsi.plan).toMatchObject({ mode: "full-stack", csiDriver: false });
    expect(underNoCsi.checks.find((c) => c.id === "k8s.admission-dry-run")).toMatchObject({ status: "unknown", reason: expect.stringMatching(/^Not collected for this plan/) });
    // Re-judging a re-judged run keeps the time the facts were collected.
    const twice = await detail(((await (await rejudge.POST(post(), ctx(again))).json()) as { runId: string }).runId);
    expect(twice.replayOf).toEqual({ runId: again, collectedAt: original.startedAt });
  });

  it("refuses an unknown run, a run without facts and a bad plan, and stores nothing", async () => {
    const before = await db().run.count();
    expect((await rejudge.POST(post(), ctx("missing"))).status).toBe(404);
    const [any] = await db().run.findMany({ take: 1, where: { status: "finished" } });
    const bad = await rejudge.POST(post({ plan: { namespace: "Not_Valid" } }), ctx(any!.id));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: "plan.namespace", error: expect.stringMatching(/^plan\.namespace: must be a DNS-1123 label/) });
    const running = await db().run.create({ data: { clusterId: any!.clusterId, status: "running", planJson: any!.planJson, targetJson: any!.targetJson } });
    expect((await rejudge.POST(post(), ctx(running.id))).status).toBe(409);
    expect(await db().run.count()).toBe(before + 1);
  });
});
