// The Markdown report, for change tickets: verdict, target, plan and counts up front, then the section 7
// checklist, then every check grouped like the prerequisites document with its evidence, the commands to
// copy (fenced, verbatim) and its docs. Built from the same fields as the JSON report plus attestations, so
// nothing that the JSON contract keeps out (facts, credentials) can appear here.
import { CHECKLIST, SECTIONS } from "@/lib/checks/sections";
import { MODE_LABELS } from "@/lib/engine/plan";
import type { CheckResult, RunReport, Status, Verdict, WaiverRef } from "@/lib/engine/types";
import { countByStatus } from "@/lib/engine/verdict";
import type { ApprovalInfo } from "@/lib/contracts";

export const STATUS_LABEL: Record<Status, string> = {
  pass: "PASS",
  warn: "WARN",
  fail: "FAIL",
  unknown: "UNKNOWN",
  "not-applicable": "N/A",
  manual: "MANUAL",
};

export const VERDICT_LABEL: Record<Verdict, string> = {
  ready: "READY",
  "ready-with-warnings": "READY WITH WARNINGS",
  incomplete: "INCOMPLETE",
  "not-ready": "NOT READY",
};

const VERDICT_EXPLAINED: Record<Verdict, string> = {
  ready: "every blocking prerequisite passed",
  "ready-with-warnings": "no blocking problem, but review the warnings",
  incomplete: "a blocking check could not be decided or a manual item is still open",
  "not-ready": "at least one blocking prerequisite failed",
};

/** A waiver "through a day" ends at that day's last millisecond (UTC): show the day; otherwise the moment. */
export function waiverUntil(expiresAt: string): string {
  return expiresAt.endsWith("T23:59:59.999Z") ? expiresAt.slice(0, 10) : expiresAt;
}

/** "waived until 2026-12-24 by Platform team: upgrade booked", as every export words it. */
export function waiverText(w: Pick<WaiverRef, "owner" | "justification" | "expiresAt">): string {
  return `waived until ${waiverUntil(w.expiresAt)} by ${w.owner}: ${w.justification}`;
}

/** The status as a reader must see it: a waived fail is still a fail, marked as waived, never a pass. */
function statusLabelOf(c: Pick<CheckResult, "status" | "waiver">): string {
  return c.waiver ? `${STATUS_LABEL[c.status]} (waived)` : STATUS_LABEL[c.status];
}

/** Worst first, the order a reviewer reads them in. */
const STATUS_ORDER: Record<Status, number> = { fail: 0, unknown: 1, manual: 2, warn: 3, pass: 4, "not-applicable": 5 };

/** The decisions on a run, for a report that travels with them (the dashboard's downloads; the CLI has none). */
export interface MarkdownApproval {
  /** SHA-256 of this report's canonical JSON (lib/report/report-hash.ts): what each decision is bound to. */
  reportHash: string;
  /** Newest first. */
  decisions: Pick<ApprovalInfo, "decision" | "name" | "comment" | "at" | "current">[];
}

export function toMarkdown(report: RunReport, approval?: MarkdownApproval): string {
  const { target, plan } = report;
  const out: string[] = [];
  out.push(`# Dynatrace Operator readiness: ${inline(target.name)}`, "");
  out.push(`**Verdict: ${VERDICT_LABEL[report.verdict]}** (${VERDICT_EXPLAINED[report.verdict]})`, "");

  out.push("| | |", "|---|---|");
  out.push(`| Cluster | ${cell(target.name)} |`);
  out.push(`| Context | ${code(target.context)} |`);
  out.push(`| API server | ${code(target.server)} |`);
  if (target.aks) out.push(`| AKS resource | ${code(`${target.aks.subscriptionId}/${target.aks.resourceGroup}/${target.aks.name}`)} |`);
  if (target.tenant) {
    const t = target.tenant;
    const parts = [
      code(t.apiUrl),
      `operator token ${code(t.operatorTokenPublic)}`,
      t.ingestTokenPublic ? `data-ingest token ${code(t.ingestTokenPublic)}` : "no data-ingest token",
      ...(t.proxy ? [`proxy ${code(t.proxy)}`] : []),
      ...(t.customCa ? ["custom CA"] : []),
      ...(t.networkZone ? [`network zone ${code(t.networkZone)}`] : []),
    ];
    out.push(`| Tenant | ${t.name ? `${cell(t.name)}: ` : ""}${parts.join(", ")} |`);
  }
  out.push(`| Mode | ${cell(MODE_LABELS[plan.mode])} |`);
  out.push(`| Operator version | ${code(plan.operatorVersion)} |`);
  out.push(`| Namespace | ${code(plan.namespace)} |`);
  out.push(`| CSI driver | ${plan.csiDriver ? "on" : "off"} |`);
  out.push(`| Started | ${cell(report.startedAt)} (${formatDuration(report.durationMs)}) |`);
  if (report.replayOf) out.push(`| Re-judged | facts collected ${cell(report.replayOf.collectedAt)}, judged again with the current checks |`);
  const counts = countByStatus(report.checks);
  const countText = (["pass", "warn", "fail", "unknown", "manual", "not-applicable"] as const)
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s === "not-applicable" ? "not applicable" : s}`)
    .join(", ");
  const waived = report.checks.filter((c) => c.waiver).length;
  out.push(`| Checks | ${report.checks.length}: ${countText || "none"}${waived > 0 ? ` (${waived} of them waived)` : ""} |`, "");
  if (approval) out.push(...approvalBlock(approval));

  out.push("## Pre-deployment checklist", "");
  out.push("| Item | Status | Checks |", "|---|---|---|");
  for (const item of CHECKLIST) {
    const checks = report.checks.filter((c) => c.checklistItem === item.id);
    const worst = [...checks].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status])[0];
    const status = worst ? statusLabelOf(worst) : "not checked";
    out.push(`| ${cell(item.title)}: ${cell(item.text)} | ${status} | ${checks.map((c) => code(c.id)).join(", ") || "none"} |`);
  }
  out.push("");

  for (const section of SECTIONS) {
    const checks = report.checks
      .filter((c) => c.section === section.id)
      .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
    if (checks.length === 0) continue;
    out.push(`## ${section.number}. ${inline(section.title)}`, "");
    for (const c of checks) out.push(...checkBlock(c));
  }
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}

function approvalBlock(a: MarkdownApproval): string[] {
  const out = ["## Approval", ""];
  out.push(`Report SHA-256: ${code(a.reportHash)} (of this report as JSON with sorted keys; a decision holds only for the report it was made on)`, "");
  if (a.decisions.length === 0) return [...out, "No decision yet: this report awaits approval.", ""];
  for (const d of a.decisions) {
    const what = `${d.decision === "approve" ? "Approved" : "Rejected"} by ${inline(d.name)} at ${inline(d.at)}`;
    out.push(`- ${what}${d.current ? " (this report)" : " (an earlier version of this report)"}${d.comment ? `: ${inline(d.comment)}` : ""}`);
  }
  return [...out, ""];
}

function checkBlock(c: CheckResult): string[] {
  const out: string[] = [];
  const severity = c.severity === "advisory" ? " (advisory)" : "";
  out.push(`### ${statusLabelOf(c)}: ${inline(c.title)}${severity}`, "");
  out.push(`Check ${code(c.id)}${c.summary ? `: ${inline(c.summary)}` : ""}`, "");
  if (c.waiver) {
    out.push(`> ${c.status === "fail" ? "Failed" : "Warned"}, ${inline(waiverText(c.waiver))} (accepted risk, not a pass; waived at ${inline(c.waiver.createdAt)})`, "");
  }
  if (c.reason && c.reason !== c.summary) out.push(`Reason: ${inline(c.reason)}`, "");
  if (c.attestation) {
    const a = c.attestation;
    out.push(`> Attested by ${inline(a.by)} at ${inline(a.at)}${a.note ? `: ${inline(a.note)}` : ""}`, "");
  }
  const evidence = c.attestation ? c.evidence.filter((e) => e.label !== "Attested") : c.evidence;
  if (evidence.length > 0) {
    out.push("Evidence:", "");
    for (const e of evidence) {
      out.push(`- **${inline(e.label)}**: ${inline(e.value)}`);
      if (e.detail) out.push("", ...indent(fence(e.detail, "text"), "  "));
    }
    out.push("");
  }
  if (c.status !== "pass" && c.status !== "not-applicable") {
    if (c.remediation.text) out.push(`Remediation: ${inline(c.remediation.text)}`, "");
    if (c.remediation.commands.length > 0) out.push(...fence(c.remediation.commands.join("\n"), "sh"), "");
  }
  if (c.remediation.docs.length > 0) {
    out.push(`Docs: ${c.remediation.docs.map((d) => `[${inline(d.title)}](${d.url.replace(/[()\s]/g, encodeURIComponent)})`).join(", ")}`, "");
  }
  return out;
}

/** A fence longer than any backtick run inside, so commands with backticks stay verbatim. */
export function fence(body: string, lang: string): string[] {
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((m) => m.length));
  const marks = "`".repeat(longest + 1);
  return [`${marks}${lang}`, ...body.split("\n"), marks];
}

function indent(lines: string[], prefix: string): string[] {
  return lines.map((l) => (l ? `${prefix}${l}` : l));
}

/** Escapes what Markdown would interpret (emphasis, links, HTML, headings) in one line of text. */
export function inline(s: string): string {
  return s.replace(/\r?\n/g, " ").replace(/([\\`*_[\]<>#|~])/g, "\\$1");
}

function cell(s: string): string {
  return inline(s);
}

/** Inline code that survives backticks and pipes inside (tables split on unescaped pipes). */
function code(s: string): string {
  const flat = s.replace(/\r?\n/g, " ");
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((m) => m.length));
  const marks = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${marks}${pad}${flat.replace(/\|/g, "\\|")}${pad}${marks}`;
}

function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
