// The tenant routes and runs planned with a tenant, called as Next calls them, over a real SQLite file, the
// real test cluster and the Dynatrace test server (its CA passed as the tenant's CA bundle).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as clusters from "@/app/api/clusters/route";
import * as cluster from "@/app/api/clusters/[id]/route";
import * as clusterRuns from "@/app/api/clusters/[id]/runs/route";
import * as run from "@/app/api/runs/[id]/route";
import * as report from "@/app/api/runs/[id]/report.json/route";
import * as tenants from "@/app/api/tenants/route";
import * as tenant from "@/app/api/tenants/[id]/route";
import { resolveKubeconfig } from "@/lib/collect/kubernetes/kubeconfig";
import { closeDb } from "@/lib/db/client";
import { defineCheck } from "@/lib/engine/check";
import { defineCollector } from "@/lib/engine/collector";
import { setEngineOverrides, waitForRun } from "@/lib/jobs/service";
import { adminKubeconfig } from "@/test/cluster/testing";
import { startDynatraceTestServer, TEST_INGEST_TOKEN, TEST_OPERATOR_TOKEN, type DynatraceTestServer } from "@/test/dynatrace/server";

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "test.tenant-lookup": { status: number; scopes: string[] };
  }
}

let dir: string;
let clusterId: string;
let server: DynatraceTestServer;
const saved = { ...process.env };
const SECRET_PARTS = [TEST_OPERATOR_TOKEN.split(".")[2]!, TEST_INGEST_TOKEN.split(".")[2]!];

const post = (body: unknown) =>
  new Request("http://127.0.0.1/api", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const get = () => new Request("http://127.0.0.1/api");
const del = () => new Request("http://127.0.0.1/api", { method: "DELETE" });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

/** The response body as text, after asserting no token's secret part is in it. */
async function tokenFree(res: Response): Promise<string> {
  const text = await res.text();
  for (const s of SECRET_PARTS) expect(text).not.toContain(s);
  return text;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "dtready-tenant-api-"));
  process.env.DTREADY_DATA_DIR = dir;
  process.env.DTREADY_LOG = "off";
  delete process.env.DATABASE_URL;
  delete process.env.DTREADY_SECRET_KEY;
  server = await startDynatraceTestServer({ scenario: "valid" });
  const kubeconfig = adminKubeconfig();
  const res = await clusters.POST(post({ name: "aks-tenant", kubeconfig, context: resolveKubeconfig(kubeconfig).context }));
  clusterId = ((await res.json()) as { id: string }).id;
});

afterEach(() => setEngineOverrides(undefined));

afterAll(async () => {
  await server?.close();
  await closeDb();
  process.env = { ...saved };
  rmSync(dir, { recursive: true, force: true });
});

async function addTenant(extra: Record<string, string> = {}): Promise<string> {
  const res = await tenants.POST(
    post({ name: "test tenant", apiUrl: server.apiUrl, operatorToken: TEST_OPERATOR_TOKEN, ingestToken: TEST_INGEST_TOKEN, caBundle: server.caPem, ...extra }),
  );
  expect(res.status).toBe(201);
  return (JSON.parse(await tokenFree(res)) as { tenant: { id: string } }).tenant.id;
}

describe("tenant routes", () => {
  it("adds a tenant and lists it with the tokens' public parts only", async () => {
    const id = await addTenant({ name: "listed", networkZone: "west" });
    const res = await tenants.GET(get());
    expect(res.status).toBe(200);
    const { tenants: list } = JSON.parse(await tokenFree(res)) as { tenants: Record<string, unknown>[] };
    expect(list.find((t) => t.id === id)).toMatchObject({
      name: "listed",
      apiUrl: server.apiUrl,
      operatorTokenPublic: "dt0c01.OPERATOR…",
      ingestTokenPublic: "dt0c01.INGESTTE…",
      customCa: true,
      networkZone: "west",
    });
  });

  it("answers 400 with the field to fix and never echoes the token", async () => {
    const res = await tenants.POST(post({ name: "x", apiUrl: server.apiUrl, operatorToken: `${TEST_OPERATOR_TOKEN} ` }));
    expect(res.status).toBe(400);
    const body = JSON.parse(await tokenFree(res)) as { error: string; field: string };
    expect(body).toEqual({ error: expect.stringMatching(/spaces or line breaks around it/), field: "operatorToken" });

    const noApi = await tenants.POST(post({ name: "x", apiUrl: "https://abc12345.live.dynatrace.com", operatorToken: TEST_OPERATOR_TOKEN }));
    expect(await noApi.json()).toEqual({
      error: "The API URL must end in /api; did you mean https://abc12345.live.dynatrace.com/api?",
      field: "apiUrl",
    });
    const missing = await tenants.POST(post({ name: "x", apiUrl: server.apiUrl }));
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatch(/^operatorToken:/);
  });

  it("deletes a tenant (204), then 404", async () => {
    const id = await addTenant({ name: "gone" });
    expect((await tenant.DELETE(del(), ctx(id))).status).toBe(204);
    expect((await tenant.DELETE(del(), ctx(id))).status).toBe(404);
    const { tenants: list } = (await (await tenants.GET(get())).json()) as { tenants: { id: string }[] };
    expect(list.some((t) => t.id === id)).toBe(false);
  });
});

describe("runs with a tenant", () => {
  it("refuses an unknown tenant id before starting anything", async () => {
    const res = await clusterRuns.POST(post({ plan: {}, tenantId: "no-such-tenant" }), ctx(clusterId));
    expect(res.status).toBe(404);
    expect((await res.json()).error).toBe("The tenant was not found");
  });

  it("hands the decrypted connection to the collectors and shows only the summary in the run and its report", async () => {
    // A collector that does what the Dynatrace collectors do: look the operator token up through the client.
    const lookup = defineCollector({
      id: "test.tenant-lookup",
      produces: ["test.tenant-lookup"],
      async collect(c) {
        const answer = await c.clients.dynatrace!.call<{ scopes: string[] }>(c, "POST /v2/apiTokens/lookup", {
          method: "POST",
          path: "/v2/apiTokens/lookup",
          body: { token: c.clients.tenant!.operatorToken },
        });
        return { "test.tenant-lookup": { status: answer.status, scopes: answer.body?.scopes ?? [] } };
      },
    });
    const scopesKnown = defineCheck({
      id: "test.tenant-scopes",
      title: "Tenant scopes",
      section: "tenant",
      severity: "blocking",
      docs: [],
      needs: ["test.tenant-lookup"],
      notApplicable: ({ target }) => (target.tenant ? undefined : "No Dynatrace tenant is connected to this run."),
      evaluate: (facts) => {
        const f = facts.get("test.tenant-lookup");
        return { status: f.status === 200 ? "pass" : "fail", summary: `lookup ${f.status}: ${f.scopes.join(", ")}` };
      },
    });
    setEngineOverrides({ checks: [scopesKnown], collectors: [lookup] });

    const tenantId = await addTenant({ name: "for the run" });
    const started = await clusterRuns.POST(post({ plan: {}, tenantId }), ctx(clusterId));
    expect(started.status).toBe(202);
    const { runId } = (await started.json()) as { runId: string };
    await waitForRun(runId);

    const detail = JSON.parse(await tokenFree(await run.GET(get(), ctx(runId)))) as { run: { target: { tenant: unknown }; checks: { id: string; status: string; summary: string }[] } };
    expect(detail.run.target.tenant).toMatchObject({ tenantId, name: "for the run", apiUrl: server.apiUrl, operatorTokenPublic: "dt0c01.OPERATOR…", customCa: true });
    expect(detail.run.checks[0]).toMatchObject({ id: "test.tenant-scopes", status: "pass", summary: expect.stringContaining("InstallerDownload") });
    // The tenant was called with the operator token over TLS trusting only the tenant's CA bundle.
    expect(server.requests.some((r) => r.path.endsWith("/v2/apiTokens/lookup") && r.auth === "operator" && r.lookedUp === "operator")).toBe(true);

    // The cluster's run history says which tenant the run was checked with.
    const history = (await (await cluster.GET(get(), ctx(clusterId))).json()) as { runs: { id: string; tenant?: string }[] };
    expect(history.runs.find((r) => r.id === runId)).toMatchObject({ tenant: "for the run" });

    const exported = await tokenFree(await report.GET(get(), ctx(runId)));
    expect(JSON.parse(exported).target.tenant).toMatchObject({ apiUrl: server.apiUrl, operatorTokenPublic: "dt0c01.OPERATOR…" });

    // Without a tenant the same check does not apply.
    const plain = await clusterRuns.POST(post({ plan: {} }), ctx(clusterId));
    const plainId = ((await plain.json()) as { runId: string }).runId;
    await waitForRun(plainId);
    const plainRun = (await (await run.GET(get(), ctx(plainId))).json()) as { run: { target: { tenant?: unknown }; checks: { status: string }[] } };
    expect(plainRun.run.target.tenant).toBeUndefined();
    expect(plainRun.run.checks[0]!.status).toBe("not-applicable");
  });
});
