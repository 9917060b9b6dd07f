import "server-only";
// Share links (read-only links to one run for approvers without an account), the decisions made through
// them, and the run's audit trail. A link's token is 256 random bits shown once; only its SHA-256 is stored,
// so a copy of the database does not open any link.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { AuditEvent, ShareLink } from "@/lib/generated/prisma/client";
import type { RunReport } from "@/lib/engine/types";
import { installPlanOf } from "@/lib/report/install-plan";
import type { MarkdownApproval } from "@/lib/report/markdown";
import { reportHash } from "@/lib/report/report-hash";
import type {
  ApprovalInfo,
  ApprovalState,
  AuditEntry,
  AuditKind,
  CreatedShareLink,
  Decision,
  RunApproval,
  RunApprovalSummary,
  RunSummary,
  ShareLinkInfo,
  ShareLinkState,
  SharedRun,
} from "@/lib/web/api-types";
import { db } from "./client";
import { badRequest, conflict, notFound } from "./errors";
import { getRun, reportFingerprints, reportOf, reportOfDetail, reportsOf } from "./runs";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Reloading the approver's page must not flood the audit trail: one `share-viewed` per link per this window. */
export const VIEW_EVENT_WINDOW_MS = 10 * 60 * 1000;

/** 32 random bytes, base64url: 43 characters, no padding. */
export function newShareToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What is stored and looked up: SHA-256 (hex) of whatever string arrived, whatever its length or alphabet. */
export function shareTokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function sharePath(token: string): string {
  return `/share/${token}`;
}

function stateOf(link: Pick<ShareLink, "revokedAt" | "expiresAt">, now = new Date()): ShareLinkState {
  if (link.revokedAt) return "revoked";
  return link.expiresAt.getTime() <= now.getTime() ? "expired" : "active";
}

function toInfo(link: ShareLink, now = new Date()): ShareLinkInfo {
  return {
    id: link.id,
    runId: link.runId,
    label: link.label,
    createdBy: link.createdBy,
    createdAt: link.createdAt.toISOString(),
    expiresAt: link.expiresAt.toISOString(),
    revokedAt: link.revokedAt?.toISOString() ?? null,
    lastViewedAt: link.lastViewedAt?.toISOString() ?? null,
    state: stateOf(link, now),
  };
}

/** Trimmed; empty means "not given". */
const optionalText = (field: string) =>
  z
    .string({ error: `${field} must be text` })
    .trim()
    .max(100, `${field} is longer than 100 characters`)
    .optional()
    .transform((v) => (v ? v : undefined));

export const createShareLinkSchema = z.object(
  {
    expiresInDays: z
      .number({ error: "expiresInDays must be a whole number of days" })
      .int("expiresInDays must be a whole number of days")
      .min(1, "expiresInDays must be between 1 and 90")
      .max(90, "expiresInDays must be between 1 and 90")
      .default(14),
    label: optionalText("label"),
    createdBy: optionalText("createdBy"),
  },
  { error: "Send the link's fields as a JSON object." },
);
export type CreateShareLinkFields = z.input<typeof createShareLinkSchema>;

// ---------------------------------------------------------------------------------------------------------
// Audit trail

export interface AuditFields {
  actor?: string | null;
  detail?: string | null;
  shareLinkId?: string | null;
}

/** Appends to a run's audit trail. `detail` is a short, secret-free description: never put a token in it. */
export async function recordAudit(runId: string, kind: AuditKind, fields: AuditFields = {}, at = new Date()): Promise<void> {
  await db().auditEvent.create({
    data: { runId, kind, actor: fields.actor ?? null, detail: fields.detail ?? null, shareLinkId: fields.shareLinkId ?? null, at },
  });
}

function toEntry(e: AuditEvent): AuditEntry {
  return { id: e.id, kind: e.kind as AuditKind, actor: e.actor, detail: e.detail, shareLinkId: e.shareLinkId, at: e.at.toISOString() };
}

/** Newest first; 404 for an unknown run. */
export async function listAudit(runId: string): Promise<AuditEntry[]> {
  await requireRun(runId);
  const rows = await db().auditEvent.findMany({ where: { runId }, orderBy: [{ at: "desc" }, { id: "desc" }] });
  return rows.map(toEntry);
}

async function requireRun(runId: string): Promise<{ status: string }> {
  const run = await db().run.findUnique({ where: { id: runId }, select: { status: true } });
  if (!run) throw notFound("The run");
  return run;
}

// ---------------------------------------------------------------------------------------------------------
// Links

/** Creates a link to a finished run. The answer is the only place the token ever appears. */
export async function createShareLink(runId: string, input: CreateShareLinkFields = {}, now = new Date()): Promise<CreatedShareLink> {
  const parsed = createShareLinkSchema.safeParse(input);
  if (!parsed.success) throw badRequest(parsed.error.issues[0]!.message);
  const { expiresInDays, label, createdBy } = parsed.data;
  const run = await requireRun(runId);
  if (run.status !== "finished") {
    throw conflict(
      run.status === "running" ? "The run is still running; share it when it has finished." : "The run failed; only a finished run can be shared.",
    );
  }
  const token = newShareToken();
  const expiresAt = new Date(now.getTime() + expiresInDays * DAY_MS);
  const link = await db().shareLink.create({
    data: { runId, tokenHash: shareTokenHash(token), label: label ?? null, createdBy: createdBy ?? null, createdAt: now, expiresAt },
  });
  const detail = `expires ${expiresAt.toISOString().slice(0, 10)}${label ? `, label: ${label}` : ""}`;
  await recordAudit(runId, "share-created", { actor: createdBy ?? null, detail, shareLinkId: link.id }, now);
  return { ...toInfo(link, now), token, path: sharePath(token) };
}

/** Newest first, without tokens; 404 for an unknown run. */
export async function listShareLinks(runId: string, now = new Date()): Promise<ShareLinkInfo[]> {
  await requireRun(runId);
  return linksOf(runId, now);
}

async function linksOf(runId: string, now: Date): Promise<ShareLinkInfo[]> {
  const rows = await db().shareLink.findMany({ where: { runId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
  return rows.map((l) => toInfo(l, now));
}

/** Revokes a link (by its id, not its token): it stops opening at once. 404 unknown, 409 already revoked. */
export async function revokeShareLink(linkId: string, now = new Date()): Promise<ShareLinkInfo> {
  const link = await db().shareLink.findUnique({ where: { id: linkId } });
  if (!link) throw notFound("The share link");
  if (link.revokedAt) throw conflict(`The link was already revoked on ${link.revokedAt.toISOString()}.`);
  const revoked = await db().shareLink.update({ where: { id: linkId }, data: { revokedAt: now } });
  await recordAudit(link.runId, "share-revoked", { detail: link.label ? `label: ${link.label}` : null, shareLinkId: link.id }, now);
  return toInfo(revoked, now);
}

export type ShareLookup = { kind: "missing" } | { kind: "expired" | "revoked"; at: Date } | { kind: "active"; link: ShareLink };

/**
 * Finds the link a token opens. Whatever string arrived is hashed and looked up by the unique index, so
 * the time does not depend on how close a guess is; the stored hash is compared again in constant time
 * as a second line of defence.
 */
export async function lookupShareToken(token: string, now = new Date()): Promise<ShareLookup> {
  const hash = shareTokenHash(token);
  const link = await db().shareLink.findUnique({ where: { tokenHash: hash } });
  if (!link || !timingSafeEqual(Buffer.from(link.tokenHash, "hex"), Buffer.from(hash, "hex"))) return { kind: "missing" };
  const state = stateOf(link, now);
  if (state === "revoked") return { kind: "revoked", at: link.revokedAt! };
  if (state === "expired") return { kind: "expired", at: link.expiresAt };
  return { kind: "active", link };
}

/**
 * What the approver's page shows: the run, its approval state, the link's label and expiry, and the
 * install plan when the verdict allows it. Records the view (deduplicated) on the audit trail.
 */
export async function sharedRunOf(link: ShareLink, now = new Date()): Promise<SharedRun> {
  const run = await getRun(link.runId, now);
  if (!run) throw notFound("The run");
  const report = reportOfDetail(run);
  const approval = await approvalFor(link.runId, "finished", reportHash(report));
  await recordView(link, now);
  const plan = installPlanOf(report);
  return {
    run,
    approval: { state: approval.state, reportHash: approval.reportHash, decisions: approval.decisions },
    link: { label: link.label, expiresAt: link.expiresAt.toISOString() },
    ...(plan.available ? { installPlan: plan } : {}),
  };
}

async function recordView(link: ShareLink, now: Date): Promise<void> {
  const recent = await db().auditEvent.findFirst({
    where: { runId: link.runId, shareLinkId: link.id, kind: "share-viewed", at: { gt: new Date(now.getTime() - VIEW_EVENT_WINDOW_MS) } },
    select: { id: true },
  });
  await db().shareLink.update({ where: { id: link.id }, data: { lastViewedAt: now } });
  if (!recent) await recordAudit(link.runId, "share-viewed", { shareLinkId: link.id, detail: link.label ? `label: ${link.label}` : null }, now);
}

// ---------------------------------------------------------------------------------------------------------
// Decisions

export const decisionSchema = z
  .object(
    {
      decision: z.enum(["approve", "reject"], { error: 'decision must be "approve" or "reject"' }),
      name: z
        .string({ error: "say who decides (name)" })
        .trim()
        .min(1, "say who decides (name)")
        .max(100, "name is longer than 100 characters"),
      comment: z.string({ error: "comment must be text" }).trim().max(2000, "the comment is longer than 2000 characters").default(""),
      reportHash: z.string({ error: "reportHash is missing: reload the page" }).min(1, "reportHash is missing: reload the page"),
    },
    { error: "Send the decision as a JSON object." },
  )
  .refine((d) => d.decision !== "reject" || d.comment.length > 0, { message: "Say why you reject (comment).", path: ["comment"] });
export type DecisionFields = z.input<typeof decisionSchema>;

export const STALE_REPORT = "The report changed since you opened it; reload the page to review the current version.";

/** Records an approver's decision through an active link, bound to the report hash their page showed. */
export async function decideThroughLink(link: ShareLink, input: DecisionFields, now = new Date()): Promise<{ approval: ApprovalInfo; state: ApprovalState }> {
  const parsed = decisionSchema.safeParse(input);
  if (!parsed.success) throw badRequest(parsed.error.issues[0]!.message);
  const { decision, name, comment } = parsed.data;
  const current = reportHash(await reportOf(link.runId));
  if (parsed.data.reportHash !== current) throw conflict(STALE_REPORT);
  const row = await db().approval.create({
    data: { runId: link.runId, shareLinkId: link.id, decision, name, comment, reportHash: current, at: now },
  });
  await recordAudit(
    link.runId,
    decision === "approve" ? "approved" : "rejected",
    { actor: name, detail: comment ? truncate(comment, 200) : null, shareLinkId: link.id },
    now,
  );
  return {
    approval: { id: row.id, decision, name, comment, at: row.at.toISOString(), reportHash: current, current: true, via: link.label ?? link.id },
    state: decision === "approve" ? "approved" : "rejected",
  };
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The approval state of a run, its decisions and links (newest first); 404 for an unknown run. */
export async function approvalOf(runId: string, now = new Date()): Promise<RunApproval> {
  const run = await requireRun(runId);
  const hash = run.status === "finished" ? reportHash(await reportOf(runId)) : null;
  const approval = await approvalFor(runId, run.status, hash);
  return { ...approval, links: await linksOf(runId, now) };
}

async function approvalFor(runId: string, status: string, hash: string | null): Promise<Omit<RunApproval, "links">> {
  const rows = await db().approval.findMany({
    where: { runId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    include: { shareLink: { select: { id: true, label: true } } },
  });
  const decisions: ApprovalInfo[] = rows.map((a) => ({
    id: a.id,
    decision: a.decision as Decision,
    name: a.name,
    comment: a.comment,
    at: a.at.toISOString(),
    reportHash: a.reportHash,
    current: hash !== null && a.reportHash === hash,
    via: a.shareLink ? (a.shareLink.label ?? a.shareLink.id) : null,
  }));
  if (status !== "finished" || hash === null) return { state: "not-finished", reportHash: null, decisions };
  const deciding = decisions.find((d) => d.current);
  const state: ApprovalState = deciding ? (deciding.decision === "approve" ? "approved" : "rejected") : "awaiting";
  return { state, reportHash: hash, decisions };
}

// Report hashes by fingerprint (lib/db/runs.ts reportFingerprints): a history shown again reads no report.
const HASH_CACHE_LIMIT = 5_000;
const hashByFingerprint = new Map<string, string>();

/** The hash of each finished run's report as it is now; reports are read only for fingerprints not seen before. */
async function currentReportHashes(runIds: readonly string[], now: Date): Promise<Map<string, string>> {
  const fingerprints = await reportFingerprints(runIds, now);
  const hashes = new Map<string, string>();
  const missing: string[] = [];
  for (const [runId, fingerprint] of fingerprints) {
    const known = hashByFingerprint.get(fingerprint);
    if (known) hashes.set(runId, known);
    else missing.push(runId);
  }
  for (const [runId, report] of await reportsOf(missing, now)) {
    const hash = reportHash(report);
    hashes.set(runId, hash);
    if (hashByFingerprint.size >= HASH_CACHE_LIMIT) hashByFingerprint.delete(hashByFingerprint.keys().next().value!);
    hashByFingerprint.set(fingerprints.get(runId)!, hash);
  }
  return hashes;
}

/**
 * For a history: the newest decision of each run that has one, checked against the run's report as it is
 * now (batched: one query for the decisions, reportsOf for the decided runs).
 */
export async function approvalSummaries(runIds: readonly string[], now = new Date()): Promise<Map<string, RunApprovalSummary>> {
  const summaries = new Map<string, RunApprovalSummary>();
  if (runIds.length === 0) return summaries;
  const rows = await db().approval.findMany({
    where: { runId: { in: [...runIds] } },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    select: { runId: true, decision: true, name: true, at: true, reportHash: true },
  });
  if (rows.length === 0) return summaries;
  const hashes = await currentReportHashes([...new Set(rows.map((r) => r.runId))], now);
  for (const [runId, hash] of hashes) {
    const decisions = rows.filter((r) => r.runId === runId);
    const deciding = decisions.find((d) => d.reportHash === hash);
    const shown = deciding ?? decisions[0]!;
    summaries.set(runId, {
      state: deciding ? (deciding.decision === "approve" ? "approved" : "rejected") : "changed",
      name: shown.name,
      at: shown.at.toISOString(),
    });
  }
  return summaries;
}

/** A history's runs with their approval summaries. */
export async function withApprovals(runs: RunSummary[], now = new Date()): Promise<RunSummary[]> {
  const approvals = await approvalSummaries(runs.map((r) => r.id), now);
  return runs.map((r) => {
    const approval = approvals.get(r.id);
    return approval ? { ...r, approval } : r;
  });
}

/** The decisions on a run for its Markdown export, judged against exactly the report being rendered. */
export async function markdownApprovalOf(runId: string, report: RunReport): Promise<MarkdownApproval> {
  const hash = reportHash(report);
  const { decisions } = await approvalFor(runId, "finished", hash);
  return { reportHash: hash, decisions };
}
