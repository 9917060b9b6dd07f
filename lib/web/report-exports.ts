// The run report's export downloads (besides report.json), as the run page offers them.
export const RUN_EXPORTS = [
  { file: "report.md", label: "Markdown", title: "For change tickets: verdict, plan, checklist, evidence and commands" },
  { file: "report.junit.xml", label: "JUnit", title: "JUnit XML for CI systems: one test suite per section" },
  { file: "report.sarif", label: "SARIF", title: "SARIF 2.1.0 for CI systems and code-scanning dashboards" },
] as const;

export type RunExportFile = (typeof RUN_EXPORTS)[number]["file"];

export const runExportUrl = (runId: string, file: RunExportFile) => `/api/runs/${encodeURIComponent(runId)}/${file}`;
