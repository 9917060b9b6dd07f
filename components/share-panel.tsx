"use client";

import { useState, type FormEvent } from "react";
import type { CreatedShareLink, ShareLinkInfo, ShareLinkState } from "@/lib/contracts";
import { formatDateTime } from "@/lib/web/format";
import { useCreateShareLink, useRevokeShareLink, useRunApproval } from "@/lib/web/share-hooks";
import { CopyButton } from "./copy-button";

const DEFAULT_EXPIRY_DAYS = 14;

const STATE_TONES: Record<ShareLinkState, string> = {
  active: "bg-emerald-50 text-emerald-800 ring-emerald-600/25",
  expired: "bg-slate-100 text-slate-600 ring-slate-400/30",
  revoked: "bg-red-50 text-red-800 ring-red-600/25",
};

/**
 * Share a finished run with an approver: a read-only, expiring, revocable link. The link's URL is shown
 * once, right after it is created, and lives only in this panel's state (closing the form or reloading
 * the page forgets it; the server keeps only its hash).
 */
export function SharePanel({ runId }: { runId: string }) {
  const [formOpen, setFormOpen] = useState(false);
  const approval = useRunApproval(runId);
  const links = approval.data?.links ?? [];

  return (
    <section id="share-for-approval" aria-labelledby="share-heading" data-print="hide" className="scroll-mt-16 rounded-lg border border-slate-200 bg-white">
      <div className="flex items-center gap-3 border-b border-slate-200 px-3 py-2">
        <h2 id="share-heading" className="text-sm font-semibold">
          Share for approval
        </h2>
        <button
          type="button"
          aria-expanded={formOpen}
          onClick={() => setFormOpen((open) => !open)}
          className="ml-auto rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-800 hover:bg-slate-50"
        >
          {formOpen ? "Close" : "New share link"}
        </button>
      </div>
      {formOpen ? <ShareForm runId={runId} /> : null}
      {approval.isError ? (
        <p role="alert" className="px-3 py-2 text-sm text-red-800">
          Could not load the share links: {approval.error.message}
        </p>
      ) : approval.isPending ? (
        <p className="px-3 py-2 text-sm text-slate-500">Loading the share links…</p>
      ) : links.length === 0 ? (
        <p className="px-3 py-2 text-sm text-slate-500">
          No share link yet. An approver opens the report read-only from a link and approves or rejects it.
        </p>
      ) : (
        <ShareLinkTable runId={runId} links={links} />
      )}
    </section>
  );
}

function ShareForm({ runId }: { runId: string }) {
  const create = useCreateShareLink(runId);
  const [label, setLabel] = useState("");
  const [createdBy, setCreatedBy] = useState("");
  const [days, setDays] = useState(String(DEFAULT_EXPIRY_DAYS));
  const [created, setCreated] = useState<{ url: string; expiresAt: string }>();

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(
      { label: label.trim() || undefined, createdBy: createdBy.trim() || undefined, expiresInDays: Number(days) },
      {
        onSuccess: (link: CreatedShareLink) => {
          setCreated({ url: `${window.location.origin}${link.path}`, expiresAt: link.expiresAt });
          // The answer with the token must not outlive this form in the mutation cache either.
          create.reset();
        },
      },
    );
  }

  return (
    <div className="space-y-3 border-b border-slate-200 bg-slate-50/60 px-3 py-3">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Create a share link">
        <label className="flex min-w-48 flex-1 flex-col gap-1 text-xs font-medium text-slate-700">
          Label (optional)
          <input
            name="label"
            maxLength={100}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            placeholder="Change ticket, approver"
            className="rounded border border-slate-300 bg-white px-2 py-1 text-sm font-normal"
          />
        </label>
        <label className="flex min-w-40 flex-1 flex-col gap-1 text-xs font-medium text-slate-700">
          Created by (optional)
          <input
            name="createdBy"
            maxLength={100}
            value={createdBy}
            onChange={(e) => setCreatedBy(e.target.value)}
            placeholder="Your name"
            className="rounded border border-slate-300 bg-white px-2 py-1 text-sm font-normal"
          />
        </label>
        <label className="flex w-32 flex-col gap-1 text-xs font-medium text-slate-700">
          Expires in (days)
          <input
            name="expiresInDays"
            type="number"
            required
            min={1}
            max={90}
            step={1}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            className="rounded border border-slate-300 bg-white px-2 py-1 text-sm font-normal"
          />
        </label>
        <button
          type="submit"
          data-testid="share-create"
          disabled={create.isPending}
          className="rounded bg-sky-700 px-3 py-1.5 text-xs font-semibold text-white hover:bg-sky-800 disabled:opacity-50"
        >
          {create.isPending ? "Creating…" : "Create share link"}
        </button>
      </form>
      {create.error ? (
        <p role="alert" className="text-xs text-red-700">
          {create.error.message}
        </p>
      ) : null}
      {created ? (
        <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" role="status">
          <p className="font-medium text-amber-950">Copy it now: it is shown only once.</p>
          <div className="mt-2 flex items-center gap-2 rounded-md bg-slate-900 px-3 py-2">
            <code data-testid="share-url" className="min-w-0 flex-1 font-mono text-xs break-all text-slate-100">
              {created.url}
            </code>
            <CopyButton text={created.url} label="Copy link" />
          </div>
          <p className="mt-1 text-xs text-slate-600">
            Read-only, expires {formatDateTime(created.expiresAt)}. Anyone with the link can read the report and approve or
            reject it until then; revoke it below if it goes astray.
          </p>
        </div>
      ) : null}
    </div>
  );
}

function ShareLinkTable({ runId, links }: { runId: string; links: ShareLinkInfo[] }) {
  const revoke = useRevokeShareLink(runId);
  return (
    <div className="overflow-x-auto">
      {revoke.error ? (
        <p role="alert" className="px-3 pt-2 text-xs text-red-700">
          {revoke.error.message}
        </p>
      ) : null}
      <table className="w-full text-left text-sm" aria-label="Share links">
        <thead className="text-xs text-slate-500">
          <tr className="border-b border-slate-200">
            <th scope="col" className="px-3 py-1.5 font-medium">Label</th>
            <th scope="col" className="px-3 py-1.5 font-medium">Created by</th>
            <th scope="col" className="px-3 py-1.5 font-medium">Created</th>
            <th scope="col" className="px-3 py-1.5 font-medium">Expires</th>
            <th scope="col" className="px-3 py-1.5 font-medium">Last viewed</th>
            <th scope="col" className="px-3 py-1.5 font-medium">State</th>
            <th scope="col" className="px-3 py-1.5 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {links.map((link) => (
            <tr key={link.id} data-testid={`share-link-${link.id}`} data-state={link.state} className="border-b border-slate-100 last:border-b-0">
              <td className="px-3 py-1.5">{link.label ?? <span className="text-slate-400">–</span>}</td>
              <td className="px-3 py-1.5">{link.createdBy ?? <span className="text-slate-400">–</span>}</td>
              <td className="px-3 py-1.5 text-xs whitespace-nowrap">{formatDateTime(link.createdAt)}</td>
              <td className="px-3 py-1.5 text-xs whitespace-nowrap">{formatDateTime(link.expiresAt)}</td>
              <td className="px-3 py-1.5 text-xs whitespace-nowrap">{link.lastViewedAt ? formatDateTime(link.lastViewedAt) : "never"}</td>
              <td className="px-3 py-1.5">
                <span className={`rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${STATE_TONES[link.state]}`}>{link.state}</span>
              </td>
              <td className="px-3 py-1.5 text-right">
                {link.state === "active" ? (
                  <button
                    type="button"
                    data-testid={`share-revoke-${link.id}`}
                    disabled={revoke.isPending}
                    onClick={() => {
                      if (window.confirm(`Revoke the share link${link.label ? ` "${link.label}"` : ""}? Whoever has it can no longer open the report.`)) {
                        revoke.mutate(link.id);
                      }
                    }}
                    className="text-xs font-medium text-red-700 hover:underline disabled:opacity-50"
                  >
                    Revoke
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
