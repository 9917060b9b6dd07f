"use client";

import type { RunDetail } from "@/lib/contracts";
import { Checklist } from "./checklist";
import { ErrorPanel } from "./query-state";
import { RunProgress } from "./run-progress";

/** What a run shows in its current state: live progress, the failure, or its checklist. */
export function RunBody({ run }: { run: RunDetail }) {
  if (run.status === "running") return <RunProgress runId={run.id} startedAt={run.startedAt} />;
  if (run.status === "failed") {
    return (
      <ErrorPanel title="The run failed before it could evaluate the checks" error={null}>
        <p className="mt-1 font-mono text-xs whitespace-pre-wrap">{run.error ?? "No error message was recorded."}</p>
      </ErrorPanel>
    );
  }
  return <Checklist checks={run.checks} runId={run.id} canAttest />;
}
