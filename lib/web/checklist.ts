// Pure view logic of the checklist: grouping by the prerequisites document, the section 7 summary, filters.
import { CHECKLIST, SECTIONS, type ChecklistItem, type Section } from "@/lib/checks/sections";
import { STATUSES, type CheckResult, type Status } from "@/lib/engine/types";
import type { StatusCounts } from "@/lib/contracts";

export interface SectionGroup {
  section: Section;
  checks: CheckResult[];
}

/** Every section of the document, in its order, with the run's checks in registry order. */
export function groupBySection(checks: readonly CheckResult[]): SectionGroup[] {
  return SECTIONS.map((section) => ({ section, checks: checks.filter((c) => c.section === section.id) }));
}

/**
 * The status a group of checks adds up to: the most pressing one (fail, unknown, manual, warn, pass,
 * not-applicable). `null` when nothing was checked, which must not read as a pass.
 */
export function worstStatus(statuses: readonly Status[]): Status | null {
  let worst: Status | null = null;
  for (const s of statuses) {
    if (worst === null || STATUSES.indexOf(s) < STATUSES.indexOf(worst)) worst = s;
  }
  return worst;
}

export interface ChecklistSummaryRow {
  item: ChecklistItem;
  status: Status | null;
  checks: CheckResult[];
}

/** The eight items of section 7, always all present, each with the checks mapped to it. */
export function summarizeChecklist(checks: readonly CheckResult[]): ChecklistSummaryRow[] {
  return CHECKLIST.map((item) => {
    const mapped = checks.filter((c) => c.checklistItem === item.id);
    return { item, checks: mapped, status: worstStatus(mapped.map((c) => c.status)) };
  });
}

export function countStatuses(checks: readonly Pick<CheckResult, "status">[]): StatusCounts {
  const counts: StatusCounts = { pass: 0, warn: 0, fail: 0, unknown: 0, "not-applicable": 0, manual: 0 };
  for (const c of checks) counts[c.status]++;
  return counts;
}

/** An empty filter shows everything. */
export function filterChecks(checks: readonly CheckResult[], statuses: ReadonlySet<Status>): CheckResult[] {
  return statuses.size === 0 ? [...checks] : checks.filter((c) => statuses.has(c.status));
}
