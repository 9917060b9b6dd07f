// JUnit XML for CI systems: one <testsuite> per section of the prerequisites document, one <testcase> per check.
//   fail                    → <failure type="fail">     (the pipeline goes red)
//   unknown                 → <error type="unknown">    (the check could not decide: an error, not a verdict)
//   warn                    → a passing testcase whose <system-out> starts with "WARNING:"; a warning must not
//                             fail a pipeline (the CLI's exit code 4 already tells "ready with warnings"), yet
//                             it stays visible in every CI system's test details
//   manual, not-applicable  → <skipped>
//   waived fail or warn     → <skipped type="waived" message="waived until … by …: …"> (an accepted risk: it
//                             neither fails the pipeline nor reads as passed)
// Validated against test/schemas/junit.xsd (the Jenkins/Ant JUnit subset).
import { SECTIONS } from "@/lib/checks/sections";
import type { CheckResult, RunReport } from "@/lib/engine/types";
import { STATUS_LABEL, VERDICT_LABEL, waiverText } from "./markdown";

export function toJunit(report: RunReport): string {
  const name = `dtready ${report.target.name}`;
  const suites: string[] = [];
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const section of SECTIONS) {
    const checks = report.checks.filter((c) => c.section === section.id);
    if (checks.length === 0) continue;
    const counts = {
      tests: checks.length,
      failures: checks.filter((c) => c.status === "fail" && !c.waiver).length,
      errors: checks.filter((c) => c.status === "unknown").length,
      skipped: checks.filter((c) => c.status === "manual" || c.status === "not-applicable" || isWaived(c)).length,
    };
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += counts[k];
    const time = seconds(checks.reduce((sum, c) => sum + c.durationMs, 0));
    suites.push(
      `  <testsuite name="${attr(`${section.number}. ${section.title}`)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" time="${time}" timestamp="${attr(report.startedAt.replace(/Z$|[+-]\d\d:\d\d$/, ""))}" hostname="${attr(report.target.name)}" package="${attr(section.id)}">`,
      ...(suites.length === 0 ? suiteProperties(report) : []),
      ...checks.map(testcase),
      "  </testsuite>",
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(name)}" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="${seconds(report.durationMs)}">`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
}

// Run-level facts once, on the first suite: the verdict and the plan a CI system shows next to the results.
function suiteProperties(report: RunReport): string[] {
  const props: [string, string][] = [
    ["verdict", VERDICT_LABEL[report.verdict]],
    ["cluster", report.target.name],
    ["context", report.target.context],
    ["server", report.target.server],
    ["mode", report.plan.mode],
    ["operatorVersion", report.plan.operatorVersion],
    ["namespace", report.plan.namespace],
    ["csiDriver", String(report.plan.csiDriver)],
  ];
  return ["    <properties>", ...props.map(([n, v]) => `      <property name="${attr(n)}" value="${attr(v)}"/>`), "    </properties>"];
}

function isWaived(c: CheckResult): boolean {
  return c.waiver !== undefined && (c.status === "fail" || c.status === "warn");
}

function testcase(c: CheckResult): string {
  const open = `    <testcase name="${attr(c.title)}" classname="${attr(c.id)}" time="${seconds(c.durationMs)}"`;
  const details = detailText(c);
  if (isWaived(c)) {
    return `${open}>\n      <skipped type="waived" message="${attr(`${c.status} ${waiverText(c.waiver!)}`)}"/>\n      <system-out>${text(details)}</system-out>\n    </testcase>`;
  }
  switch (c.status) {
    case "pass":
      return `${open}/>`;
    case "fail":
      return `${open}>\n      <failure type="fail" message="${attr(c.summary)}">${text(details)}</failure>\n    </testcase>`;
    case "unknown":
      return `${open}>\n      <error type="unknown" message="${attr(c.reason ?? c.summary)}">${text(details)}</error>\n    </testcase>`;
    case "warn":
      return `${open}>\n      <system-out>${text(`WARNING: ${details}`)}</system-out>\n    </testcase>`;
    case "manual":
    case "not-applicable":
      return `${open}>\n      <skipped type="${c.status}" message="${attr(c.reason ?? c.summary)}"/>\n    </testcase>`;
  }
}

function detailText(c: CheckResult): string {
  const lines = [`${STATUS_LABEL[c.status]} ${c.id} (${c.severity}): ${c.summary}`];
  if (c.waiver) lines.push(`Waiver: ${waiverText(c.waiver)} (waived at ${c.waiver.createdAt})`);
  if (c.reason && c.reason !== c.summary) lines.push(`Reason: ${c.reason}`);
  for (const e of c.evidence) {
    lines.push(`${e.label}: ${e.value}`);
    if (e.detail) lines.push(...e.detail.split("\n").map((l) => `  ${l}`));
  }
  if (c.remediation.text) lines.push(`Fix: ${c.remediation.text}`);
  for (const cmd of c.remediation.commands) lines.push(`  $ ${cmd}`);
  for (const d of c.remediation.docs) lines.push(`Docs: ${d.title} ${d.url}`);
  return lines.join("\n");
}

function seconds(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

// XML 1.0 cannot carry most control characters even escaped; they are dropped.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function text(s: string): string {
  return s.replace(INVALID_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function attr(s: string): string {
  return text(s).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}
