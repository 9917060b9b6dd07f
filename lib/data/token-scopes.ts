// Which token scopes a planned install needs, written once as data. Source: the operator's feature → scope rules,
// pkg/controllers/dynakube/token/feature.go (v1.10.2 = main), summarised in reference dynatrace-operator.md
// section 2.2; scope identifiers from pkg/clients/dynatrace/token/client.go. The operator fails the DynaKube on a
// missing *required* scope and only degrades the feature on a missing *optional* one.
/** Classic access tokens (dt0c01.…) have scopes; platform tokens (dt0s16.…) of a service user have permissions. */
export type TokenKind = "classic" | "platform" | "unknown";
import type { Mode, Plan } from "@/lib/engine/plan";

export type TokenRole = "operator" | "ingest";
export type ScopeNeed = "required" | "optional";

export interface ScopeRequirement {
  scope: string;
  /** The scope's name in the Dynatrace token UI. */
  name: string;
  token: TokenRole;
  need: ScopeNeed;
  /** The feature of the planned DynaKube that needs it, as a person would recognise it. */
  feature: string;
  /** What happens without it. */
  without: string;
  source: string;
}

export const SCOPE_NAMES: Record<string, string> = {
  InstallerDownload: "PaaS integration - Installer download",
  DataExport: "Access problem and event feed, metrics, and topology",
  "activeGateTokenManagement.create": "Create ActiveGate tokens",
  "settings.read": "Read settings",
  "settings.write": "Write settings",
  "metrics.ingest": "Ingest metrics",
  "logs.ingest": "Ingest logs",
  "openTelemetryTrace.ingest": "Ingest OpenTelemetry traces",
};

const FEATURE_GO = "dynatrace-operator pkg/controllers/dynakube/token/feature.go";

interface Feature {
  id: string;
  feature: string;
  /** Which planned modes enable it. */
  modes: readonly Mode[];
  scopes: { scope: string; token: TokenRole; need: ScopeNeed; without: string }[];
  source: string;
}

const ALL: readonly Mode[] = ["platform", "application", "full-stack"];

/**
 * The features each mode's DynaKube turns on. Every mode's sample DynaKube (assets/samples/dynakube/v1beta6:
 * kubernetesObservability, applicationMonitoring, cloudNativeFullStack) has an ActiveGate with the
 * kubernetes-monitoring capability; application and full-stack inject code modules and enable metadata enrichment.
 */
export const FEATURES: readonly Feature[] = [
  {
    id: "host-availability",
    feature: "Host availability detection (Helm operator.hostAvailabilityDetection, on by default)",
    modes: ALL,
    scopes: [{ scope: "DataExport", token: "operator", need: "required", without: "the operator marks the tokens invalid and the DynaKube goes to phase Error (issue #3531)" }],
    source: `${FEATURE_GO} (DT_HOST_AVAILABILITY_DETECTION)`,
  },
  {
    id: "installer-download",
    feature: "OneAgent / code module and ActiveGate downloads (no separate paasToken)",
    modes: ALL,
    scopes: [{ scope: "InstallerDownload", token: "operator", need: "required", without: "the operator cannot read connection info or download agents; the DynaKube goes to phase Error" }],
    source: `${FEATURE_GO} ("Download Installer", enabled when the secret has no paasToken)`,
  },
  {
    id: "activegate",
    feature: "ActiveGate with kubernetes-monitoring (in every mode's sample DynaKube)",
    modes: ALL,
    scopes: [{ scope: "activeGateTokenManagement.create", token: "operator", need: "required", without: "the operator cannot create the ActiveGate's auth token; the DynaKube goes to phase Error" }],
    source: `${FEATURE_GO} ("Active Gate")`,
  },
  {
    id: "kubernetes-api-monitoring",
    feature: "Automatic Kubernetes API monitoring registration (feature flag automatic-kubernetes-api-monitoring, default on)",
    modes: ALL,
    scopes: [
      { scope: "settings.read", token: "operator", need: "optional", without: "the cluster is not found or registered in Dynatrace automatically" },
      { scope: "settings.write", token: "operator", need: "optional", without: "the cluster is not registered for Kubernetes monitoring (skipped silently)" },
    ],
    source: `${FEATURE_GO}; pkg/controllers/dynakube/k8sentity/reconciler.go`,
  },
  {
    id: "code-module-injection",
    feature: "Code module injection and metadata enrichment rules",
    modes: ["application", "full-stack"],
    scopes: [{ scope: "settings.read", token: "operator", need: "optional", without: "enrichment rules and injection settings from the tenant are not applied" }],
    source: `${FEATURE_GO} (CodeModule injection, MetadataEnrichment)`,
  },
  {
    id: "workload-ingest",
    feature: 'Data ingest from workloads ("Kubernetes: Data Ingest" token template)',
    modes: ["application", "full-stack"],
    scopes: [
      { scope: "metrics.ingest", token: "ingest", need: "optional", without: "metrics sent by workloads and the OneAgent's local ingest are rejected" },
      { scope: "logs.ingest", token: "ingest", need: "optional", without: "logs sent through the ingest API are rejected" },
      { scope: "openTelemetryTrace.ingest", token: "ingest", need: "optional", without: "OpenTelemetry traces sent through the ingest API are rejected" },
    ],
    source: "prerequisites document section 1 (recommended scopes); docs tokens-permissions",
  },
];

export interface TokenKindInfo {
  /** The operator token's kind; platform tokens skip the lookup in the operator (pkg/util/dttoken/token.go). */
  operator?: TokenKind;
  ingestPresent?: boolean;
}

/** Each scope the plan needs, once per (token, scope), the strongest need and all features that need it. */
export function requiredScopes(plan: Pick<Plan, "mode">, _tokens: TokenKindInfo = {}): ScopeRequirement[] {
  const out = new Map<string, ScopeRequirement>();
  for (const f of FEATURES) {
    if (!f.modes.includes(plan.mode)) continue;
    for (const s of f.scopes) {
      const key = `${s.token}:${s.scope}`;
      const prev = out.get(key);
      if (!prev) {
        out.set(key, { scope: s.scope, name: SCOPE_NAMES[s.scope] ?? s.scope, token: s.token, need: s.need, feature: f.feature, without: s.without, source: f.source });
        continue;
      }
      // Keep the first feature's wording; a required need wins over an optional one.
      if (s.need === "required" && prev.need === "optional") out.set(key, { ...prev, need: "required", feature: f.feature, without: s.without, source: f.source });
      else if (!prev.feature.includes(f.feature)) prev.feature = `${prev.feature}; ${f.feature}`;
    }
  }
  return [...out.values()];
}

export function scopesFor(plan: Pick<Plan, "mode">, token: TokenRole): ScopeRequirement[] {
  return requiredScopes(plan).filter((s) => s.token === token);
}

/** What the reachability collector asks the tenant (no token needed): the cheapest call every tenant answers. */
export const REACHABILITY_PATH = "/v1/time";
