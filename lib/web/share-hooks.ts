// Fetchers and TanStack Query hooks for share links, approvals and the audit trail (issue 6).
// The share token travels only in the request path: it is never stored in the browser (no localStorage).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, errorMessageOf, requestJson, sendJson } from "./api-client";
import type {
  ApprovalInfo,
  ApprovalState,
  AuditEntry,
  CreatedShareLink,
  CreateShareLinkInput,
  DecisionInput,
  RunApproval,
  SharedRun,
  ShareLinkInfo,
} from "./api-types";
import { runKeys } from "./query-keys";

const runPath = (runId: string, rest: string) => `/api/runs/${encodeURIComponent(runId)}/${rest}`;
const sharePath = (token: string, rest = "") => `/api/share/${encodeURIComponent(token)}${rest}`;

/** What the approver's page can get for a token: the report, or why there is none (404 unknown, 410 expired/revoked). */
export type SharedRunAnswer =
  | { kind: "shared"; shared: SharedRun }
  | { kind: "missing"; message: string }
  | { kind: "refused"; state: "expired" | "revoked"; message: string };

export const shareApi = {
  approval: (runId: string) => requestJson<RunApproval>(runPath(runId, "approval")),
  audit: (runId: string) => requestJson<{ events: AuditEntry[] }>(runPath(runId, "audit")).then((r) => r.events),
  createLink: (runId: string, input: CreateShareLinkInput) =>
    requestJson<{ link: CreatedShareLink }>(runPath(runId, "shares"), { method: "POST", body: JSON.stringify(input) }).then((r) => r.link),
  revokeLink: (linkId: string) =>
    requestJson<{ link: ShareLinkInfo }>(`/api/shares/${encodeURIComponent(linkId)}/revoke`, { method: "POST" }).then((r) => r.link),
  sharedRun: async (token: string): Promise<SharedRunAnswer> => {
    const { response, body } = await sendJson(sharePath(token));
    if (response.ok) return { kind: "shared", shared: body as SharedRun };
    const message = errorMessageOf(body, response);
    if (response.status === 404) return { kind: "missing", message };
    if (response.status === 410) {
      const state = body && typeof body === "object" && "state" in body && body.state === "revoked" ? "revoked" : "expired";
      return { kind: "refused", state, message };
    }
    throw new ApiError(response.status, message);
  },
  decide: (token: string, input: DecisionInput) =>
    requestJson<{ approval: ApprovalInfo; state: ApprovalState }>(sharePath(token, "/decision"), {
      method: "POST",
      body: JSON.stringify(input),
    }),
};

// Nested under the run's key: whatever refetches the run (a finished run, an attestation, a waiver) can
// refetch these with it, since the report hash they depend on changes with the run.
export const shareKeys = {
  run: (runId: string) => [...runKeys.detail(runId), "sharing"] as const,
  approval: (runId: string) => [...shareKeys.run(runId), "approval"] as const,
  audit: (runId: string) => [...shareKeys.run(runId), "audit"] as const,
  shared: (token: string) => ["shared-run", token] as const,
};

export function useRunApproval(runId: string, enabled = true) {
  return useQuery({ queryKey: shareKeys.approval(runId), queryFn: () => shareApi.approval(runId), enabled });
}

export function useRunAudit(runId: string, enabled = true) {
  return useQuery({ queryKey: shareKeys.audit(runId), queryFn: () => shareApi.audit(runId), enabled });
}

export function useCreateShareLink(runId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateShareLinkInput) => shareApi.createLink(runId, input),
    // The answer carries the token: drop it from the mutation cache as soon as the form lets go of it.
    gcTime: 0,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: shareKeys.run(runId) }),
  });
}

export function useRevokeShareLink(runId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: shareApi.revokeLink,
    onSettled: () => queryClient.invalidateQueries({ queryKey: shareKeys.run(runId) }),
  });
}

/** The approver's page. Refused and unknown links are answers, not errors: they are shown as such and never retried. */
export function useSharedRun(token: string) {
  return useQuery({
    queryKey: shareKeys.shared(token),
    queryFn: () => shareApi.sharedRun(token),
    // Every view is recorded in the audit trail (deduplicated by the server); no need to poll.
    refetchOnWindowFocus: false,
  });
}

export function useDecide(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: DecisionInput) => shareApi.decide(token, input),
    // The page's list of decisions and its state include the new one.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: shareKeys.shared(token) }),
  });
}
