"use client";

import { useMemo, useState } from "react";
import { STATUSES, type CheckResult, type Status } from "@/lib/engine/types";
import { countStatuses, filterChecks, groupBySection, summarizeChecklist } from "@/lib/web/checklist";
import { usePrinting } from "@/lib/web/use-printing";
import { CheckItem } from "./check-item";
import { ChecklistSummary } from "./checklist-summary";
import { STATUS_TONES } from "./status-meta";

/**
 * A run's checks grouped like the prerequisites document (sections 1-6), with the section 7 summary,
 * status filter chips and expandable items. `canAttest` enables attestation of open manual items; `readOnly`
 * (a shared report) hides every control that changes the run: attest, waive, revoke.
 */
export function Checklist({
  checks,
  runId,
  canAttest = false,
  readOnly = false,
}: {
  checks: CheckResult[];
  runId?: string;
  canAttest?: boolean;
  readOnly?: boolean;
}) {
  const [filter, setFilter] = useState<ReadonlySet<Status>>(new Set());
  // "Waived" is a filter of its own: a waived item keeps its status (warn or fail), it is never a pass.
  const [waivedOnly, setWaivedOnly] = useState(false);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());

  const counts = useMemo(() => countStatuses(checks), [checks]);
  const waivedCount = useMemo(() => checks.filter((c) => c.waiver).length, [checks]);
  const summary = useMemo(() => summarizeChecklist(checks), [checks]);
  // Printed, the report is complete: every check, expanded, whatever the screen's filter.
  const printing = usePrinting();
  const shownFilter = useMemo(() => (printing ? new Set<Status>() : filter), [printing, filter]);
  const shownWaivedOnly = waivedOnly && !printing;
  const filtering = shownFilter.size > 0 || shownWaivedOnly;
  const groups = useMemo(
    () => groupBySection(filterChecks(shownWaivedOnly ? checks.filter((c) => c.waiver) : checks, shownFilter)),
    [checks, shownFilter, shownWaivedOnly],
  );
  const visible = groups.reduce((n, g) => n + g.checks.length, 0);

  const toggleStatus = (status: Status) =>
    setFilter((current) => {
      const next = new Set(current);
      if (next.has(status)) next.delete(status);
      else next.add(status);
      return next;
    });
  const toggleCheck = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const showCheck = (id: string) => {
    setFilter(new Set());
    setWaivedOnly(false);
    setExpanded((current) => new Set(current).add(id));
  };

  return (
    <div className="space-y-4">
      <ChecklistSummary rows={summary} onSelectCheck={showCheck} />

      <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Filter checks by status">
        <FilterChip
          label="All"
          count={checks.length}
          pressed={filter.size === 0 && !waivedOnly}
          onClick={() => {
            setFilter(new Set());
            setWaivedOnly(false);
          }}
        />
        {STATUSES.map((status) => (
          <FilterChip
            key={status}
            label={STATUS_TONES[status].label}
            icon={STATUS_TONES[status].icon}
            dot={STATUS_TONES[status].dot}
            count={counts[status]}
            pressed={filter.has(status)}
            disabled={counts[status] === 0 && !filter.has(status)}
            onClick={() => toggleStatus(status)}
          />
        ))}
        {waivedCount > 0 || waivedOnly ? (
          <FilterChip
            label="Waived"
            icon="≈"
            count={waivedCount}
            pressed={waivedOnly}
            disabled={waivedCount === 0 && !waivedOnly}
            onClick={() => setWaivedOnly((v) => !v)}
            testId="filter-waived"
          />
        ) : null}
        <span className="ml-auto flex gap-2 text-xs">
          <button
            type="button"
            className="text-sky-700 hover:underline"
            onClick={() => setExpanded(new Set(groups.flatMap((g) => g.checks.map((c) => c.id))))}
          >
            Expand all
          </button>
          <button type="button" className="text-sky-700 hover:underline" onClick={() => setExpanded(new Set())}>
            Collapse all
          </button>
        </span>
      </div>

      {visible === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-3 py-6 text-center text-slate-500">
          {checks.length === 0 ? "This run has no check results." : "No checks match the selected filters."}
        </p>
      ) : null}

      {groups
        .filter((g) => g.checks.length > 0 || !filtering)
        .map(({ section, checks: sectionChecks }) => (
          <section key={section.id} aria-labelledby={`section-${section.id}`} className="rounded-lg border border-slate-200 bg-white">
            <h3 id={`section-${section.id}`} className="flex items-baseline gap-2 border-b border-slate-200 px-3 py-2 text-sm font-semibold">
              <span className="text-slate-400">{section.number}.</span>
              {section.title}
              <span className="ml-auto text-xs font-normal text-slate-500">
                {sectionChecks.length} {sectionChecks.length === 1 ? "check" : "checks"}
              </span>
            </h3>
            {sectionChecks.length === 0 ? (
              <p className="px-3 py-2 text-xs text-slate-500">No checks for this section in this run.</p>
            ) : (
              <ul>
                {sectionChecks.map((check) => (
                  <CheckItem
                    key={check.id}
                    check={check}
                    expanded={printing || expanded.has(check.id)}
                    onToggle={() => toggleCheck(check.id)}
                    runId={runId}
                    canAttest={canAttest}
                    readOnly={readOnly}
                  />
                ))}
              </ul>
            )}
          </section>
        ))}
    </div>
  );
}

function FilterChip({
  label,
  count,
  pressed,
  onClick,
  disabled = false,
  icon,
  dot,
  testId,
}: {
  label: string;
  count: number;
  pressed: boolean;
  onClick: () => void;
  disabled?: boolean;
  icon?: string;
  dot?: string;
  testId?: string;
}) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      data-testid={testId}
      disabled={disabled}
      onClick={onClick}
      className={`inline-flex items-center gap-1.5 rounded-full border px-2.5 py-0.5 text-xs font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-40 ${
        pressed ? "border-slate-800 bg-slate-800 text-white" : "border-slate-300 bg-white text-slate-700 hover:border-slate-400"
      }`}
    >
      {dot ? <span aria-hidden="true" className={`h-2 w-2 rounded-full ${dot}`} /> : null}
      {icon ? (
        <span aria-hidden="true" className="font-mono">
          {icon}
        </span>
      ) : null}
      {label}
      <span className={`tabular-nums ${pressed ? "text-slate-300" : "text-slate-500"}`}>{count}</span>
    </button>
  );
}
