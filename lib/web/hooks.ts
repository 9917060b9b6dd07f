// TanStack Query hooks over the API client. Server state lives only in the query cache.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, azureApi } from "./api-client";
import type { AttestInput, RunDetail, StartRunInput } from "@/lib/contracts";
import { azureKeys, clusterKeys, runKeys, tenantKeys } from "./query-keys";

// While a run is in progress the event stream drives updates; this slow poll is only a safety net
// for a dropped stream.
const RUNNING_POLL_MS = 5_000;

export function useClusters() {
  return useQuery({
    queryKey: clusterKeys.list(),
    queryFn: api.listClusters,
    refetchInterval: (q) => (q.state.data?.some((c) => c.latestRun?.status === "running") ? RUNNING_POLL_MS : false),
  });
}

export function useCluster(id: string) {
  return useQuery({
    queryKey: clusterKeys.detail(id),
    queryFn: () => api.getCluster(id),
    refetchInterval: (q) => (q.state.data?.runs[0]?.status === "running" ? RUNNING_POLL_MS : false),
  });
}

export function useRun(id: string | undefined) {
  return useQuery({
    queryKey: runKeys.detail(id ?? ""),
    queryFn: () => api.getRun(id!),
    enabled: Boolean(id),
    refetchInterval: (q) => (q.state.data?.status === "running" ? RUNNING_POLL_MS : false),
  });
}

export function useInspectKubeconfig() {
  return useMutation({ mutationFn: api.inspectKubeconfig });
}

export function useCreateCluster() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: api.createCluster,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clusterKeys.all }),
  });
}

export function useDeleteCluster() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: api.deleteCluster,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clusterKeys.all }),
  });
}

export function useStartRun(clusterId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: StartRunInput) => api.startRun(clusterId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clusterKeys.all }),
  });
}

export function useAttest(runId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AttestInput) => api.attest(runId, input),
    onSuccess: (run: RunDetail) => {
      queryClient.setQueryData(runKeys.detail(runId), run);
      return queryClient.invalidateQueries({ queryKey: clusterKeys.all });
    },
  });
}

/** After a run finishes, everything that shows it (run, cluster, list) must refetch. */
export function useInvalidateRun() {
  const queryClient = useQueryClient();
  return (runId: string) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: runKeys.detail(runId) }),
      queryClient.invalidateQueries({ queryKey: clusterKeys.all }),
      queryClient.invalidateQueries({ queryKey: azureKeys.all }),
    ]);
}

export function useTenants() {
  return useQuery({ queryKey: tenantKeys.list(), queryFn: api.listTenants });
}

export function useCreateTenant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: api.createTenant,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tenantKeys.all }),
  });
}

export function useDeleteTenant() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: api.deleteTenant,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tenantKeys.all }),
  });
}

export function useAzureConnections() {
  return useQuery({ queryKey: azureKeys.connections(), queryFn: azureApi.listConnections });
}

export function useCreateAzureConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: azureApi.createConnection,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: azureKeys.all }),
  });
}

export function useDeleteAzureConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: azureApi.deleteConnection,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: azureKeys.all }),
  });
}

/** Discovery answers either way: a failure is stored on the connection, so both refetch. */
export function useDiscover() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: azureApi.discover,
    onSettled: () => queryClient.invalidateQueries({ queryKey: azureKeys.all }),
  });
}

export function useFleet() {
  return useQuery({
    queryKey: azureKeys.fleet(),
    queryFn: azureApi.listFleet,
    refetchInterval: (q) => (q.state.data?.some((c) => c.latestRun?.status === "running") ? 2_000 : false),
  });
}

export function useCheckFleet() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: azureApi.checkFleet,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: azureKeys.all }),
  });
}

export function useAksCluster(id: string) {
  return useQuery({
    queryKey: azureKeys.cluster(id),
    queryFn: () => azureApi.getAksCluster(id),
    refetchInterval: (q) => (q.state.data?.runs[0]?.status === "running" ? RUNNING_POLL_MS : false),
  });
}

/** Judges a finished run's stored facts again with the current checks; the new run joins the cluster's history. */
export function useRejudge(runId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.rejudge(runId),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: clusterKeys.all }), queryClient.invalidateQueries({ queryKey: azureKeys.all })]),
  });
}
