import "server-only";
// Share links: read-only links to one run for approvers without an account. A link's token is 256 random bits
// shown once; only its SHA-256 is stored, so a copy of the database does not open any link.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { ShareLink } from "@/lib/generated/prisma/client";
import { createShareLinkBody, parseInput, type CreatedShareLink, type CreateShareLinkInput, type ShareLinkInfo, type ShareLinkState } from "@/lib/contracts";
import { recordAudit } from "./audit";
import { db } from "./client";
import { conflict, notFound } from "./errors";
import { requireRun } from "./run-reads";

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

/** Creates a link to a finished run. The answer is the only place the token ever appears. */
export async function createShareLink(runId: string, input: CreateShareLinkInput = {}, now = new Date()): Promise<CreatedShareLink> {
  const { expiresInDays, label, createdBy } = parseInput(createShareLinkBody, input);
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

export async function linksOf(runId: string, now: Date): Promise<ShareLinkInfo[]> {
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

export async function recordView(link: ShareLink, now: Date): Promise<void> {
  const recent = await db().auditEvent.findFirst({
    where: { runId: link.runId, shareLinkId: link.id, kind: "share-viewed", at: { gt: new Date(now.getTime() - VIEW_EVENT_WINDOW_MS) } },
    select: { id: true },
  });
  await db().shareLink.update({ where: { id: link.id }, data: { lastViewedAt: now } });
  if (!recent) await recordAudit(link.runId, "share-viewed", { shareLinkId: link.id, detail: link.label ? `label: ${link.label}` : null }, now);
}
