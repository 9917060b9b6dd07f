"use client";

import type { ApprovalInfo, SharedRun } from "@/lib/contracts";
import { formatDateTime } from "@/lib/web/format";
import { useSharedRun } from "@/lib/web/share-hooks";
import { ApprovalBadge } from "./approval-badge";
import { Checklist } from "./checklist";
import { DecisionForm } from "./decision-form";
import { DocumentTitle } from "./document-title";
import { InstallPlanSections } from "./install-plan-sections";
import { ErrorPanel, Loading } from "./query-state";
import { RunFacts } from "./run-facts";
import { VerdictBadge } from "./verdict-badge";
import { endpoints, pathOf } from "@/lib/contracts/endpoints";

/** The approver's page behind a share link: the report read-only, the decisions so far and the decision form. */
export function SharedRunView({ token }: { token: string }) {
  const answer = useSharedRun(token);
  return (
    <>
      {answer.isPending ? (
        <Loading label="Loading the shared report…" />
      ) : answer.isError ? (
        <ErrorPanel title="Could not load the shared report" error={answer.error} />
      ) : answer.data.kind === "missing" ? (
        <Refused testId="share-not-found" state="missing" message="This link does not exist." />
      ) : answer.data.kind === "refused" ? (
        <Refused
          testId="share-refused"
          state={answer.data.state}
          message={answer.data.state === "revoked" ? "This link was revoked." : "This link has expired."}
        />
      ) : (
        <SharedReport token={token} shared={answer.data.shared} onReload={() => void answer.refetch()} />
      )}
    </>
  );
}

function Refused({ testId, state, message }: { testId: string; state: string; message: string }) {
  return (
    <p data-testid={testId} data-state={state} role="alert" className="rounded-lg border border-slate-300 bg-white px-4 py-6 text-center text-base">
      {message}
    </p>
  );
}

function SharedReport({ token, shared, onReload }: { token: string; shared: SharedRun; onReload: () => void }) {
  const { run, approval, link, installPlan } = shared;
  return (
    <div className="space-y-6">
      <DocumentTitle title={`Review of ${run.clusterName}`} />
      <p data-testid="share-banner" className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-950">
        Shared for review, read-only, link expires {formatDateTime(link.expiresAt)}.
        {link.label ? <span className="text-sky-800"> ({link.label})</span> : null}
      </p>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h1 className="text-xl font-semibold">Readiness of {run.clusterName}</h1>
        <VerdictBadge verdict={run.verdict} runStatus={run.status} size="lg" />
        <ApprovalBadge approval={approval} />
        <a
          href={pathOf(endpoints.sharedReportMarkdown, { token })}
          download
          data-print="hide"
          className="ml-auto rounded-md border border-slate-300 bg-white px-3 py-1 text-sm font-medium text-slate-800 hover:bg-slate-50"
        >
          Download Markdown
        </a>
      </div>
      <RunFacts run={run} />
      <Checklist checks={run.checks} runId={run.id} readOnly />
      {installPlan ? (
        <section aria-labelledby="shared-install-plan-heading" data-testid="install-plan" className="rounded-lg border border-slate-200 bg-white">
          <h2 id="shared-install-plan-heading" className="border-b border-slate-200 px-3 py-2 text-sm font-semibold">
            Install plan
          </h2>
          {installPlan.available ? (
            <InstallPlanSections sections={installPlan.sections} />
          ) : (
            <p className="px-3 py-2 text-sm text-slate-700">Withheld: {installPlan.reason}</p>
          )}
        </section>
      ) : null}
      <Decisions decisions={approval.decisions} />
      {approval.reportHash ? <DecisionForm token={token} reportHash={approval.reportHash} onReload={onReload} /> : null}
    </div>
  );
}

function Decisions({ decisions }: { decisions: ApprovalInfo[] }) {
  return (
    <section aria-labelledby="decisions-heading" data-testid="share-decisions" className="rounded-lg border border-slate-200 bg-white">
      <h2 id="decisions-heading" className="border-b border-slate-200 px-3 py-2 text-sm font-semibold">
        Decisions so far
      </h2>
      {decisions.length === 0 ? (
        <p className="px-3 py-2 text-sm text-slate-500">No one has approved or rejected this report yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm">
          {decisions.map((d) => (
            <li key={d.id} className="px-3 py-2">
              <p>
                <span className="font-semibold">
                  {d.decision === "approve" ? "Approved" : "Rejected"} by {d.name}
                </span>{" "}
                on {formatDateTime(d.at)}
                {d.current ? null : <span className="text-slate-500"> (on an earlier version of this report)</span>}
              </p>
              {d.comment ? <p className="mt-0.5 whitespace-pre-wrap text-slate-700">{d.comment}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
