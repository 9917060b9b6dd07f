// The compare and install-plan routes over a real SQLite file and runs against the real test cluster.
import { describe, expect, it } from "vitest";
import * as clusters from "@/app/api/clusters/route";
import * as clusterRuns from "@/app/api/clusters/[id]/runs/route";
import * as compare from "@/app/api/runs/[id]/compare/route";
import * as installPlan from "@/app/api/runs/[id]/install-plan/route";
import { waitForRun } from "@/lib/jobs/service";
import { adminKubeconfig } from "@/test/cluster/testing";
import { useApiDataDir } from "@/test/support/api-data-dir";

const env = useApiDataDir("dtready-compare-");

const post = (body: unknown) => new Request("http://127.0.0.1/api", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const get = (query = "") => new Request(`http://127.0.0.1/api${query}`);
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

async function newCluster(name: string): Promise<string> {
  const created = await clusters.POST(post({ name, kubeconfig: adminKubeconfig(), context: env.context }));
  expect(created.status).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

async function finishedRun(clusterId: string, plan: object): Promise<string> {
  const started = await clusterRuns.POST(post({ plan }), ctx(clusterId));
  expect(started.status).toBe(202);
  const { runId } = (await started.json()) as { runId: string };
  await waitForRun(runId);
  return runId;
}

describe("compare and install-plan routes", () => {
  it("compares two runs of one cluster (earlier as the baseline), and refuses runs of different clusters", async () => {
    const a = await newCluster("Compare A");
    const b = await newCluster("Compare B");
    const first = await finishedRun(a, { mode: "platform" });
    const second = await finishedRun(a, { mode: "full-stack" });
    const other = await finishedRun(b, { mode: "platform" });

    const res = await compare.GET(get(`?with=${second}`), ctx(first));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ clusterId: a, older: { id: first }, newer: { id: second } });
    const c = body.comparison;
    const total = c.worse.length + c.better.length + c.appeared.length + c.evidenceChanged.length + c.unchanged;
    expect(total).toBeGreaterThan(0);

    const same = await (await compare.GET(get(`?with=${first}`), ctx(second))).json();
    expect(same.older.id).toBe(first);

    const cross = await compare.GET(get(`?with=${other}`), ctx(first));
    expect(cross.status).toBe(400);
    expect((await cross.json()).error).toMatch(/same cluster/);
    expect((await compare.GET(get(), ctx(first))).status).toBe(400);
    expect((await compare.GET(get("?with=missing"), ctx(first))).status).toBe(404);
  });

  it("serves the install plan as JSON (or why it is withheld) and as install-plan.md, without credentials", async () => {
    const id = await newCluster("Install plan");
    const runId = await finishedRun(id, { mode: "application", namespace: "dt-plan" });
    const res = await installPlan.GET(get(), ctx(runId));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(env.token);
    const plan = JSON.parse(text);
    if (plan.available) {
      expect(plan.sections.map((s: { id: string }) => s.id)).toContain("dynakube");
      expect(plan.text).toContain("pod-security.kubernetes.io/enforce: privileged");
    } else {
      expect(plan.reason).toMatch(/not ready|incomplete/);
    }
    const md = await installPlan.GET(get("?format=md"), ctx(runId));
    expect(md.headers.get("content-disposition")).toContain("install-plan.md");
    expect(await md.text()).toMatch(/^# Install plan/);
    expect((await installPlan.GET(get(), ctx("missing"))).status).toBe(404);
  });
});
