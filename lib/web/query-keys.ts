// One key factory so invalidation after a run or an attestation hits exactly the right caches.
export const clusterKeys = {
  all: ["clusters"] as const,
  list: () => [...clusterKeys.all, "list"] as const,
  detail: (id: string) => [...clusterKeys.all, "detail", id] as const,
};

export const runKeys = {
  all: ["runs"] as const,
  detail: (id: string) => [...runKeys.all, "detail", id] as const,
};

export const tenantKeys = {
  all: ["tenants"] as const,
  list: () => [...tenantKeys.all, "list"] as const,
};

export const azureKeys = {
  all: ["azure"] as const,
  connections: () => [...azureKeys.all, "connections"] as const,
  fleet: () => [...azureKeys.all, "fleet"] as const,
  cluster: (id: string) => [...azureKeys.all, "cluster", id] as const,
};
