// Kubernetes label selector semantics (metav1.LabelSelector), for evaluating selectors over collected labels.
import type { LabelSelector } from "@/lib/engine/plan";

/** True when the labels satisfy every matchLabels entry and every matchExpression. An empty selector matches all. */
export function matchesSelector(labels: Record<string, string>, selector: LabelSelector | undefined | null): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case "In":
        if (!has || !values.includes(labels[e.key]!)) return false;
        break;
      case "NotIn":
        if (has && values.includes(labels[e.key]!)) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function isEmptySelector(selector: LabelSelector | undefined | null): boolean {
  return !selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
}

/** "team=shop, env in (prod,stage), !legacy" — kubectl's way of writing a selector. */
export function describeSelector(selector: LabelSelector | undefined | null): string {
  if (isEmptySelector(selector)) return "(empty: every namespace)";
  const parts = Object.entries(selector!.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of selector!.matchExpressions ?? []) {
    const values = (e.values ?? []).join(",");
    if (e.operator === "In") parts.push(`${e.key} in (${values})`);
    else if (e.operator === "NotIn") parts.push(`${e.key} notin (${values})`);
    else if (e.operator === "Exists") parts.push(e.key);
    else parts.push(`!${e.key}`);
  }
  return parts.join(", ");
}

/** Label keys a selector reads: collectors keep these when they trim labels. */
export function selectorKeys(selector: LabelSelector | undefined | null): string[] {
  if (!selector) return [];
  return [...Object.keys(selector.matchLabels ?? {}), ...(selector.matchExpressions ?? []).map((e) => e.key)];
}
