import "server-only";
// A run's audit trail: append-only rows of who did what (links created, viewed, revoked; decisions; waivers;
// attestations). `detail` is short and secret-free: never a token.
import type { AuditEvent } from "@/lib/generated/prisma/client";
import type { AuditEntry, AuditKind } from "@/lib/contracts";
import { db } from "./client";
import { requireRun } from "./run-reads";

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
