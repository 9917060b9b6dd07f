// Waivers through the API routes, over a real SQLite file: create from a run's check, what the run page,
// the report and the cluster's run listing then say, expiry and revoke, and refused input.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as clusterDetail from "@/app/api/clusters/[id]/route";
import * as clusters from "@/app/api/clusters/route";
import * as reportJson from "@/app/api/runs/[id]/report.json/route";
import * as junit from "@/app/api/runs/[id]/report.junit.xml/route";
import * as markdown from "@/app/api/runs/[id]/report.md/route";
import * as sarif from "@/app/api/runs/[id]/report.sarif/route";
import * as run from "@/app/api/runs/[id]/route";
import * as runWaivers from "@/app/api/runs/[id]/waivers/route";
import * as revoke from "@/app/api/waivers/[id]/revoke/route";
import { db } from "@/lib/db/client";
import { createCluster } from "@/lib/db/clusters";
import { createRun, finishRun } from "@/lib/db/run-writes";
import { reportOf, reportsOf } from "@/lib/db/run-reports";
import type { CheckResult, RunReport, Status } from "@/lib/engine/types";
import { sampleReportWith } from "@/lib/report/fixtures";
import { validateAgainstSchema } from "@/lib/report/schema-validate";
import { adminKubeconfig } from "@/test/cluster/testing";
import { useApiDataDir } from "@/test/support/api-data-dir";

const env = useApiDataDir("dtready-waivers-");

const post = (body?: unknown) =>
  new Request("http://127.0.0.1/api", {
    method: "POST",
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const get = () => new Request("http://127.0.0.1/api");
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/** A blocking fail (k8s.version), an advisory warn, an advisory unknown, the rest pass or do not apply. */
const OVERRIDES: Record<string, Status> = {
  "k8s.version": "fail",
  "k8s.container-runtime": "warn",
  "k8s.foreign-webhooks": "unknown",
};


async function newCluster(name: string): Promise<string> {
  const { id } = await createCluster({ name, kubeconfig: adminKubeconfig(), context: env.context });
  return id;
}

async function finishedRun(clusterId: string, report?: RunReport): Promise<string> {
  const r = report ?? (await sampleReportWith(OVERRIDES));
  const runId = await createRun({ clusterId, plan: r.plan, target: { ...r.target, clusterId } });
  await finishRun(runId, { report: r, facts: new Map(), stats: { requests: 0, factsCollected: 0, factsFailed: 0 } });
  return runId;
}

async function runOf(runId: string) {
  const res = await run.GET(get(), ctx(runId));
  expect(res.status).toBe(200);
  return (await res.json()).run as { verdict: string; counts: Record<Status, number>; checks: CheckResult[] };
}

async function listedVerdicts(clusterId: string): Promise<Record<string, string>> {
  const body = await (await clusterDetail.GET(get(), ctx(clusterId))).json();
  return Object.fromEntries((body.runs as { id: string; verdict: string }[]).map((r) => [r.id, r.verdict]));
}

async function waive(runId: string, body: Record<string, unknown>) {
  const res = await runWaivers.POST(post(body), ctx(runId));
  return { status: res.status, body: await res.json() };
}

const valid = { checkId: "k8s.version", owner: "Platform team", justification: "Upgrade to 1.31 is booked for the next maintenance window", expiresAt: inDays(30) };

describe("waivers", () => {
  it("a waived blocking fail shows as waived (still fail) and the run page, report and listing say ready-with-warnings", async () => {
    const clusterId = await newCluster("Waiver main");
    const older = await finishedRun(clusterId);
    const runId = await finishedRun(clusterId);
    expect((await runOf(runId)).verdict).toBe("not-ready");

    const created = await waive(runId, { ...valid, owner: "  Platform team ", expiresAt: inDays(30).slice(0, 10) });
    expect(created.status).toBe(201);
    const waiver = created.body.waiver;
    expect(waiver).toMatchObject({ checkId: "k8s.version", owner: "Platform team", runId, clusterId, state: "active", revokedAt: null });
    expect(waiver.expiresAt).toMatch(/T23:59:59\.999Z$/);

    const detail = await runOf(runId);
    expect(detail.verdict).toBe("ready-with-warnings");
    const version = detail.checks.find((c) => c.id === "k8s.version")!;
    expect(version.status).toBe("fail");
    expect(version.waiver).toEqual({
      id: waiver.id,
      owner: "Platform team",
      justification: valid.justification,
      createdAt: waiver.createdAt,
      expiresAt: waiver.expiresAt,
    });
    // Counts stay by what the checks found: a waived fail is not a pass.
    expect(detail.counts.fail).toBe(1);
    expect(detail.checks.filter((c) => c.waiver).map((c) => c.id)).toEqual(["k8s.version"]);

    const report = JSON.parse(await (await reportJson.GET(get(), ctx(runId))).text()) as RunReport;
    expect(report.verdict).toBe("ready-with-warnings");
    expect(report.checks.find((c) => c.id === "k8s.version")).toMatchObject({ status: "fail", waiver: { id: waiver.id, owner: "Platform team" } });

    // The waiver covers its run and later runs of the cluster, never older ones (they may have been approved
    // without it); the listing agrees with the run pages.
    expect((await runOf(older)).verdict).toBe("not-ready");
    expect((await runOf(older)).checks.some((c) => c.waiver)).toBe(false);
    const later = await finishedRun(clusterId);
    expect((await runOf(later)).verdict).toBe("ready-with-warnings");
    expect(await listedVerdicts(clusterId)).toEqual({ [later]: "ready-with-warnings", [runId]: "ready-with-warnings", [older]: "not-ready" });
    // Reports read in a batch (for histories) are the reports read one by one.
    const batch = await reportsOf([older, runId, later]);
    for (const id of [older, runId, later]) expect(batch.get(id)).toEqual(await reportOf(id));
    // The clusters list shows the latest run's verdict as its run page does.
    const listing = (await (await clusters.GET(get())).json()) as { clusters: { id: string; latestRun: { id: string; verdict: string } }[] };
    expect(listing.clusters.find((c) => c.id === clusterId)?.latestRun).toMatchObject({ id: later, verdict: "ready-with-warnings" });
    // The stored verdict stays the one without waivers.
    expect((await db().run.findUniqueOrThrow({ where: { id: runId } })).verdict).toBe("not-ready");

    const audit = await db().auditEvent.findMany({ where: { runId } });
    expect(audit).toEqual([expect.objectContaining({ kind: "waiver-created", actor: "Platform team" })]);

    const list = await (await runWaivers.GET(get(), ctx(older))).json();
    expect(list.waivers.map((w: { id: string; state: string }) => [w.id, w.state])).toEqual([[waiver.id, "active"]]);
  });

  it("a waiver stops applying when it expires or is revoked: the fail blocks again everywhere", async () => {
    const clusterId = await newCluster("Waiver ends");
    const runId = await finishedRun(clusterId);
    const first = (await waive(runId, valid)).body.waiver;
    expect((await runOf(runId)).verdict).toBe("ready-with-warnings");

    await db().waiver.update({ where: { id: first.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await runOf(runId);
    expect(expired.verdict).toBe("not-ready");
    expect(expired.checks.find((c) => c.id === "k8s.version")!.waiver).toBeUndefined();
    expect(await listedVerdicts(clusterId)).toEqual({ [runId]: "not-ready" });
    expect((await revoke.POST(post(), ctx(first.id))).status).toBe(409);

    // Expired, it no longer blocks a new waiver of the same check.
    const second = await waive(runId, { ...valid, owner: "SRE" });
    expect(second.status).toBe(201);
    expect((await runOf(runId)).verdict).toBe("ready-with-warnings");
    const duplicate = await waive(runId, valid);
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatch(/already waived .* by SRE/);

    const revoked = await revoke.POST(post({ by: "Ana Auditor" }), ctx(second.body.waiver.id));
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).waiver).toMatchObject({ id: second.body.waiver.id, state: "revoked", revokedAt: expect.any(String) });
    expect((await runOf(runId)).verdict).toBe("not-ready");
    expect(await listedVerdicts(clusterId)).toEqual({ [runId]: "not-ready" });
    expect((await revoke.POST(post(), ctx(second.body.waiver.id))).status).toBe(409);
    expect((await revoke.POST(post(), ctx("missing"))).status).toBe(404);

    const list = (await (await runWaivers.GET(get(), ctx(runId))).json()).waivers as { id: string; state: string }[];
    expect(list.map((w) => [w.id, w.state])).toEqual([
      [second.body.waiver.id, "revoked"],
      [first.id, "expired"],
    ]);
    const kinds = (await db().auditEvent.findMany({ where: { runId }, orderBy: { id: "asc" } })).map((e) => [e.kind, e.actor]);
    expect(kinds).toEqual([
      ["waiver-created", "Platform team"],
      ["waiver-created", "SRE"],
      ["waiver-revoked", "Ana Auditor"],
    ]);
  });

  it("refuses bad input with a clear 400/404/409 and stores nothing", async () => {
    const clusterId = await newCluster("Waiver refused");
    const runId = await finishedRun(clusterId);
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ ...valid, expiresAt: inDays(-1) }, 400, /expiresAt: .*in the past/],
      [{ ...valid, expiresAt: inDays(400) }, 400, /at most 365 days/],
      [{ ...valid, expiresAt: "next friday" }, 400, /not an ISO date/],
      [{ ...valid, expiresAt: `${new Date().getUTCFullYear() + 1}-02-30` }, 400, /not an ISO date/],
      [{ ...valid, justification: "  because " }, 400, /the justification needs at least 10 characters/],
      [{ ...valid, owner: "   " }, 400, /owner/],
      [{ ...valid, checkId: "k8s.api-server-reachable" }, 400, /is pass in this run; only a warn or a fail can be waived/],
      [{ ...valid, checkId: "k8s.foreign-webhooks" }, 400, /unknown .* cannot be waived/],
      [{ ...valid, checkId: "no.such-check" }, 400, /not a check of this run/],
    ];
    for (const [body, status, message] of cases) {
      const res = await waive(runId, body);
      expect({ body, status: res.status }).toEqual({ body, status });
      expect(res.body.error).toMatch(message);
    }
    const unknownRun = await waive("missing", valid);
    expect(unknownRun.status).toBe(404);
    expect(unknownRun.body.error).toBe("The run was not found");
    expect((await runWaivers.GET(get(), ctx("missing"))).status).toBe(404);

    const running = await createRun({ clusterId, plan: (await sampleReportWith(OVERRIDES)).plan, target: { kind: "kubeconfig", name: "x", context: "x", server: "https://x" } });
    const notFinished = await waive(running, valid);
    expect(notFinished.status).toBe(409);
    expect(notFinished.body.error).toMatch(/running; only a finished run/);

    expect(await db().waiver.count({ where: { clusterId } })).toBe(0);
    expect(await db().auditEvent.count({ where: { runId } })).toBe(0);
    expect((await runOf(runId)).verdict).toBe("not-ready");
  });

  it("the listing keeps a run not-ready while another blocking fail is not waived, and says incomplete when an unknown blocks", async () => {
    const clusterId = await newCluster("Waiver listing");
    const twoFails = await finishedRun(clusterId, await sampleReportWith({ ...OVERRIDES, "k8s.node-architecture": "fail" }));
    expect((await waive(twoFails, valid)).status).toBe(201);
    // Started after the waiver, so it covers this run's k8s.version fail too.
    const blockingUnknown = await finishedRun(clusterId, await sampleReportWith({ ...OVERRIDES, "k8s.namespace-quota": "unknown" }));

    const listed = await listedVerdicts(clusterId);
    expect(listed).toEqual({ [twoFails]: "not-ready", [blockingUnknown]: "incomplete" });
    // Whatever the listing says, the run page says too.
    for (const [id, verdict] of Object.entries(listed)) expect((await runOf(id)).verdict).toBe(verdict);

    // A waiver of one cluster does not touch another cluster's runs of the same check.
    const otherCluster = await newCluster("Waiver other");
    const other = await finishedRun(otherCluster);
    expect(await listedVerdicts(otherCluster)).toEqual({ [other]: "not-ready" });
  });

  it("the exports of a waived run validate against their schemas and show the waiver, never a pass", async () => {
    const clusterId = await newCluster("Waiver exports");
    const runId = await finishedRun(clusterId);
    const { waiver } = (await waive(runId, { ...valid, justification: "Upgrade <1.31> & reboot booked" })).body;

    const json = JSON.parse(await (await reportJson.GET(get(), ctx(runId))).text());
    const reportSchema = JSON.parse(readFileSync(path.join(process.cwd(), "docs/report.schema.json"), "utf8"));
    expect(validateAgainstSchema(reportSchema, json)).toEqual([]);
    expect(json.checks.find((c: CheckResult) => c.id === "k8s.version").waiver.id).toBe(waiver.id);

    const md = await (await markdown.GET(get(), ctx(runId))).text();
    expect(md).toContain("**Verdict: READY WITH WARNINGS**");
    expect(md).toMatch(/### FAIL \(waived\): .*\n\nCheck `k8s\.version`.*\n\n> Failed, waived until \S+ by Platform team: Upgrade \\<1\.31\\> & reboot booked/);

    const xml = await (await junit.GET(get(), ctx(runId))).text();
    const file = path.join(env.dir, "waived.junit.xml");
    writeFileSync(file, xml);
    execFileSync("xmllint", ["--noout", "--schema", path.join(process.cwd(), "test/schemas/junit.xsd"), file], { stdio: "pipe" });
    expect(xml).toMatch(/classname="k8s\.version"[^>]*>\s*<skipped type="waived" message="fail waived until [^"]+ by Platform team: Upgrade &lt;1\.31&gt; &amp; reboot booked"\/>/);
    expect(xml).toContain('failures="0"');

    const log = JSON.parse(await (await sarif.GET(get(), ctx(runId))).text());
    const sarifSchema = JSON.parse(readFileSync(path.join(process.cwd(), "node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
    expect(validateAgainstSchema(sarifSchema, log)).toEqual([]);
    const version = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "k8s.version");
    expect(version.level).toBe("error");
    expect(version.suppressions).toEqual([
      expect.objectContaining({ kind: "external", status: "accepted", justification: "Upgrade <1.31> & reboot booked" }),
    ]);
    for (const text of [JSON.stringify(json), md, xml, JSON.stringify(log)]) expect(text).not.toContain(env.token);
  });
});
