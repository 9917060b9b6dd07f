"use client";

import { useState, type FormEvent } from "react";
import { formatDateTime } from "@/lib/web/format";
import { useAttest } from "@/lib/web/hooks";
import type { Attestation } from "@/lib/engine/types";

/** Records that a person confirmed a manual item. The server recomputes the verdict. */
export function AttestForm({ runId, checkId, checkTitle }: { runId: string; checkId: string; checkTitle: string }) {
  const [by, setBy] = useState("");
  const [note, setNote] = useState("");
  const attest = useAttest(runId);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!by.trim()) return;
    attest.mutate({ checkId, by: by.trim(), note: note.trim() });
  }

  const idPrefix = `attest-${checkId}`;
  return (
    <form onSubmit={submit} className="mt-3 space-y-2 rounded-md border border-sky-200 bg-sky-50/60 p-3" aria-label={`Attest ${checkTitle}`}>
      <p className="text-xs font-medium text-sky-900">Confirm this item once you have verified it yourself.</p>
      <div className="flex flex-wrap gap-3">
        <label className="flex min-w-48 flex-1 flex-col gap-1 text-xs font-medium text-slate-700" htmlFor={`${idPrefix}-by`}>
          Attested by
          <input
            id={`${idPrefix}-by`}
            name="by"
            required
            maxLength={100}
            value={by}
            onChange={(e) => setBy(e.target.value)}
            placeholder="Name or e-mail"
            className="rounded border border-slate-300 bg-white px-2 py-1 text-sm font-normal"
          />
        </label>
        <label className="flex min-w-64 flex-[2] flex-col gap-1 text-xs font-medium text-slate-700" htmlFor={`${idPrefix}-note`}>
          Note
          <textarea
            id={`${idPrefix}-note`}
            name="note"
            maxLength={2000}
            rows={2}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder="What was checked, where (ticket, link)"
            className="rounded border border-slate-300 bg-white px-2 py-1 text-sm font-normal"
          />
        </label>
      </div>
      {attest.error ? (
        <p role="alert" className="text-xs text-red-700">
          {attest.error.message}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={attest.isPending || !by.trim()}
        className="rounded bg-sky-700 px-3 py-1 text-xs font-semibold text-white hover:bg-sky-800 disabled:opacity-50"
      >
        {attest.isPending ? "Saving…" : "Attest"}
      </button>
    </form>
  );
}

export function AttestationNote({ attestation }: { attestation: Attestation }) {
  return (
    <div className="mt-3 rounded-md border border-emerald-200 bg-emerald-50/60 p-3 text-xs text-emerald-950">
      <p>
        <span className="font-semibold">Attested by {attestation.by}</span> on {formatDateTime(attestation.at)}
      </p>
      {attestation.note ? <p className="mt-1 whitespace-pre-wrap text-slate-700">{attestation.note}</p> : null}
    </div>
  );
}
