// The run report's export downloads (besides report.json), as the run page offers them.
import { endpoints, pathOf } from "@/lib/contracts/endpoints";

export const RUN_EXPORTS = [
  { file: "report.md", endpoint: endpoints.reportMarkdown, label: "Markdown", title: "For change tickets: verdict, plan, checklist, evidence and commands" },
  { file: "report.junit.xml", endpoint: endpoints.reportJunit, label: "JUnit", title: "JUnit XML for CI systems: one test suite per section" },
  { file: "report.sarif", endpoint: endpoints.reportSarif, label: "SARIF", title: "SARIF 2.1.0 for CI systems and code-scanning dashboards" },
] as const;

export type RunExportFile = (typeof RUN_EXPORTS)[number]["file"];

export const runExportUrl = (runId: string, file: RunExportFile) => pathOf(RUN_EXPORTS.find((e) => e.file === file)!.endpoint, { id: runId });
