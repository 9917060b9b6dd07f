// A check: metadata plus a pure `evaluate(facts, plan)`. No I/O, so runs can be replayed over stored facts.
import type { FactKey, FactView } from "./facts";
import type { Plan } from "./plan";
import type { ChecklistItemId, DocLink, Evaluation, SectionId, Severity, Target } from "./types";

export interface CheckContext {
  plan: Plan;
  target: Target;
}

export interface CheckDefinition<K extends FactKey = FactKey, U extends FactKey = never> {
  /** Stable id, never renamed once released (docs/checks.md is generated from the registry). */
  id: string;
  title: string;
  section: SectionId;
  severity: Severity;
  /** Which item of the prerequisites document's section 7 checklist this check answers, if any. */
  checklistItem?: ChecklistItemId;
  docs: DocLink[];
  /** Facts the check reads. The engine collects exactly these. */
  needs: readonly K[];
  /**
   * Facts the check reads when another check made the engine collect them, and never collects on its own
   * (e.g. the network policy check uses the tenant's communication endpoints when a tenant is checked too).
   * Read them with `facts.result()`: they may be absent.
   */
  uses?: readonly U[];
  /** Returns a reason when the check does not apply to this plan (reported as `not-applicable`). */
  notApplicable?(ctx: CheckContext): string | undefined;
  evaluate(facts: FactView<K | U>, ctx: CheckContext): Evaluation;
}

/** A prerequisite that no machine can verify: a person attests it. */
export interface ManualCheckDefinition {
  id: string;
  title: string;
  section: SectionId;
  severity: Severity;
  checklistItem?: ChecklistItemId;
  docs: DocLink[];
  manual: true;
  /** What the person should confirm, filled in with the plan's values. */
  instructions(ctx: CheckContext): { summary: string; remediation: string; commands?: string[] };
  notApplicable?(ctx: CheckContext): string | undefined;
}

export type AnyCheck = CheckDefinition<FactKey, FactKey> | ManualCheckDefinition;

export function isManual(check: AnyCheck): check is ManualCheckDefinition {
  return "manual" in check && check.manual === true;
}

/** Identity helper that keeps the fact keys of `needs` typed inside `evaluate`. */
export function defineCheck<K extends FactKey, U extends FactKey = never>(check: CheckDefinition<K, U>): CheckDefinition<K, U> {
  return check;
}

export function defineManualCheck(check: Omit<ManualCheckDefinition, "manual">): ManualCheckDefinition {
  return { ...check, manual: true };
}
