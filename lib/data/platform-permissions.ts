// What a platform operator token (dt0s16…) must be allowed to do, written once as data, and the least-privileged
// documented call that proves each permission without changing anything in the tenant.
//
// Source: Dynatrace docs "Tokens and permissions" (Latest Dynatrace, How-to guide),
// https://docs.dynatrace.com/docs/ingest-from/setup-on-k8s/deployment/tokens-permissions/tokens-permissions, read
// 2026-12-04: "For each Kubernetes cluster, Dynatrace Operator uses two platform tokens associated with a dedicated
// service user: Operator token—assigned the Kubernetes Operator policy … Data Ingest token—assigned the Kubernetes
// Ingest policy." Permission names and usage texts are the page's table. The calls are the ones the operator makes
// with the token against the apiUrl (dynatrace-operator main 70d37e5: pkg/clients/dynatrace/{oneagent,activegate,
// version,image,settings}); the settings endpoints' platform scopes are also stated on the Settings API v2 pages
// ("Platform Token / OAuth: Required scope: settings:objects:read"), and POST /v2/activeGateTokens takes
// fleet-management:activegate.tokens:create (developer.dynatrace.com client-classic-environment-v2).
import type { FactKey } from "@/lib/engine/facts";

/** A read-only call whose answer (200 vs 403) proves or refutes the permission. */
export interface ReadProof {
  kind: "read";
  /** Method and path relative to apiUrl, as shown in evidence. */
  call: string;
  /** Where the answer is: an existing fact (the same request the deployment API check reads) or a platform probe. */
  from: { fact: FactKey } | { probe: PlatformProbeId };
}

/** No call proves the permission without a write: a person confirms the policy instead. */
export interface WriteOnly {
  kind: "write-only";
  call: string;
  why: string;
}

export type PlatformProbeId = "gatewayConnectionInfo" | "containerImages" | "settingsRead";

export interface PlatformPermission {
  permission: string;
  /** The docs' "Usage" column. */
  usage: string;
  /** Required: without it the operator fails; optional: a feature is skipped (settings, as for classic tokens). */
  need: "required" | "optional";
  without: string;
  proof: ReadProof | WriteOnly;
}

export const OPERATOR_POLICY = "Kubernetes Operator";
export const INGEST_POLICY = "Kubernetes Ingest";
export const TOKENS_PERMISSIONS_URL = "https://docs.dynatrace.com/docs/ingest-from/setup-on-k8s/deployment/tokens-permissions/tokens-permissions";

/** The operator token's permissions (Kubernetes Operator policy), in the docs' order, each with its proof. */
export const OPERATOR_PERMISSIONS: readonly PlatformPermission[] = [
  {
    permission: "fleet-management:activegate.connection-info:read",
    usage: "Collect information for ActiveGate lifecycle",
    need: "required",
    without: "the operator cannot configure the ActiveGate's connection; the DynaKube goes to phase Error",
    proof: { kind: "read", call: "GET /v1/deployment/installer/gateway/connectioninfo", from: { probe: "gatewayConnectionInfo" } },
  },
  {
    permission: "fleet-management:activegate.tokens:create",
    usage: "Create an authentication token for your ActiveGate to connect to the Dynatrace Cluster",
    need: "required",
    without: "the operator cannot create the ActiveGate's auth token; the DynaKube goes to phase Error",
    proof: {
      kind: "write-only",
      call: "POST /v2/activeGateTokens",
      why: "the only call that uses it creates an ActiveGate token in the tenant, and the ActiveGate tokens API has no validate-only mode",
    },
  },
  {
    permission: "fleet-management:container-images:read",
    usage: "Read image information for managed components",
    need: "required",
    // Platform tokens switch image sourcing to the public registry (pkg/api/exp/flag.go IsPublicRegistry).
    without: "with a platform token the operator takes every component image from this list (public registry); without it no OneAgent, code module or ActiveGate image is found",
    proof: { kind: "read", call: "GET /v2/fleetManagement/components/containerImages", from: { probe: "containerImages" } },
  },
  {
    permission: "fleet-management:oneagent.connection-info:read",
    usage: "Collect information for OneAgent lifecycle",
    need: "required",
    without: "the operator cannot read the tenant UUID and communication endpoints; OneAgents and code modules cannot connect",
    proof: { kind: "read", call: "GET /v1/deployment/installer/agent/connectioninfo", from: { fact: "dt.connectionInfo" } },
  },
  {
    permission: "fleet-management:oneagents:download",
    usage: "Manage OneAgent lifecycle",
    need: "required",
    without: "the operator cannot read OneAgent versions or download code modules",
    proof: { kind: "read", call: "GET /v1/deployment/installer/agent/unix/default/latest/metainfo", from: { fact: "dt.agentVersion" } },
  },
  {
    permission: "settings:objects:read",
    usage: "Find the cluster's Kubernetes settings object (Kubernetes API monitoring)",
    need: "optional",
    // The operator maps a 403 here to this name and skips the registration (pkg/controllers/dynakube/k8sentity/reconciler.go).
    without: "the cluster is not found or registered in Dynatrace automatically",
    proof: { kind: "read", call: "GET /v2/settings/objects?schemaIds=builtin:cloud.kubernetes", from: { probe: "settingsRead" } },
  },
  {
    permission: "settings:objects:write",
    usage: "Register the cluster for Kubernetes API monitoring",
    need: "optional",
    without: "the cluster is not registered for Kubernetes monitoring (skipped silently)",
    proof: { kind: "read", call: "POST /v2/settings/objects?validateOnly=true (validated, nothing stored)", from: { fact: "dt.settingsWrite" } },
  },
];

/**
 * The data-ingest token (Kubernetes Ingest policy): every call its permissions allow ingests data (metrics, logs,
 * traces), so none is made. The page's permission table for this token was not part of what could be read
 * (docs/data-sources.md), so no permission names are asserted here.
 */
export const INGEST_PERMISSIONS_PROOF: WriteOnly = {
  kind: "write-only",
  call: "POST /v2/metrics/ingest, /v2/logs/ingest, /v2/otlp/v1/*",
  why: "every call that uses the Kubernetes Ingest policy's permissions ingests data into the tenant",
};
