"use client";

import { useState, type FormEvent } from "react";
import type { CheckResult, WaiverRef } from "@/lib/engine/types";
import { formatDateTime } from "@/lib/web/format";
import { defaultWaiverExpiry, useCreateWaiver, useRevokeWaiver } from "@/lib/web/waiver-hooks";

/** A waiver "through a day" ends at that day's last millisecond (UTC): say the day, else the moment. */
export function waiverUntilText(expiresAt: string): string {
  if (expiresAt.endsWith("T23:59:59.999Z")) {
    return new Date(`${expiresAt.slice(0, 10)}T12:00:00Z`).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "2-digit", timeZone: "UTC" });
  }
  return formatDateTime(expiresAt);
}

/**
 * "Accept risk (waive)…" for a warn or fail: a small form for who owns the accepted risk, why, and until
 * when (30 days by default, at most 365). The server checks everything again; its message shows inline.
 */
export function WaiveControl({ runId, check }: { runId: string; check: Pick<CheckResult, "id" | "title" | "status"> }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button
        type="button"
        onClick={() => setOpen(true)}
        data-testid={`waive-${check.id}`}
        className="rounded border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:border-slate-400 hover:bg-slate-50"
      >
        Accept risk (waive)…
      </button>
    );
  }
  return <WaiveForm runId={runId} check={check} onDone={() => setOpen(false)} />;
}

function WaiveForm({ runId, check, onDone }: { runId: string; check: Pick<CheckResult, "id" | "title" | "status">; onDone: () => void }) {
  const [owner, setOwner] = useState("");
  const [justification, setJustification] = useState("");
  const [expiresAt, setExpiresAt] = useState(() => defaultWaiverExpiry());
  const create = useCreateWaiver(runId);
  const today = new Date().toISOString().slice(0, 10);
  const latest = defaultWaiverExpiry(new Date(), 365);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ checkId: check.id, owner, justification, expiresAt }, { onSuccess: onDone });
  }

  const idPrefix = `waive-${check.id}`;
  return (
    <form onSubmit={submit} noValidate className="space-y-2 rounded-md border border-amber-300 bg-amber-50/60 p-3" aria-label={`Waive ${check.title}`}>
      <p className="text-xs text-amber-950">
        Accept this {check.status} as a known risk for this cluster. It stays a {check.status}, shown as waived; the verdict treats it like a
        warning until the waiver expires or is revoked.
      </p>
      <div className="flex flex-wrap gap-3">
        <label className="flex min-w-48 flex-1 flex-col gap-1 text-xs font-medium text-slate-700" htmlFor={`${idPrefix}-owner`}>
          Owner
          <input
            id={`${idPrefix}-owner`}
            name="owner"
            maxLength={100}
            value={owner}
            onChange={(e) => setOwner(e.target.value)}
            placeholder="Who owns the risk (name or team)"
            className="rounded border border-slate-300 bg-white px-2 py-1 text-sm font-normal"
          />
        </label>
        <label className="flex w-44 flex-col gap-1 text-xs font-medium text-slate-700" htmlFor={`${idPrefix}-expires`}>
          Expires (end of day, UTC)
          <input
            id={`${idPrefix}-expires`}
            name="expiresAt"
            type="date"
            min={today}
            max={latest}
            value={expiresAt}
            onChange={(e) => setExpiresAt(e.target.value)}
            className="rounded border border-slate-300 bg-white px-2 py-1 text-sm font-normal"
          />
        </label>
      </div>
      <label className="flex flex-col gap-1 text-xs font-medium text-slate-700" htmlFor={`${idPrefix}-justification`}>
        Justification
        <textarea
          id={`${idPrefix}-justification`}
          name="justification"
          maxLength={2000}
          rows={2}
          value={justification}
          onChange={(e) => setJustification(e.target.value)}
          placeholder="Why the risk is accepted, and what happens before the expiry (ticket, plan)"
          className="rounded border border-slate-300 bg-white px-2 py-1 text-sm font-normal"
        />
      </label>
      {create.error ? (
        <p role="alert" data-testid="form-error" className="text-xs text-red-700">
          {create.error.message}
        </p>
      ) : null}
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={create.isPending}
          className="rounded bg-amber-700 px-3 py-1 text-xs font-semibold text-white hover:bg-amber-800 disabled:opacity-50"
        >
          {create.isPending ? "Saving…" : "Waive"}
        </button>
        <button type="button" onClick={onDone} className="rounded px-3 py-1 text-xs text-slate-700 hover:bg-slate-100">
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Who accepted the risk, why and until when; with "Revoke waiver" unless the view is read-only. */
export function WaiverNote({ checkId, waiver, readOnly = false }: { checkId: string; waiver: WaiverRef; readOnly?: boolean }) {
  const revoke = useRevokeWaiver();
  return (
    <div data-testid={`waiver-${checkId}`} className="rounded-md border border-amber-300 bg-amber-50/60 p-3 text-xs text-amber-950">
      <p>
        <span className="font-semibold">Waived by {waiver.owner}</span> until {waiverUntilText(waiver.expiresAt)}
        <span className="text-slate-600"> (accepted {formatDateTime(waiver.createdAt)})</span>
      </p>
      <p className="mt-1 whitespace-pre-wrap text-slate-800">{waiver.justification}</p>
      {readOnly ? null : (
        <div className="mt-2 flex items-center gap-3">
          <button
            type="button"
            disabled={revoke.isPending}
            onClick={() => revoke.mutate({ waiverId: waiver.id })}
            className="rounded border border-amber-400 bg-white px-2.5 py-1 font-medium text-amber-900 hover:bg-amber-100 disabled:opacity-50"
          >
            {revoke.isPending ? "Revoking…" : "Revoke waiver"}
          </button>
          {revoke.error ? (
            <span role="alert" data-testid="form-error" className="text-red-700">
              {revoke.error.message}
            </span>
          ) : null}
        </div>
      )}
    </div>
  );
}
