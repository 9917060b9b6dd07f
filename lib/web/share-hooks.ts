// Fetchers and TanStack Query hooks for share links, approvals and the audit trail (issue 6).
// The share token travels only in the request path: it is never stored in the browser (no localStorage).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { endpoints, pathOf } from "@/lib/contracts/endpoints";
import { ApiError, call, errorMessageOf, sendJson } from "./api-client";
import type { CreateShareLinkInput, DecisionInput, SharedRun } from "@/lib/contracts";
import { runKeys } from "./query-keys";

/** What the approver's page can get for a token: the report, or why there is none (404 unknown, 410 expired/revoked). */
export type SharedRunAnswer =
  | { kind: "shared"; shared: SharedRun }
  | { kind: "missing"; message: string }
  | { kind: "refused"; state: "expired" | "revoked"; message: string };

export const shareApi = {
  approval: (runId: string) => call(endpoints.approval, { params: { id: runId } }),
  audit: (runId: string) => call(endpoints.audit, { params: { id: runId } }).then((r) => r.events),
  createLink: (runId: string, input: CreateShareLinkInput) => call(endpoints.createShareLink, { params: { id: runId }, body: input }).then((r) => r.link),
  revokeLink: (linkId: string) => call(endpoints.revokeShareLink, { params: { id: linkId } }).then((r) => r.link),
  // Refusals are answers the page shows, so this one reads the status itself instead of throwing.
  sharedRun: async (token: string): Promise<SharedRunAnswer> => {
    const { response, body } = await sendJson(pathOf(endpoints.sharedRun, { token }));
    if (response.ok) {
      const parsed = endpoints.sharedRun.response.safeParse(body);
      if (parsed.success) return { kind: "shared", shared: parsed.data };
      throw new ApiError(0, "The dashboard answered in an unexpected shape; reload the page.");
    }
    const message = errorMessageOf(body, response);
    if (response.status === 404) return { kind: "missing", message };
    if (response.status === 410) {
      const state = body && typeof body === "object" && "state" in body && body.state === "revoked" ? "revoked" : "expired";
      return { kind: "refused", state, message };
    }
    throw new ApiError(response.status, message);
  },
  decide: (token: string, input: DecisionInput) => call(endpoints.decide, { params: { token }, body: input }),
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
