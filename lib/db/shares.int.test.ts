// Share links, decisions and the audit trail against a real SQLite file in a temporary data directory.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveKubeconfig } from "@/lib/collect/kubernetes/kubeconfig";
import { parsePlan } from "@/lib/engine/plan";
import type { ShareLink } from "@/lib/generated/prisma/client";
import { sampleReport } from "@/lib/report/fixtures";
import { adminKubeconfig } from "@/test/cluster/testing";
import { closeDb, db } from "./client";
import { createCluster } from "./clusters";
import { createRun, failRun, finishRun } from "./run-writes";
import { addAttestation } from "./attestations";
import { getRun } from "./run-reads";
import { approvalOf, decideThroughLink } from "./approvals";
import { createShareLink, lookupShareToken, revokeShareLink, shareTokenHash, VIEW_EVENT_WINDOW_MS } from "./share-links";
import { listAudit, recordAudit } from "./audit";
import { sharedRunOf } from "./shared-runs";

let dir: string;
const saved = { ...process.env };

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "dtready-shares-"));
  process.env.DTREADY_DATA_DIR = dir;
  process.env.DTREADY_LOG = "off";
  delete process.env.DATABASE_URL;
  delete process.env.DTREADY_SECRET_KEY;
});

afterAll(async () => {
  await closeDb();
  process.env = { ...saved };
  rmSync(dir, { recursive: true, force: true });
});

async function newCluster(name: string): Promise<string> {
  const kubeconfig = adminKubeconfig();
  return (await createCluster({ name, kubeconfig, context: resolveKubeconfig(kubeconfig).context })).id;
}

/** A run finished with a real engine report (canned facts): it has manual items left to attest. */
async function finishedRun(clusterId: string): Promise<string> {
  const report = await sampleReport();
  const runId = await createRun({ clusterId, plan: report.plan, target: report.target });
  await finishRun(runId, { report, facts: new Map(), stats: { requests: 1, factsCollected: 1, factsFailed: 0 } });
  return runId;
}

async function activeLink(token: string): Promise<ShareLink> {
  const found = await lookupShareToken(token);
  if (found.kind !== "active") throw new Error(`expected an active link, got ${found.kind}`);
  return found.link;
}

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe("share links", () => {
  it("stores only the token's SHA-256: no column of the row, and no byte of the database, holds the token", async () => {
    const runId = await finishedRun(await newCluster("hash-only"));
    const created = await createShareLink(runId, { label: "  CAB ticket 123 ", createdBy: " Pat Platform " });
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.path).toBe(`/share/${created.token}`);
    expect(created).toMatchObject({ label: "CAB ticket 123", createdBy: "Pat Platform", state: "active", revokedAt: null, lastViewedAt: null });
    expect(new Date(created.expiresAt).getTime() - new Date(created.createdAt).getTime()).toBe(14 * DAY);

    const sqlite = new Database(path.join(dir, "dtready.db"), { readonly: true });
    const row = sqlite.prepare("SELECT * FROM ShareLink WHERE id = ?").get(created.id) as Record<string, unknown>;
    const audit = sqlite.prepare("SELECT * FROM AuditEvent WHERE shareLinkId = ?").all(created.id) as Record<string, unknown>[];
    sqlite.close();
    expect(row.tokenHash).toBe(shareTokenHash(created.token));
    for (const value of Object.values(row)) expect(String(value)).not.toContain(created.token);
    expect(audit).toEqual([expect.objectContaining({ kind: "share-created", actor: "Pat Platform", detail: expect.stringMatching(/^expires \d{4}-\d{2}-\d{2}, label: CAB ticket 123$/) })]);
    const bytes = Buffer.concat(readdirSync(dir).filter((f) => f.startsWith("dtready.db")).map((f) => readFileSync(path.join(dir, f))));
    expect(bytes.includes(created.token)).toBe(false);

    // Each link gets its own token.
    const second = await createShareLink(runId);
    expect(second.token).not.toBe(created.token);
  });

  it("refuses runs that are not finished, unknown runs and bad input, and changes nothing then", async () => {
    const clusterId = await newCluster("not-finished");
    const report = await sampleReport();
    const running = await createRun({ clusterId, plan: parsePlan({}), target: report.target });
    const before = await db().shareLink.count();
    await expect(createShareLink(running)).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/still running/) });
    await failRun(running, "boom");
    await expect(createShareLink(running)).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/failed/) });
    await expect(createShareLink("missing")).rejects.toMatchObject({ status: 404 });
    const runId = await finishedRun(clusterId);
    await expect(createShareLink(runId, { expiresInDays: 0 })).rejects.toMatchObject({ status: 400, message: "expiresInDays must be between 1 and 90" });
    await expect(createShareLink(runId, { expiresInDays: 91 })).rejects.toMatchObject({ status: 400 });
    await expect(createShareLink(runId, { expiresInDays: 1.5 })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/whole number/) });
    await expect(createShareLink(runId, { label: "x".repeat(101) })).rejects.toMatchObject({ status: 400, message: "label is longer than 100 characters" });
    expect(await db().shareLink.count()).toBe(before);
    expect((await approvalOf(running)).state).toBe("not-finished");
  });

  it("refuses expired and revoked links with their state and date; unknown and altered tokens are missing", async () => {
    const runId = await finishedRun(await newCluster("expiry"));
    const now = new Date();
    const link = await createShareLink(runId, { expiresInDays: 1 }, now);
    expect((await lookupShareToken(link.token, new Date(now.getTime() + DAY - 1000))).kind).toBe("active");
    const expired = await lookupShareToken(link.token, new Date(now.getTime() + DAY + 1000));
    expect(expired).toEqual({ kind: "expired", at: new Date(link.expiresAt) });

    const other = await createShareLink(runId, { label: "to revoke" });
    const revoked = await revokeShareLink(other.id);
    expect(revoked.state).toBe("revoked");
    expect(await lookupShareToken(other.token)).toEqual({ kind: "revoked", at: new Date(revoked.revokedAt!) });
    await expect(revokeShareLink(other.id)).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/already revoked/) });
    await expect(revokeShareLink("missing")).rejects.toMatchObject({ status: 404 });

    const altered = link.token.slice(0, -1) + (link.token.endsWith("A") ? "B" : "A");
    for (const guess of [altered, "", "x".repeat(5000), "not base64 !%/", shareTokenHash(link.token)]) {
      expect(await lookupShareToken(guess)).toEqual({ kind: "missing" });
    }
    const kinds = (await listAudit(runId)).map((e) => e.kind);
    expect(kinds).toEqual(["share-revoked", "share-created", "share-created"]);
  });

  it("records a view at most once per link per 10 minutes, and keeps lastViewedAt current", async () => {
    const runId = await finishedRun(await newCluster("views"));
    const link = await createShareLink(runId);
    const t0 = new Date(Date.now() + 1000);
    const row = await activeLink(link.token);
    const shared = await sharedRunOf(row, t0);
    expect(shared.run.id).toBe(runId);
    expect(shared.link).toEqual({ label: null, expiresAt: link.expiresAt });
    expect(shared.approval).toMatchObject({ state: "awaiting", decisions: [] });
    await sharedRunOf(row, new Date(t0.getTime() + 60_000));
    await sharedRunOf(row, new Date(t0.getTime() + VIEW_EVENT_WINDOW_MS - 1000));
    const viewed = () => listAudit(runId).then((events) => events.filter((e) => e.kind === "share-viewed"));
    expect(await viewed()).toHaveLength(1);
    const later = new Date(t0.getTime() + VIEW_EVENT_WINDOW_MS + 60_000);
    await sharedRunOf(row, later);
    expect(await viewed()).toHaveLength(2);
    expect((await approvalOf(runId)).links[0]!.lastViewedAt).toBe(later.toISOString());
  });
});

describe("approvals", () => {
  it("binds a decision to the report hash: attesting an item afterwards makes the run await approval again", async () => {
    const runId = await finishedRun(await newCluster("bound"));
    const link = await createShareLink(runId, { label: "CAB" });
    const row = await activeLink(link.token);
    const first = await approvalOf(runId);
    expect(first).toMatchObject({ state: "awaiting", decisions: [], reportHash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const decided = await decideThroughLink(row, { decision: "approve", name: "  Ana Approver ", comment: "looks good", reportHash: first.reportHash! });
    expect(decided).toMatchObject({ state: "approved", approval: { name: "Ana Approver", current: true, via: "CAB" } });
    expect(await approvalOf(runId)).toMatchObject({ state: "approved", reportHash: first.reportHash, decisions: [{ decision: "approve", current: true }] });

    const manual = (await getRun(runId))!.checks.find((c) => c.status === "manual")!;
    await addAttestation(runId, { checkId: manual.id, by: "Pat Platform", note: "confirmed" });
    const after = await approvalOf(runId);
    expect(after.reportHash).not.toBe(first.reportHash);
    expect(after).toMatchObject({ state: "awaiting", decisions: [{ decision: "approve", name: "Ana Approver", current: false, reportHash: first.reportHash }] });

    // The approver's page still shows the old hash: refused, nothing stored.
    await expect(decideThroughLink(row, { decision: "approve", name: "Ana", comment: "", reportHash: first.reportHash! })).rejects.toMatchObject({
      status: 409,
      message: "The report changed since you opened it; reload the page to review the current version.",
    });
    expect((await approvalOf(runId)).decisions).toHaveLength(1);

    const rejected = await decideThroughLink(row, { decision: "reject", name: "Ana", comment: "x".repeat(300), reportHash: after.reportHash! });
    expect(rejected.state).toBe("rejected");
    const now = await approvalOf(runId);
    expect(now.state).toBe("rejected");
    expect(now.decisions.map((d) => [d.decision, d.current])).toEqual([["reject", true], ["approve", false]]);
    const audit = await listAudit(runId);
    expect(audit.filter((e) => e.kind === "approved" || e.kind === "rejected").map((e) => [e.kind, e.actor])).toEqual([["rejected", "Ana"], ["approved", "Ana Approver"]]);
    expect(audit[0]!.detail!.length).toBeLessThanOrEqual(200);
  });

  it("refuses a reject without a comment and a decision without a name", async () => {
    const runId = await finishedRun(await newCluster("reject-rules"));
    const link = await createShareLink(runId);
    const row = await activeLink(link.token);
    const { reportHash } = await approvalOf(runId);
    await expect(decideThroughLink(row, { decision: "reject", name: "Ana", comment: "   ", reportHash: reportHash! })).rejects.toMatchObject({ status: 400, message: "Say why you reject (comment)." });
    await expect(decideThroughLink(row, { decision: "approve", name: " ", comment: "", reportHash: reportHash! })).rejects.toMatchObject({ status: 400, message: "say who decides (name)" });
    await expect(decideThroughLink(row, { decision: "maybe" as "approve", name: "Ana", comment: "", reportHash: reportHash! })).rejects.toMatchObject({ status: 400 });
    expect((await approvalOf(runId)).decisions).toEqual([]);
  });

  it("keeps approvals on their run: a new run of the same cluster awaits approval while the first stays approved", async () => {
    const clusterId = await newCluster("rerun");
    const firstRun = await finishedRun(clusterId);
    const row = await activeLink((await createShareLink(firstRun)).token);
    const { reportHash } = await approvalOf(firstRun);
    await decideThroughLink(row, { decision: "approve", name: "Ana", comment: "", reportHash: reportHash! });

    const secondRun = await finishedRun(clusterId);
    expect(await approvalOf(secondRun)).toMatchObject({ state: "awaiting", decisions: [], links: [] });
    expect((await approvalOf(firstRun)).state).toBe("approved");
    await expect(approvalOf("missing")).rejects.toMatchObject({ status: 404 });
  });

  it("recordAudit appends secret-free entries others (waivers) write too", async () => {
    const runId = await finishedRun(await newCluster("audit"));
    await recordAudit(runId, "waiver-created", { actor: "Pat", detail: "k8s.version until 2027-01-01" });
    expect(await listAudit(runId)).toEqual([expect.objectContaining({ kind: "waiver-created", actor: "Pat", shareLinkId: null, detail: "k8s.version until 2027-01-01" })]);
    await expect(listAudit("missing")).rejects.toMatchObject({ status: 404 });
  });
});
