import "server-only";
// What the approver's page shows through an active link: the run, its approval state, the link's label and expiry,
// and the install plan when the verdict allows it.
import type { ShareLink } from "@/lib/generated/prisma/client";
import { installPlanOf } from "@/lib/report/install-plan";
import { reportHash } from "@/lib/report/report-hash";
import type { SharedRun } from "@/lib/contracts";
import { approvalFor } from "./approvals";
import { notFound } from "./errors";
import { getRun } from "./run-reads";
import { reportOfDetail } from "./run-reports";
import { recordView } from "./share-links";

/** Records the view (deduplicated) on the audit trail. */
export async function sharedRunOf(link: ShareLink, now = new Date()): Promise<SharedRun> {
  const run = await getRun(link.runId, now);
  if (!run) throw notFound("The run");
  const report = reportOfDetail(run);
  const approval = await approvalFor(link.runId, "finished", reportHash(report));
  await recordView(link, now);
  const plan = installPlanOf(report);
  return {
    run,
    approval: { state: approval.state, reportHash: approval.reportHash, decisions: approval.decisions },
    link: { label: link.label, expiresAt: link.expiresAt.toISOString() },
    ...(plan.available ? { installPlan: plan } : {}),
  };
}
