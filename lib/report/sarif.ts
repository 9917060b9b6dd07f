// SARIF 2.1.0 for CI systems and code-scanning dashboards. Every registered check is a rule (helpUri = its
// first doc link); only checks that need attention become results: fail → error, warn → warning,
// unknown → note (undecided is not a finding, but must not disappear). There is no source file to point at,
// so each result carries a logical location: the cluster and the planned namespace. A waived fail or warn
// keeps its level and carries SARIF's own suppression (external, accepted, with the justification), so
// code-scanning dashboards show it as dismissed with its reason, not as fixed.
// Validated against the official SARIF 2.1.0 JSON schema (sarif-2.1.0-rtm.5.json, from @microsoft/jest-sarif).
import { CHECKS } from "@/lib/checks/registry";
import type { AnyCheck } from "@/lib/engine/check";
import type { CheckResult, RunReport, Status } from "@/lib/engine/types";
import packageJson from "@/package.json";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

type Level = "error" | "warning" | "note";
const LEVEL: Partial<Record<Status, Level>> = { fail: "error", warn: "warning", unknown: "note" };

export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: SarifRun[];
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  helpUri?: string;
  help?: { text: string; markdown: string };
  defaultConfiguration: { level: Level };
  properties: Record<string, unknown>;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  suppressions?: { kind: "external"; status: "accepted"; justification: string; properties: Record<string, unknown> }[];
  locations: { logicalLocations: { name: string; fullyQualifiedName: string; kind: string }[] }[];
  properties: Record<string, unknown>;
}

interface SarifRun {
  tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
  invocations: { executionSuccessful: boolean; startTimeUtc: string; endTimeUtc: string }[];
  results: SarifResult[];
  properties: Record<string, unknown>;
}

export function toSarif(report: RunReport, checks: readonly AnyCheck[] = CHECKS): SarifLog {
  const rules: SarifRule[] = checks.map(ruleOf);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  // A result whose check is no longer registered (an old stored run) still needs a rule to point at.
  for (const c of report.checks) {
    if (!index.has(c.id) && LEVEL[c.status]) {
      index.set(c.id, rules.length);
      rules.push(ruleOf({ id: c.id, title: c.title, section: c.section, severity: c.severity, checklistItem: c.checklistItem, docs: c.remediation.docs }));
    }
  }
  const cluster = report.target.name;
  const namespace = report.plan.namespace;
  const results: SarifResult[] = [];
  for (const c of report.checks) {
    const level = LEVEL[c.status];
    if (!level) continue;
    results.push({
      ruleId: c.id,
      ruleIndex: index.get(c.id)!,
      level,
      message: { text: messageOf(c) },
      ...(c.waiver && (c.status === "fail" || c.status === "warn")
        ? {
            suppressions: [
              {
                kind: "external" as const,
                status: "accepted" as const,
                justification: c.waiver.justification,
                properties: { waiverId: c.waiver.id, owner: c.waiver.owner, createdAt: c.waiver.createdAt, expiresAt: c.waiver.expiresAt },
              },
            ],
          }
        : {}),
      locations: [
        {
          logicalLocations: [
            { name: namespace, fullyQualifiedName: `${cluster}/${namespace}`, kind: "namespace" },
          ],
        },
      ],
      properties: {
        status: c.status,
        severity: c.severity,
        section: c.section,
        ...(c.reason !== undefined ? { reason: c.reason } : {}),
        evidence: c.evidence.map((e) => ({ label: e.label, value: e.value, ...(e.detail !== undefined ? { detail: e.detail } : {}) })),
        remediation: { text: c.remediation.text, commands: [...c.remediation.commands] },
      },
    });
  }
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "dtready",
            version: packageJson.version,
            informationUri: "https://docs.dynatrace.com/docs/ingest-from/setup-on-k8s",
            rules,
          },
        },
        invocations: [{ executionSuccessful: true, startTimeUtc: report.startedAt, endTimeUtc: report.finishedAt }],
        results,
        properties: {
          verdict: report.verdict,
          target: { kind: report.target.kind, name: cluster, context: report.target.context, server: report.target.server },
          plan: { mode: report.plan.mode, operatorVersion: report.plan.operatorVersion, namespace, csiDriver: report.plan.csiDriver },
        },
      },
    ],
  };
}

export function stringifySarif(report: RunReport): string {
  return `${JSON.stringify(toSarif(report), null, 2)}\n`;
}

function ruleOf(c: Pick<AnyCheck, "id" | "title" | "section" | "severity" | "checklistItem" | "docs">): SarifRule {
  const docs = c.docs.filter((d) => /^https?:\/\//.test(d.url));
  return {
    id: c.id,
    name: c.title,
    shortDescription: { text: c.title },
    ...(docs[0] ? { helpUri: docs[0].url } : {}),
    ...(docs.length > 0
      ? {
          help: {
            text: docs.map((d) => `${d.title}: ${d.url}`).join("\n"),
            markdown: docs.map((d) => `[${d.title.replace(/[[\]]/g, "\\$&")}](${d.url})`).join("  \n"),
          },
        }
      : {}),
    defaultConfiguration: { level: c.severity === "blocking" ? "error" : "warning" },
    properties: { section: c.section, severity: c.severity, ...(c.checklistItem ? { checklistItem: c.checklistItem } : {}) },
  };
}

function messageOf(c: CheckResult): string {
  const summary = c.summary || c.title;
  return c.reason && c.reason !== c.summary ? `${summary} (${c.reason})` : summary;
}
