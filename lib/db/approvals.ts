import "server-only";
// Decisions on a run: approvals and rejections, each bound to the SHA-256 of the exact report the approver saw,
// the approval state of a run now, and the approval summaries listings show.
import type { ShareLink } from "@/lib/generated/prisma/client";
import type { RunReport } from "@/lib/engine/types";
import type { MarkdownApproval } from "@/lib/report/markdown";
import { reportHash } from "@/lib/report/report-hash";
import { decisionBody, parseInput, type ApprovalInfo, type ApprovalState, type Decision, type DecisionInput, type RunApproval, type RunApprovalSummary, type RunSummary } from "@/lib/contracts";
import { recordAudit } from "./audit";
import { db } from "./client";
import { conflict } from "./errors";
import { requireRun } from "./run-reads";
import { reportFingerprints, reportOf, reportsOf } from "./run-reports";
import { linksOf } from "./share-links";

export const STALE_REPORT = "The report changed since you opened it; reload the page to review the current version.";

/** Records an approver's decision through an active link, bound to the report hash their page showed. */
export async function decideThroughLink(link: ShareLink, input: DecisionInput, now = new Date()): Promise<{ approval: ApprovalInfo; state: ApprovalState }> {
  const parsed = parseInput(decisionBody, input);
  const { decision, name, comment } = parsed;
  const current = reportHash(await reportOf(link.runId));
  if (parsed.reportHash !== current) throw conflict(STALE_REPORT);
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

export async function approvalFor(runId: string, status: string, hash: string | null): Promise<Omit<RunApproval, "links">> {
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
