// Gatekeeper constraints (Azure Policy add-on or a self-managed Gatekeeper): discovery of the constraints.gatekeeper.sh
// group, then one list per constraint kind, trimmed to what decides whether the operator's pods are denied.

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
  /** spec.match.namespaces: when set, only these namespaces (globs allowed) are matched. */
  namespaces: string[];
  /** spec.match has a namespaceSelector or labelSelector (not evaluated here). */
  hasSelector: boolean;
  /** Each parameter, shortened (values can be long lists). */
  parameters: Record<string, string>;
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
    match?: {
      kinds?: { apiGroups?: string[]; kinds?: string[] }[];
      excludedNamespaces?: string[];
      namespaces?: string[];
      namespaceSelector?: unknown;
      labelSelector?: unknown;
    };
    parameters?: Record<string, unknown>;
  };
}

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
  return {
    kind,
    name: c.metadata?.name ?? "",
    enforcementAction: (c.spec?.enforcementAction ?? "deny").toLowerCase(),
    matchKinds,
    excludedNamespaces: [...new Set([...(match.excludedNamespaces ?? []), ...paramExcluded])],
    namespaces: match.namespaces ?? [],
    hasSelector: match.namespaceSelector !== undefined || match.labelSelector !== undefined,
    parameters,
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
