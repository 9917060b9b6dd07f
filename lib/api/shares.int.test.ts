// The share-link, approval and audit routes over a real SQLite file and a real run against the test cluster.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as clusters from "@/app/api/clusters/route";
import * as clusterDetail from "@/app/api/clusters/[id]/route";
import * as clusterRuns from "@/app/api/clusters/[id]/runs/route";
import * as approval from "@/app/api/runs/[id]/approval/route";
import * as attestations from "@/app/api/runs/[id]/attestations/route";
import * as audit from "@/app/api/runs/[id]/audit/route";
import * as shares from "@/app/api/runs/[id]/shares/route";
import * as shared from "@/app/api/share/[token]/route";
import * as decision from "@/app/api/share/[token]/decision/route";
import * as sharedMarkdown from "@/app/api/share/[token]/report.md/route";
import * as revoke from "@/app/api/shares/[id]/revoke/route";
import { db } from "@/lib/db/client";
import { createRun, finishRun } from "@/lib/db/run-writes";
import { getRun } from "@/lib/db/run-reads";
import { sampleReportWith } from "@/lib/report/fixtures";
import { newShareToken, shareTokenHash } from "@/lib/db/share-links";
import { waitForRun } from "@/lib/jobs/service";
import type { ClusterDetail, ClusterSummary, CreatedShareLink, RunApproval, SharedRun } from "@/lib/contracts";
import { adminKubeconfig } from "@/test/cluster/testing";
import { useApiDataDir } from "@/test/support/api-data-dir";

const env = useApiDataDir("dtready-shares-api-");

const post = (body?: unknown) =>
  new Request("http://127.0.0.1/api", { method: "POST", headers: { "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const get = () => new Request("http://127.0.0.1/api");
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });
const tok = (token: string) => ({ params: Promise.resolve({ token }) });

/** Everything the server writes to stdout/stderr while a test runs, with logging on at debug level. */
let logged: string[] = [];
beforeEach(() => {
  logged = [];
  vi.stubEnv("DTREADY_LOG", "on");
  vi.stubEnv("DTREADY_LOG_LEVEL", "debug");
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
      logged.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return true;
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

async function newCluster(name: string): Promise<string> {
  const created = await clusters.POST(post({ name, kubeconfig: adminKubeconfig(), context: env.context }));
  expect(created.status).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

async function finishedRun(clusterId: string): Promise<string> {
  const started = await clusterRuns.POST(post({ plan: { mode: "full-stack" } }), ctx(clusterId));
  expect(started.status).toBe(202);
  const { runId } = (await started.json()) as { runId: string };
  await waitForRun(runId);
  return runId;
}

async function createLink(runId: string, body?: unknown): Promise<CreatedShareLink> {
  const res = await shares.POST(post(body), ctx(runId));
  expect(res.status).toBe(201);
  return ((await res.json()) as { link: CreatedShareLink }).link;
}

/** Status, every header and the body's bytes: what a client (or an attacker) can compare. */
async function wire(res: Response): Promise<{ status: number; headers: [string, string][]; body: string }> {
  return { status: res.status, headers: [...res.headers.entries()].sort(), body: await res.text() };
}

const SHARE_HEADERS = { "cache-control": "no-store", "referrer-policy": "no-referrer", "x-robots-tag": "noindex" };

describe("share link routes", () => {
  it("create, open, decide, attest, revoke: the token is only in the create answer and never in the log", async () => {
    const clusterId = await newCluster("Share flow");
    const runId = await finishedRun(clusterId);
    const historyApproval = async () =>
      ((await (await clusterDetail.GET(get(), ctx(clusterId))).json()) as ClusterDetail).runs.find((r) => r.id === runId)?.approval;
    expect(await historyApproval()).toBeUndefined();

    const link = await createLink(runId, { label: "CAB ticket 123", createdBy: "Pat Platform", expiresInDays: 7 });
    const { token } = link;
    const hash = shareTokenHash(token);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link).toMatchObject({ path: `/share/${token}`, state: "active", label: "CAB ticket 123", createdBy: "Pat Platform" });

    // The approver's page.
    const opened = await shared.GET(get(), tok(token));
    expect(opened.status).toBe(200);
    for (const [k, v] of Object.entries(SHARE_HEADERS)) expect(opened.headers.get(k)).toBe(v);
    const body = (await opened.json()) as SharedRun;
    expect(body.run).toMatchObject({ id: runId, status: "finished", clusterName: "Share flow" });
    expect(body.run.checks.length).toBeGreaterThan(0);
    expect(body.link).toEqual({ label: "CAB ticket 123", expiresAt: link.expiresAt });
    expect(body.approval).toMatchObject({ state: "awaiting", decisions: [], reportHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect("installPlan" in body).toBe(body.run.verdict === "ready" || body.run.verdict === "ready-with-warnings");

    // The approver can take the report along (Markdown for the change ticket), behind the same token.
    const md = await sharedMarkdown.GET(get(), tok(token));
    expect(md.status).toBe(200);
    expect(md.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(md.headers.get("content-disposition")).toMatch(/^attachment; filename="dtready-share-flow-[A-Za-z0-9_-]+\.md"$/);
    expect(md.headers.get("referrer-policy")).toBe("no-referrer");
    const markdownText = await md.text();
    expect(markdownText).toContain("Share flow");
    expect(markdownText).not.toContain(token);

    // Decisions: validation, then an approval bound to the hash the page showed.
    const reject = await decision.POST(post({ decision: "reject", name: "Ana", comment: "", reportHash: body.approval.reportHash }), tok(token));
    expect(reject.status).toBe(400);
    expect(await reject.json()).toEqual({ error: "Say why you reject (comment).", field: "comment" });
    expect(reject.headers.get("referrer-policy")).toBe("no-referrer");
    const approved = await decision.POST(post({ decision: "approve", name: "Ana Approver", comment: "ok for prod", reportHash: body.approval.reportHash }), tok(token));
    expect(approved.status).toBe(201);
    expect(await approved.json()).toMatchObject({ state: "approved", approval: { decision: "approve", name: "Ana Approver", current: true, via: "CAB ticket 123" } });
    expect(await historyApproval()).toMatchObject({ state: "approved", name: "Ana Approver" });
    expect(await historyApproval()).toMatchObject({ state: "approved" }); // shown again: the remembered hash
    // The Markdown for the change ticket carries the approval and the hash it is bound to.
    const approvedMd = await (await sharedMarkdown.GET(get(), tok(token))).text();
    expect(approvedMd).toContain(`Report SHA-256: \`${body.approval.reportHash}\``);
    expect(approvedMd).toMatch(/- Approved by Ana Approver at [\dT:.Z-]+ \(this report\): ok for prod/);
    const listed = (await (await clusters.GET(get())).json()) as { clusters: ClusterSummary[] };
    expect(listed.clusters.find((c) => c.id === clusterId)?.latestRun?.approval).toMatchObject({ state: "approved", name: "Ana Approver" });

    // Attesting a manual item changes the report: the old page's hash is refused, the run awaits approval again.
    const manual = (await getRun(runId))!.checks.find((c) => c.status === "manual");
    expect(manual).toBeDefined();
    expect((await attestations.POST(post({ checkId: manual!.id, by: "Pat", note: "confirmed" }), ctx(runId))).status).toBe(200);
    const stale = await decision.POST(post({ decision: "approve", name: "Ana", comment: "", reportHash: body.approval.reportHash }), tok(token));
    expect(stale.status).toBe(409);
    expect(await stale.json()).toEqual({ error: "The report changed since you opened it; reload the page to review the current version." });
    const state = (await (await approval.GET(get(), ctx(runId))).json()) as RunApproval;
    expect(state).toMatchObject({ state: "awaiting", decisions: [{ decision: "approve", current: false }], links: [{ id: link.id, state: "active" }] });
    expect(state.reportHash).not.toBe(body.approval.reportHash);
    // The cluster's history says the same: the decision was on an earlier version of the report.
    expect(await historyApproval()).toMatchObject({ state: "changed", name: "Ana Approver" });

    // Revoked: refused with its state and nothing about the run, for viewing and deciding.
    const revoked = await revoke.POST(post(), ctx(link.id));
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ link: { id: link.id, state: "revoked" } });
    expect((await revoke.POST(post(), ctx(link.id))).status).toBe(409);
    expect((await revoke.POST(post(), ctx("missing"))).status).toBe(404);
    const gone = await shared.GET(get(), tok(token));
    expect(gone.status).toBe(410);
    expect(gone.headers.get("cache-control")).toBe("no-store");
    expect(await gone.json()).toEqual({ error: expect.stringMatching(/^This link was revoked on \d{4}-\d{2}-\d{2}T[\d:.]+Z\.$/), state: "revoked" });
    const late = await decision.POST(post({ decision: "approve", name: "Ana", comment: "", reportHash: state.reportHash }), tok(token));
    expect(late.status).toBe(410);
    expect((await sharedMarkdown.GET(get(), tok(token))).status).toBe(410);

    const events = ((await (await audit.GET(get(), ctx(runId))).json()) as { events: { kind: string; actor: string | null }[] }).events;
    expect(events.map((e) => e.kind)).toEqual(["share-revoked", "attested", "approved", "share-viewed", "share-created"]);
    expect(events.find((e) => e.kind === "approved")!.actor).toBe("Ana Approver");
    expect(events.find((e) => e.kind === "attested")).toMatchObject({ actor: "Pat" });

    // No answer but the first, and no stored row, carries the token.
    for (const res of [await approval.GET(get(), ctx(runId)), await audit.GET(get(), ctx(runId)), await shares.GET(get(), ctx(runId))]) {
      expect(await res.text()).not.toContain(token);
    }
    // An unexpected failure is logged without the token or its hash (the audit table is away for a moment).
    const other = await createLink(runId);
    await db().$executeRawUnsafe(`ALTER TABLE "AuditEvent" RENAME TO "AuditEvent_away"`);
    try {
      const failed = await shared.GET(get(), tok(other.token));
      expect(failed.status).toBe(500);
      expect(failed.headers.get("x-robots-tag")).toBe("noindex");
    } finally {
      await db().$executeRawUnsafe(`ALTER TABLE "AuditEvent_away" RENAME TO "AuditEvent"`);
    }
    const log = logged.join("");
    expect(log).toContain("GET /api/share/:token failed");
    for (const secret of [token, hash, other.token, shareTokenHash(other.token)]) expect(log).not.toContain(secret);
  });

  it("a ready run's shared report includes the install plan the approver signs off on", async () => {
    const clusterId = await newCluster("Ready to install");
    // Every check that applies passed (manual items attested as done): the install plan is not withheld.
    const report = await sampleReportWith();
    expect(report.verdict).toBe("ready");
    const runId = await createRun({ clusterId, plan: report.plan, target: { ...report.target, clusterId } });
    await finishRun(runId, { report, facts: new Map(), stats: { requests: 0, factsCollected: 0, factsFailed: 0 } });

    const { token } = await createLink(runId);
    const body = (await (await shared.GET(get(), tok(token))).json()) as SharedRun;
    expect(body.run.verdict).toBe("ready");
    expect(body.installPlan).toMatchObject({ available: true });
    const plan = body.installPlan as Extract<NonNullable<SharedRun["installPlan"]>, { available: true }>;
    expect(plan.sections.map((sec) => sec.id)).toEqual(expect.arrayContaining(["namespace", "helm"]));
    expect(plan.sections.find((sec) => sec.id === "namespace")!.content).toContain(report.plan.namespace);
  });

  it("guessed, altered, empty, overlong and malformed tokens all get the same 404, byte for byte", async () => {
    const runId = await finishedRun(await newCluster("Guesses"));
    const { token } = await createLink(runId);
    const swap = (c: string) => (c === "A" ? "B" : "A");
    const guesses = [
      newShareToken(),
      token.slice(0, -1) + swap(token.at(-1)!),
      swap(token[0]!) + token.slice(1),
      token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase(),
      "",
      "a".repeat(10_000),
      "%%% not a token! ",
      shareTokenHash(token),
    ];
    const first = await wire(await shared.GET(get(), tok(guesses[0]!)));
    expect(first.status).toBe(404);
    expect(first.body).toBe('{"error":"This link does not exist."}');
    expect(Object.fromEntries(first.headers)).toMatchObject({ "content-type": "application/json", ...SHARE_HEADERS });
    for (const guess of guesses) {
      expect(await wire(await shared.GET(get(), tok(guess)))).toEqual(first);
      expect(await wire(await sharedMarkdown.GET(get(), tok(guess)))).toEqual(first);
      expect(await wire(await decision.POST(post({ decision: "approve", name: "Eve", comment: "", reportHash: "x" }), tok(guess)))).toEqual(first);
    }
    // None of them was recorded as a view, or opened anything.
    const events = ((await (await audit.GET(get(), ctx(runId))).json()) as { events: { kind: string }[] }).events;
    expect(events.map((e) => e.kind)).toEqual(["share-created"]);
  });

  it("refuses expired links with their date, bad input with a clear message, and runs that are not finished", async () => {
    const clusterId = await newCluster("Refusals");
    const runId = await finishedRun(clusterId);
    const link = await createLink(runId);
    expect(new Date(link.expiresAt).getTime() - new Date(link.createdAt).getTime()).toBe(14 * 24 * 3600 * 1000);
    const expiresAt = new Date(Date.now() - 60_000);
    await db().shareLink.update({ where: { id: link.id }, data: { expiresAt } });
    const expired = await shared.GET(get(), tok(link.token));
    expect(expired.status).toBe(410);
    expect(await expired.json()).toEqual({ error: `This link expired on ${expiresAt.toISOString()}.`, state: "expired" });

    const before = await db().shareLink.count();
    const bad = await shares.POST(post({ expiresInDays: 0 }), ctx(runId));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "expiresInDays must be between 1 and 90", field: "expiresInDays" });
    expect((await shares.POST(post({ label: "x".repeat(101) }), ctx(runId))).status).toBe(400);
    expect((await shares.POST(post([1]), ctx(runId))).status).toBe(400);
    expect((await shares.POST(post(), ctx("missing"))).status).toBe(404);
    const running = await createRun({ clusterId, plan: (await getRun(runId))!.plan, target: (await getRun(runId))!.target });
    const notFinished = await shares.POST(post(), ctx(running));
    expect(notFinished.status).toBe(409);
    expect((await notFinished.json()).error).toMatch(/still running/);
    expect(await db().shareLink.count()).toBe(before);
    expect(((await (await approval.GET(get(), ctx(running))).json()) as RunApproval).state).toBe("not-finished");
    expect((await approval.GET(get(), ctx("missing"))).status).toBe(404);
    expect((await audit.GET(get(), ctx("missing"))).status).toBe(404);
    expect((await shares.GET(get(), ctx("missing"))).status).toBe(404);
  });
});
