// The API route handlers, called as Next calls them, over a real SQLite file and the real test cluster.
import { describe, expect, it } from "vitest";
import * as clusters from "@/app/api/clusters/route";
import * as cluster from "@/app/api/clusters/[id]/route";
import * as clusterRuns from "@/app/api/clusters/[id]/runs/route";
import * as inspect from "@/app/api/kubeconfig/inspect/route";
import * as run from "@/app/api/runs/[id]/route";
import * as attestations from "@/app/api/runs/[id]/attestations/route";
import * as events from "@/app/api/runs/[id]/events/route";
import * as report from "@/app/api/runs/[id]/report.json/route";
import { waitForRun } from "@/lib/jobs/service";
import { adminKubeconfig } from "@/test/cluster/testing";
import { useApiDataDir } from "@/test/support/api-data-dir";

const env = useApiDataDir("dtready-api-");

const post = (body: unknown, type = "application/json") =>
  new Request("http://127.0.0.1/api", { method: "POST", headers: { "content-type": type }, body: typeof body === "string" ? body : JSON.stringify(body) });
const get = () => new Request("http://127.0.0.1/api");
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

describe("API routes", () => {
  it("inspect lists contexts without credentials and explains a malformed kubeconfig", async () => {
    const ok = await inspect.POST(post({ kubeconfig: adminKubeconfig() }));
    expect(ok.status).toBe(200);
    const text = await ok.text();
    expect(text).not.toContain(env.token);
    expect(JSON.parse(text)).toMatchObject({ contexts: [{ name: env.context, authKind: "token" }], currentContext: env.context });

    const bad = await inspect.POST(post({ kubeconfig: "clusters: [\n" }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/not valid YAML/);
  });

  it("refuses requests for foreign host names (DNS rebinding) and cross-site posts", async () => {
    const rebound = await clusters.GET(new Request("http://attacker.example:3000/api/clusters"));
    expect(rebound.status).toBe(403);
    expect((await rebound.json()).error).toMatch(/DTREADY_ALLOWED_HOSTS/);
    const crossSite = new Request("http://127.0.0.1:3000/api/clusters", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://attacker.example" },
      body: JSON.stringify({ name: "x", kubeconfig: "x", context: "x" }),
    });
    expect((await clusters.POST(crossSite)).status).toBe(403);
    const sameSite = new Request("http://localhost:3000/api/kubeconfig/inspect", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000" },
      body: JSON.stringify({ kubeconfig: adminKubeconfig() }),
    });
    expect((await inspect.POST(sameSite)).status).toBe(200);

    process.env.DTREADY_ALLOWED_HOSTS = "dtready.internal.example";
    try {
      expect((await clusters.GET(new Request("http://dtready.internal.example/api/clusters"))).status).toBe(200);
    } finally {
      delete process.env.DTREADY_ALLOWED_HOSTS;
    }
  });

  it("refuses bodies that are not JSON, so other sites cannot post to the dashboard", async () => {
    const res = await clusters.POST(post(JSON.stringify({ name: "x", kubeconfig: adminKubeconfig(), context: env.context }), "text/plain"));
    expect(res.status).toBe(415);
    expect((await res.json()).error).toMatch(/application\/json/);
    expect((await clusters.POST(post("{not json"))).status).toBe(400);
  });

  it("connects a cluster, runs it, serves the run, its events, attestation errors and the report", async () => {
    const created = await clusters.POST(post({ name: "AKS Prod (westeurope)", kubeconfig: adminKubeconfig(), context: env.context }));
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const badPlan = await clusterRuns.POST(post({ plan: { mode: "everything" } }), ctx(id));
    expect(badPlan.status).toBe(400);
    expect((await badPlan.json()).error).toMatch(/plan\.mode/);
    expect((await clusterRuns.POST(post({}), ctx("missing"))).status).toBe(404);

    const started = await clusterRuns.POST(post({ plan: { mode: "platform" } }), ctx(id));
    expect(started.status).toBe(202);
    const { runId } = (await started.json()) as { runId: string };
    await waitForRun(runId);

    const detail = await run.GET(get(), ctx(runId));
    expect(detail.status).toBe(200);
    const body = await detail.text();
    expect(body).not.toContain(env.token);
    const r = JSON.parse(body).run;
    expect(r).toMatchObject({ id: runId, clusterId: id, status: "finished", plan: { mode: "platform" } });
    expect(r.checks.length).toBeGreaterThan(0);

    const list = await clusters.GET(get());
    const listed = (await list.json()).clusters.find((c: { id: string }) => c.id === id);
    expect(listed.latestRun).toMatchObject({ id: runId, status: "finished", verdict: r.verdict });
    const one = await (await cluster.GET(get(), ctx(id))).json();
    expect(one.runs[0]).toMatchObject({ id: runId, plan: { mode: "platform" } });
    expect(JSON.stringify(one)).not.toContain(env.token);

    const sse = await events.GET(new Request("http://127.0.0.1/api"), ctx(runId));
    expect(sse.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const chunks = (await sse.text()).split("\n\n").filter(Boolean);
    expect(JSON.parse(chunks[0]!.replace(/^data: /, ""))).toMatchObject({ type: "planned" });
    expect(JSON.parse(chunks.at(-1)!.replace(/^data: /, ""))).toMatchObject({ type: "finished", verdict: r.verdict });

    const automatic = r.checks.find((c: { status: string }) => c.status !== "manual");
    const notManual = await attestations.POST(post({ checkId: automatic.id, by: "ana", note: "" }), ctx(runId));
    expect(notManual.status).toBe(400);
    expect((await notManual.json()).error).toMatch(/not a manual item/);

    // A manual item (the prerequisites always have some) attested over HTTP counts as passed.
    const manual = r.checks.find((c: { status: string }) => c.status === "manual");
    expect(manual).toBeDefined();
    const attested = await attestations.POST(post({ checkId: manual.id, by: "Ana Platform", note: "checked with the tenant admin" }), ctx(runId));
    expect(attested.status).toBe(200);
    const after = (await attested.json()).run;
    expect(after.checks.find((c: { id: string }) => c.id === manual.id)).toMatchObject({ status: "pass", attestation: { by: "Ana Platform" } });
    expect(after.counts.manual).toBe(r.counts.manual - 1);
    const again = await attestations.POST(post({ checkId: manual.id, by: "Bob", note: "" }), ctx(runId));
    expect(again.status).toBe(409);

    const rep = await report.GET(get(), ctx(runId));
    expect(rep.status).toBe(200);
    expect(rep.headers.get("content-disposition")).toBe(`attachment; filename="dtready-aks-prod-westeurope-${runId}.json"`);
    const json = await rep.json();
    expect(Object.keys(json)).toEqual(["schemaVersion", "verdict", "target", "plan", "startedAt", "finishedAt", "durationMs", "checks"]);
    expect(json.verdict).toBe(after.verdict);
    expect(json.checks.find((c: { id: string }) => c.id === manual.id).status).toBe("pass");

    expect((await run.GET(get(), ctx("missing"))).status).toBe(404);
    expect((await events.GET(get(), ctx("missing"))).status).toBe(404);

    expect((await cluster.DELETE(get(), ctx(id))).status).toBe(204);
    expect((await cluster.GET(get(), ctx(id))).status).toBe(404);
    expect((await cluster.DELETE(get(), ctx(id))).status).toBe(404);
  });
});
