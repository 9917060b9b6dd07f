// The JSON report contract (DESIGN.md): exactly these keys, always in this order, so reports diff cleanly
// and tools can rely on them. Built key by key from the run report, so nothing else (no facts, no
// attestation internals) can leak into it.
import { planSchema } from "@/lib/engine/plan";
import type { CheckResult, RunReport } from "@/lib/engine/types";

export const REPORT_SCHEMA_VERSION = 1;

export interface JsonReportCheck {
  id: string;
  title: string;
  section: CheckResult["section"];
  status: CheckResult["status"];
  severity: CheckResult["severity"];
  summary: string;
  evidence: { label: string; value: string; detail?: string }[];
  remediation: { text: string; commands: string[]; docs: { title: string; url: string }[] };
  durationMs: number;
  reason?: string;
  /** An active waiver accepting this warn or fail; the status stays what the check found. */
  waiver?: { id: string; owner: string; justification: string; createdAt: string; expiresAt: string };
}

/** The tenant's public summary: token public parts only, the proxy without credentials. */
export interface JsonReportTenant {
  tenantId?: string;
  name?: string;
  apiUrl: string;
  operatorTokenPublic: string;
  ingestTokenPublic?: string;
  proxy?: string;
  customCa: boolean;
  networkZone?: string;
}

/** Where an AKS target lives in Resource Manager (no connection secrets). */
export interface JsonReportAks {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location?: string;
}

export interface JsonReport {
  schemaVersion: 1;
  verdict: RunReport["verdict"];
  target: { kind: "kubeconfig" | "aks"; clusterId?: string; name: string; context: string; server: string; aks?: JsonReportAks; tenant?: JsonReportTenant };
  plan: Record<string, unknown>;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  replayOf?: { runId?: string; collectedAt: string };
  checks: JsonReportCheck[];
}

export function toJsonReport(report: RunReport): JsonReport {
  const t = report.target;
  return {
    schemaVersion: 1,
    verdict: report.verdict,
    target: {
      kind: t.kind,
      ...(t.clusterId !== undefined ? { clusterId: t.clusterId } : {}),
      name: t.name,
      context: t.context,
      server: t.server,
      ...(t.aks !== undefined
        ? { aks: { subscriptionId: t.aks.subscriptionId, resourceGroup: t.aks.resourceGroup, name: t.aks.name, ...(t.aks.location !== undefined ? { location: t.aks.location } : {}) } }
        : {}),
      ...(t.tenant !== undefined ? { tenant: toJsonTenant(t.tenant) } : {}),
    },
    plan: orderedPlan(report.plan),
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    durationMs: report.durationMs,
    ...(report.replayOf ? { replayOf: { ...(report.replayOf.runId ? { runId: report.replayOf.runId } : {}), collectedAt: report.replayOf.collectedAt } } : {}),
    checks: report.checks.map(toJsonCheck),
  };
}

/** Serialized with a trailing newline, as written by the CLI and served by the web API. */
export function stringifyJsonReport(report: RunReport): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}

// Key by key: whatever else a tenant object carries (a connection with tokens, by mistake) stays out.
function toJsonTenant(t: NonNullable<RunReport["target"]["tenant"]>): JsonReportTenant {
  return {
    ...(t.tenantId !== undefined ? { tenantId: t.tenantId } : {}),
    ...(t.name !== undefined ? { name: t.name } : {}),
    apiUrl: t.apiUrl,
    operatorTokenPublic: t.operatorTokenPublic,
    ...(t.ingestTokenPublic !== undefined ? { ingestTokenPublic: t.ingestTokenPublic } : {}),
    ...(t.proxy !== undefined ? { proxy: t.proxy } : {}),
    customCa: t.customCa,
    ...(t.networkZone !== undefined ? { networkZone: t.networkZone } : {}),
  };
}

function toJsonCheck(c: CheckResult): JsonReportCheck {
  return {
    id: c.id,
    title: c.title,
    section: c.section,
    status: c.status,
    severity: c.severity,
    summary: c.summary,
    evidence: c.evidence.map((e) => ({ label: e.label, value: e.value, ...(e.detail !== undefined ? { detail: e.detail } : {}) })),
    remediation: {
      text: c.remediation.text,
      commands: [...c.remediation.commands],
      docs: c.remediation.docs.map((d) => ({ title: d.title, url: d.url })),
    },
    durationMs: c.durationMs,
    ...(c.reason !== undefined ? { reason: c.reason } : {}),
    ...(c.waiver !== undefined
      ? { waiver: { id: c.waiver.id, owner: c.waiver.owner, justification: c.waiver.justification, createdAt: c.waiver.createdAt, expiresAt: c.waiver.expiresAt } }
      : {}),
  };
}

// The plan's keys in schema order; fields added to the schema later keep their declaration order.
function orderedPlan(plan: RunReport["plan"]): Record<string, unknown> {
  const source = plan as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(planSchema.shape)) {
    if (source[key] !== undefined) out[key] = source[key];
  }
  return out;
}
