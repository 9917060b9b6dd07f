// Fetchers and TanStack Query hooks for waivers (issue 6): accept a warn or fail of a run for its cluster,
// revoke it, list the cluster's waivers. A waiver changes the verdict of every run of the cluster, so a
// change refetches every run, cluster and AKS cluster the cache holds.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { endpoints, type CreateWaiverInput } from "@/lib/contracts";
import { call } from "./api-client";
import { azureKeys, clusterKeys, runKeys } from "./query-keys";

export type { WaiverInfo, WaiverState } from "@/lib/contracts";

export type { CreateWaiverInput } from "@/lib/contracts";

export const waiverApi = {
  list: (runId: string) => call(endpoints.listWaivers, { params: { id: runId } }).then((r) => r.waivers),
  create: (runId: string, input: CreateWaiverInput) => call(endpoints.createWaiver, { params: { id: runId }, body: input }).then((r) => r.waiver),
  revoke: (waiverId: string, by?: string) => call(endpoints.revokeWaiver, { params: { id: waiverId }, body: by ? { by } : {} }).then((r) => r.waiver),
};

export const waiverKeys = {
  ofRun: (runId: string) => [...runKeys.detail(runId), "waivers"] as const,
};

export function useRunWaivers(runId: string, enabled = true) {
  return useQuery({ queryKey: waiverKeys.ofRun(runId), queryFn: () => waiverApi.list(runId), enabled });
}

function useRefetchAfterWaiverChange() {
  const queryClient = useQueryClient();
  // Every run of the cluster (and its sharing data: the report hash changes), the listings' verdicts.
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: runKeys.all }),
      queryClient.invalidateQueries({ queryKey: clusterKeys.all }),
      queryClient.invalidateQueries({ queryKey: azureKeys.all }),
    ]);
}

export function useCreateWaiver(runId: string) {
  const refetch = useRefetchAfterWaiverChange();
  return useMutation({ mutationFn: (input: CreateWaiverInput) => waiverApi.create(runId, input), onSuccess: refetch });
}

export function useRevokeWaiver() {
  const refetch = useRefetchAfterWaiverChange();
  return useMutation({ mutationFn: ({ waiverId, by }: { waiverId: string; by?: string }) => waiverApi.revoke(waiverId, by), onSuccess: refetch });
}

/** The default expiry offered by the form: 30 days from `now`, as YYYY-MM-DD. */
export function defaultWaiverExpiry(now: Date = new Date(), days = 30): string {
  return new Date(now.getTime() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
