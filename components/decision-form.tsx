"use client";

import { useState } from "react";
import { ApiError } from "@/lib/web/api-client";
import type { Decision } from "@/lib/contracts";
import { formatDateTime } from "@/lib/web/format";
import { useDecide } from "@/lib/web/share-hooks";

/**
 * The approver's decision on exactly the report they see: the page's reportHash goes with it, so a report
 * that changed meanwhile is refused (409) and the approver is asked to reload and review it again.
 */
export function DecisionForm({ token, reportHash, onReload }: { token: string; reportHash: string; onReload: () => void }) {
  const decide = useDecide(token);
  const [name, setName] = useState("");
  const [comment, setComment] = useState("");
  const [problem, setProblem] = useState<string>();

  function submit(decision: Decision) {
    setProblem(undefined);
    if (!name.trim()) return setProblem("Say who decides (your name).");
    if (decision === "reject" && !comment.trim()) return setProblem("Say why you reject (comment).");
    decide.mutate({ decision, name: name.trim(), comment: comment.trim(), reportHash });
  }

  if (decide.data) {
    const { approval } = decide.data;
    return (
      <p
        data-testid="decision-result"
        data-decision={approval.decision}
        role="status"
        className={`rounded-lg border p-3 text-sm font-medium ${approval.decision === "approve" ? "border-emerald-300 bg-emerald-50 text-emerald-950" : "border-red-300 bg-red-50 text-red-950"}`}
      >
        {approval.decision === "approve" ? "Approved" : "Rejected"} by {approval.name} at {formatDateTime(approval.at)}.
      </p>
    );
  }

  const reportChanged = decide.error instanceof ApiError && decide.error.status === 409;
  return (
    <form
      aria-label="Approve or reject this report"
      onSubmit={(e) => {
        e.preventDefault();
        submit("approve");
      }}
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-3"
    >
      <h2 className="text-sm font-semibold">Your decision</h2>
      <div className="flex flex-wrap gap-3">
        <label className="flex min-w-48 flex-1 flex-col gap-1 text-xs font-medium text-slate-700">
          Name
          <input
            name="name"
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Name or e-mail"
            className="rounded border border-slate-300 bg-white px-2 py-1 text-sm font-normal"
          />
        </label>
        <label className="flex min-w-64 flex-[2] flex-col gap-1 text-xs font-medium text-slate-700">
          Comment
          <textarea
            name="comment"
            maxLength={2000}
            rows={3}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            placeholder="Conditions, change ticket; required to reject"
            className="rounded border border-slate-300 bg-white px-2 py-1 text-sm font-normal"
          />
        </label>
      </div>
      {problem ? (
        <p role="alert" className="text-xs text-red-700">
          {problem}
        </p>
      ) : null}
      {decide.error ? (
        <div role="alert" className="text-xs text-red-700">
          <p>{decide.error.message}</p>
          {reportChanged ? (
            <button
              type="button"
              onClick={() => {
                decide.reset();
                onReload();
              }}
              className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-0.5 font-medium text-slate-800 hover:bg-slate-50"
            >
              Reload the report
            </button>
          ) : null}
        </div>
      ) : null}
      <div className="flex gap-2">
        <button
          type="submit"
          disabled={decide.isPending || reportChanged}
          className="rounded bg-emerald-700 px-3 py-1 text-xs font-semibold text-white hover:bg-emerald-800 disabled:opacity-50"
        >
          Approve
        </button>
        <button
          type="button"
          disabled={decide.isPending || reportChanged}
          onClick={() => submit("reject")}
          className="rounded bg-red-700 px-3 py-1 text-xs font-semibold text-white hover:bg-red-800 disabled:opacity-50"
        >
          Reject
        </button>
      </div>
    </form>
  );
}
