// Gatekeeper constraints (Azure Policy add-on or a self-managed Gatekeeper): discovery of the constraints.gatekeeper.sh
// group, then one list per constraint kind, trimmed to what decides whether the operator's pods are denied.
import type { LabelSelector } from "@/lib/engine/plan";
import { CollectError } from "@/lib/engine/errors";
import { defineKubeCollector, kube } from "./context";

export const GATEKEEPER_CONSTRAINTS_GROUP = "constraints.gatekeeper.sh";

export interface GatekeeperConstraintFact {
  kind: string;
  name: string;
  /** deny (the default) | dryrun | warn */
  enforcementAction: string;
  /** spec.match.kinds flattened to "group/Kind" ("" is the core group); empty means every kind. */
  matchKinds: string[];
  /** spec.match.excludedNamespaces and, as Azure Policy writes them, spec.parameters.excludedNamespaces. */
  excludedNamespaces: string[];
  /**
   * spec.match.excludedNamespaces alone: what Gatekeeper itself exempts. The list above also has the copy some Azure
   * constraints carry under parameters, which only a template's Rego could honour. Absent in older stored facts.
   */
  matchExcludedNamespaces?: string[];
  /** spec.match.namespaces: when set, only these namespaces (globs allowed) are matched. */
  namespaces: string[];
  /** spec.match has a namespaceSelector or labelSelector. */
  hasSelector: boolean;
  /** Each parameter, shortened (values can be long lists), for people reading the evidence. */
  parameters: Record<string, string>;
  /**
   * The parameters as the constraint has them, for evaluating them against the operator's pods; absent when they
   * were too large to keep (then nothing is judged from them) and in facts stored before they were kept.
   */
  parameterValues?: Record<string, unknown>;
  /** spec.match.namespaceSelector / labelSelector as written (evaluated by the checks). */
  namespaceSelector?: LabelSelector;
  labelSelector?: LabelSelector;
  /** spec.match.scope: "*" (default), "Namespaced" or "Cluster". */
  matchScope?: string;
  /** spec.match.name: only objects with this name (a trailing or leading * is a glob). */
  matchName?: string;
  /** For enforcementAction "scoped": the actions at the validation webhook (spec.scopedEnforcementActions). */
  scopedActions?: string[];
}

export interface GatekeeperFact {
  /** The constraints.gatekeeper.sh group is served (Gatekeeper or the Azure Policy add-on is installed). */
  installed: boolean;
  constraints: GatekeeperConstraintFact[];
  /** Constraint kinds whose list failed (e.g. forbidden for this identity), with the reason. */
  unreadable: { kind: string; reason: string }[];
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "k8s.gatekeeperConstraints": GatekeeperFact;
  }
}

interface ApiGroupList {
  groups?: { name: string; preferredVersion?: { version?: string }; versions?: { version: string }[] }[];
}
interface ApiResourceList {
  resources?: { name: string; kind: string }[];
}
interface ConstraintWire {
  kind?: string;
  metadata?: { name?: string };
  spec?: {
    enforcementAction?: string;
    scopedEnforcementActions?: { action?: string; enforcementPoints?: { name?: string }[] }[];
    match?: {
      kinds?: { apiGroups?: string[]; kinds?: string[] }[];
      excludedNamespaces?: string[];
      namespaces?: string[];
      namespaceSelector?: LabelSelector;
      labelSelector?: LabelSelector;
      scope?: string;
      name?: string;
    };
    parameters?: Record<string, unknown>;
  };
}

/** Parameters larger than this are not kept whole (an allow-list of thousands of images); the checks say so. */
const MAX_PARAMETER_BYTES = 64 * 1024;

function short(v: unknown): string {
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}

export function projectConstraint(kind: string, c: ConstraintWire): GatekeeperConstraintFact {
  const match = c.spec?.match ?? {};
  const params = c.spec?.parameters ?? {};
  const paramExcluded = Array.isArray(params.excludedNamespaces) ? params.excludedNamespaces.filter((n): n is string => typeof n === "string") : [];
  const matchKinds = (match.kinds ?? []).flatMap((k) => (k.kinds ?? ["*"]).flatMap((kind) => (k.apiGroups ?? ["*"]).map((g) => `${g}/${kind}`)));
  const parameters: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) parameters[k] = short(v);
  const whole = JSON.stringify(params).length <= MAX_PARAMETER_BYTES;
  const enforcementAction = (c.spec?.enforcementAction ?? "deny").toLowerCase();
  // Only the validating webhook's actions decide admission (gatekeeper-audit and other points do not).
  const scopedActions =
    enforcementAction === "scoped"
      ? (c.spec?.scopedEnforcementActions ?? [])
          .filter((a) => (a.enforcementPoints ?? []).some((p) => p.name === "validation.gatekeeper.sh" || p.name === "*"))
          .map((a) => (a.action ?? "").toLowerCase())
      : undefined;
  return {
    kind,
    name: c.metadata?.name ?? "",
    enforcementAction,
    matchKinds,
    excludedNamespaces: [...new Set([...(match.excludedNamespaces ?? []), ...paramExcluded])],
    matchExcludedNamespaces: match.excludedNamespaces ?? [],
    namespaces: match.namespaces ?? [],
    hasSelector: match.namespaceSelector !== undefined || match.labelSelector !== undefined,
    parameters,
    ...(whole ? { parameterValues: params } : {}),
    ...(match.namespaceSelector ? { namespaceSelector: match.namespaceSelector } : {}),
    ...(match.labelSelector ? { labelSelector: match.labelSelector } : {}),
    ...(match.scope ? { matchScope: match.scope } : {}),
    ...(match.name ? { matchName: match.name } : {}),
    ...(scopedActions ? { scopedActions } : {}),
  };
}

export const gatekeeperCollector = defineKubeCollector({
  id: "kubernetes.gatekeeper-constraints",
  produces: ["k8s.gatekeeperConstraints"],
  async collect(ctx) {
    const k = kube(ctx);
    const groups = await k.getJson<ApiGroupList>(ctx, "GET /apis", "/apis");
    const group = groups.groups?.find((g) => g.name === GATEKEEPER_CONSTRAINTS_GROUP);
    if (!group) return { "k8s.gatekeeperConstraints": { installed: false, constraints: [], unreadable: [] } };
    const version = group.preferredVersion?.version ?? group.versions?.[0]?.version ?? "v1beta1";
    const base = `/apis/${GATEKEEPER_CONSTRAINTS_GROUP}/${version}`;
    const resources = await k.getJson<ApiResourceList>(ctx, `GET ${base}`, base);
    const kinds = (resources.resources ?? []).filter((r) => !r.name.includes("/"));
    const constraints: GatekeeperConstraintFact[] = [];
    const unreadable: GatekeeperFact["unreadable"] = [];
    await Promise.all(
      kinds.map(async (r) => {
        try {
          const list = await k.getJson<{ items?: ConstraintWire[] }>(ctx, `GET ${base}/${r.name}`, `${base}/${r.name}`);
          for (const item of list.items ?? []) constraints.push(projectConstraint(r.kind, item));
        } catch (err) {
          if (!(err instanceof CollectError)) throw err;
          unreadable.push({ kind: r.kind, reason: err.message });
        }
      }),
    );
    constraints.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
    unreadable.sort((a, b) => a.kind.localeCompare(b.kind));
    return { "k8s.gatekeeperConstraints": { installed: true, constraints, unreadable } };
  },
});
