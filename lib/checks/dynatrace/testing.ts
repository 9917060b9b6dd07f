// Unit-test helpers for the tenant checks: a target with a connected tenant, facts as a store.
import type { AnyCheck } from "@/lib/engine/check";
import { parsePlan, type PlanInput } from "@/lib/engine/plan";
import { evaluateAll } from "@/lib/engine/run";
import type { CheckResult, Target } from "@/lib/engine/types";
import type { TokenLookupFact } from "@/lib/collect/dynatrace/token-lookup";
import { storeOf, type FactsInput } from "@/lib/checks/kubernetes/testing";

export const TENANT_API = "https://abc12345.live.dynatrace.com/api";
export const CHECKED_AT = "2026-11-23T12:00:00.000Z";

export const tenantTarget: Target = {
  kind: "kubeconfig",
  name: "aks-prod",
  context: "aks-prod",
  server: "https://aks-prod.hcp.westeurope.azmk8s.io:443",
  tenant: { apiUrl: TENANT_API, operatorTokenPublic: "dt0c01.OPERATOR…", ingestTokenPublic: "dt0c01.INGESTTE…", customCa: false },
};

export function evaluateTenantCheck(check: AnyCheck, input: FactsInput, plan: PlanInput = {}, target: Target = tenantTarget): CheckResult {
  return evaluateAll([check], storeOf(input), { plan: parsePlan(plan), target })[0]!;
}

export const OPERATOR_SCOPES = ["InstallerDownload", "DataExport", "activeGateTokenManagement.create", "settings.read", "settings.write"];
export const INGEST_SCOPES = ["metrics.ingest", "logs.ingest", "openTelemetryTrace.ingest"];

export function lookup(over: Partial<TokenLookupFact> = {}): TokenLookupFact {
  return {
    present: true,
    kind: "classic",
    publicPart: "dt0c01.OPERATOR…",
    lookup: "done",
    status: 200,
    id: "dt0c01.OPERATORTESTTOKEN0000001",
    name: "Kubernetes: Dynatrace Operator",
    enabled: true,
    scopes: OPERATOR_SCOPES,
    checkedAt: CHECKED_AT,
    ...over,
  };
}

export const inDays = (days: number) => new Date(Date.parse(CHECKED_AT) + days * 86_400_000).toISOString();

/** Everything a person reads about a result, to assert on. */
export const said = (r: CheckResult) =>
  [r.summary, r.reason ?? "", r.remediation.text, ...r.remediation.commands, ...r.evidence.map((e) => `${e.label}: ${e.value} ${e.detail ?? ""}`)].join("\n");
