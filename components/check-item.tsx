"use client";

import type { CheckResult } from "@/lib/engine/types";
import { AttestationNote, AttestForm } from "./attest-form";
import { CopyButton } from "./copy-button";
import { StatusBadge, WaivedBadge } from "./status-badge";
import { WaiveControl, WaiverNote } from "./waive-form";

/**
 * One check of the checklist. Collapsed it reads as a line (status, title, summary); expanded it shows
 * what a person needs to act: why (reason), on what (evidence), what to do (remediation, commands), where
 * to read more (docs), for manual items the attestation, and for a warn or fail the waiver that accepts it
 * (or the control to accept it).
 */
export function CheckItem({
  check,
  expanded,
  onToggle,
  runId,
  canAttest,
  readOnly = false,
}: {
  check: CheckResult;
  expanded: boolean;
  onToggle: () => void;
  runId?: string;
  canAttest: boolean;
  /** Hides attest, waive and revoke: what is shown can be read, not changed (a shared report). */
  readOnly?: boolean;
}) {
  const panelId = `check-panel-${check.id}`;
  return (
    <li
      id={`check-${check.id}`}
      data-testid={`check-${check.id}`}
      data-status={check.status}
      data-waived={check.waiver ? "true" : undefined}
      className="scroll-mt-16 border-b border-slate-200 last:border-b-0"
    >
      <h4>
        <button
          type="button"
          aria-expanded={expanded}
          aria-controls={panelId}
          onClick={onToggle}
          className="flex w-full items-start gap-3 px-3 py-2 text-left hover:bg-slate-50"
        >
          <span aria-hidden="true" className="mt-0.5 w-3 shrink-0 font-mono text-[10px] text-slate-400">
            {expanded ? "▾" : "▸"}
          </span>
          <span className="flex w-28 shrink-0 flex-col items-start gap-1">
            <StatusBadge status={check.status} />
            {check.waiver ? <WaivedBadge checkId={check.id} size="sm" /> : null}
          </span>
          <span className="min-w-0 flex-1">
            <span className="block font-medium text-slate-900">{check.title}</span>
            {/* Expanded, the panel shows the summary in full. */}
            {expanded ? null : <span className="block truncate text-xs text-slate-600">{check.summary}</span>}
          </span>
          <span className="hidden shrink-0 items-center gap-2 sm:flex">
            {check.severity === "blocking" ? (
              <span className="rounded bg-slate-100 px-1.5 py-0.5 text-[11px] font-medium text-slate-700">blocking</span>
            ) : (
              <span className="rounded px-1.5 py-0.5 text-[11px] text-slate-500">advisory</span>
            )}
            <code className="font-mono text-[11px] text-slate-400">{check.id}</code>
          </span>
        </button>
      </h4>
      {expanded ? (
        <div id={panelId} className="space-y-3 border-t border-slate-100 bg-slate-50/50 px-3 py-3 pl-9 text-sm">
          <p className="text-slate-800">{check.summary}</p>
          {check.reason ? (
            <p className="rounded border-l-4 border-violet-400 bg-violet-50 px-3 py-1.5 text-violet-950">
              <span className="font-semibold">
                {check.status === "not-applicable" ? "Why it does not apply" : "Why it could not be decided"}:
              </span>{" "}
              {check.reason}
            </p>
          ) : null}
          <Evidence evidence={check.evidence} />
          <Remediation check={check} />
          {check.remediation.docs.length > 0 ? (
            <div>
              <h5 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Documentation</h5>
              <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
                {check.remediation.docs.map((doc) => (
                  <li key={doc.url}>
                    <a href={doc.url} target="_blank" rel="noopener noreferrer" className="text-sky-700 underline hover:text-sky-900">
                      {doc.title}
                      <span className="sr-only"> (opens in a new tab)</span>
                      <span aria-hidden="true"> ↗</span>
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {check.attestation ? <AttestationNote attestation={check.attestation} /> : null}
          {check.status === "manual" && canAttest && !readOnly && runId ? (
            <AttestForm runId={runId} checkId={check.id} checkTitle={check.title} />
          ) : null}
          {check.waiver ? <WaiverNote checkId={check.id} waiver={check.waiver} readOnly={readOnly || !runId} /> : null}
          {!check.waiver && (check.status === "warn" || check.status === "fail") && !readOnly && runId ? (
            <WaiveControl runId={runId} check={check} />
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

function Evidence({ evidence }: { evidence: CheckResult["evidence"] }) {
  if (evidence.length === 0) return null;
  return (
    <div>
      <h5 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Evidence</h5>
      <dl className="mt-1 grid grid-cols-[minmax(8rem,max-content)_1fr] gap-x-4 gap-y-1 text-xs">
        {evidence.map((e, index) => (
          <div key={`${e.label}-${index}`} className="contents">
            <dt className="text-slate-500">{e.label}</dt>
            <dd className="min-w-0">
              <span className="font-mono break-words text-slate-900">{e.value}</span>
              {e.detail ? <span className="block whitespace-pre-wrap text-slate-600">{e.detail}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function Remediation({ check }: { check: CheckResult }) {
  const { text, commands } = check.remediation;
  if (!text && commands.length === 0) return null;
  return (
    <div>
      <h5 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
        {check.status === "manual" ? "What to confirm" : "Remediation"}
      </h5>
      {text ? <p className="mt-1 whitespace-pre-wrap text-slate-800">{text}</p> : null}
      {commands.map((command, index) => (
        <div key={index} className="relative mt-2">
          <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 pr-20 font-mono text-xs leading-relaxed text-slate-100">
            <code>{command}</code>
          </pre>
          <div className="absolute top-2 right-2">
            <CopyButton text={command} />
          </div>
        </div>
      ))}
    </div>
  );
}
