"use client";

import { useQuery } from "@tanstack/react-query";
import { endpoints, pathOf } from "@/lib/contracts/endpoints";
import type { Verdict } from "@/lib/engine/types";
import { call } from "@/lib/web/api-client";
import { InstallPlanSections } from "./install-plan-sections";

const installPlanUrl = (runId: string) => pathOf(endpoints.installPlan, { id: runId });

/** The install plan of a finished run with Copy buttons and a Markdown download; says why when it is withheld. */
export function InstallPlanPanel({ runId, verdict }: { runId: string; verdict: Verdict | null }) {
  const plan = useQuery({
    // The verdict is in the key: attesting the last manual item can make the plan available.
    queryKey: ["install-plan", runId, verdict],
    queryFn: () => call(endpoints.installPlan, { params: { id: runId } }),
  });

  return (
    <section aria-labelledby="install-plan-heading" data-testid="install-plan" className="rounded-lg border border-slate-200 bg-white">
      <div className="flex items-center gap-3 border-b border-slate-200 px-3 py-2">
        <h2 id="install-plan-heading" className="text-sm font-semibold">
          Install plan
        </h2>
        {plan.data?.available ? (
          <a
            href={`${installPlanUrl(runId)}?format=md`}
            download="install-plan.md"
            className="ml-auto rounded-md border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-800 hover:bg-slate-50"
          >
            Download install-plan.md
          </a>
        ) : null}
      </div>
      {plan.isPending ? (
        <p className="px-3 py-2 text-sm text-slate-500">Loading the install plan…</p>
      ) : plan.isError ? (
        <p role="alert" className="px-3 py-2 text-sm text-red-800">
          Could not load the install plan: {plan.error.message}
        </p>
      ) : !plan.data.available ? (
        <p data-testid="install-plan-withheld" className="px-3 py-2 text-sm text-slate-700">
          Withheld: {plan.data.reason}
        </p>
      ) : (
        <InstallPlanSections sections={plan.data.sections} />
      )}
    </section>
  );
}
