// docs/checks.md, generated from the registry so the published list of check ids cannot drift from the code.
import { CHECKLIST, SECTIONS } from "@/lib/checks/sections";
import { aksAccessCollector, COLLECTORS, kubeconfigAccessCollector } from "@/lib/collect/registry";
import { isManual, type AnyCheck } from "@/lib/engine/check";
import type { CollectorDefinition } from "@/lib/engine/collector";

/** Which collectors produce a fact (the API server's access facts come from one of two, by target). */
function sourcesOf(fact: string, collectors: readonly CollectorDefinition[]): string {
  const by = collectors.filter((c) => (c.produces as readonly string[]).includes(fact));
  if (by.length === 0) return "no collector (never collected)";
  return by.map((c) => `\`${c.id}\`${c.reads?.length ? ` (reads the plan's ${c.reads.join(", ")})` : ""}`).join(" or ");
}

const ALL_COLLECTORS: readonly CollectorDefinition[] = [kubeconfigAccessCollector, aksAccessCollector, ...COLLECTORS];

export const CHECKS_DOC_COMMAND = "npm run docs:checks";

export function renderChecksDoc(checks: readonly AnyCheck[]): string {
  const out: string[] = [
    "# Checks",
    "",
    `<!-- Generated from lib/checks/registry.ts by \`${CHECKS_DOC_COMMAND}\`. Do not edit by hand. -->`,
    "",
    "Every check `dtready` runs, in the order of the registry, grouped like the prerequisites document.",
    "Check ids are stable: they are never renamed once released, so reports and history can be compared.",
    "",
    "A **blocking** check that fails makes the verdict `not-ready`; an **advisory** one can only warn.",
    "A **manual** item cannot be verified by a machine: a person attests it in the dashboard.",
    "",
    `${checks.length} checks: ${checks.filter((c) => c.severity === "blocking").length} blocking, ${checks.filter(isManual).length} manual.`,
    "",
    "| Id | Title | Section | Severity | Kind |",
    "| --- | --- | --- | --- | --- |",
    ...checks.map((c) => {
      const section = SECTIONS.find((s) => s.id === c.section);
      return `| [\`${c.id}\`](#${anchorOf(c.id)}) | ${cell(c.title)} | ${section ? `${section.number}. ${section.title}` : c.section} | ${c.severity} | ${isManual(c) ? "manual" : "automatic"} |`;
    }),
    "",
  ];
  for (const section of SECTIONS) {
    const inSection = checks.filter((c) => c.section === section.id);
    if (inSection.length === 0) continue;
    out.push(`## ${section.number}. ${section.title}`, "");
    for (const c of inSection) out.push(...renderCheck(c), "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

function renderCheck(c: AnyCheck): string[] {
  const item = CHECKLIST.find((i) => i.id === c.checklistItem);
  const lines = [
    `### \`${c.id}\``,
    "",
    c.title,
    "",
    `- Severity: ${c.severity}`,
    `- Kind: ${isManual(c) ? "manual (attested by a person)" : "automatic"}`,
  ];
  if (item) lines.push(`- Checklist item (section 7): ${item.title}: ${item.text}`);
  if (!isManual(c)) {
    lines.push(`- Facts: ${c.needs.length > 0 ? c.needs.map((f) => `\`${f}\``).join(", ") : "none"}`);
    for (const f of [...c.needs, ...(c.uses ?? [])]) lines.push(`  - \`${f}\`${c.needs.includes(f) ? "" : " (used when collected for another check)"} from ${sourcesOf(f, ALL_COLLECTORS)}`);
  }
  if (c.docs.length > 0) lines.push(`- Docs: ${c.docs.map((d) => `[${d.title}](${d.url})`).join(", ")}`);
  return lines;
}

// GitHub's heading anchors: lowercase, punctuation other than '-' and '_' dropped.
function anchorOf(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9 _-]/g, "").replace(/ /g, "-");
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}
