// Typed fetch client for the dashboard's HTTP API. Errors carry the server's `{error}` message so forms can show it.
import type {
  AksClusterDetail,
  AttestInput,
  AzureConnectionInfo,
  CreateAzureConnectionInput,
  DiscoveryResult,
  FleetCheckInput,
  FleetCluster,
  ClusterDetail,
  ClusterSummary,
  CreateTenantInput,
  InspectResult,
  RunDetail,
  StartRunInput,
  TenantInfo,
} from "./api-types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The input the message is about, when the server names one (tenant form). */
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** One call to the dashboard's API: the response and its JSON body (undefined when there is none). */
export async function sendJson(path: string, init?: RequestInit): Promise<{ response: Response; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      headers: init?.body ? { "content-type": "application/json", ...init.headers } : init?.headers,
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, "The dashboard server did not answer. Is it still running?");
  }
  if (response.status === 204) return { response, body: undefined };
  return { response, body: await response.json().catch(() => undefined) };
}

/** The JSON answer of a call, or an ApiError with the server's message. */
export async function requestJson<T>(path: string, init?: RequestInit): Promise<T> {
  const { response, body } = await sendJson(path, init);
  if (!response.ok) {
    const field = body && typeof body === "object" && "field" in body && typeof body.field === "string" ? body.field : undefined;
    throw new ApiError(response.status, errorMessageOf(body, response), field);
  }
  return body as T;
}

export function errorMessageOf(body: unknown, response: Pick<Response, "status" | "statusText">): string {
  if (body && typeof body === "object" && "error" in body && typeof body.error === "string" && body.error) {
    return body.error;
  }
  return `Request failed: ${response.status} ${response.statusText}`.trim();
}

const json = (value: unknown) => JSON.stringify(value);

export const api = {
  listClusters: () => requestJson<{ clusters: ClusterSummary[] }>("/api/clusters").then((r) => r.clusters),
  getCluster: (id: string) => requestJson<ClusterDetail>(`/api/clusters/${encodeURIComponent(id)}`),
  createCluster: (input: { name: string; kubeconfig: string; context: string }) =>
    requestJson<{ id: string }>("/api/clusters", { method: "POST", body: json(input) }),
  deleteCluster: (id: string) => requestJson<void>(`/api/clusters/${encodeURIComponent(id)}`, { method: "DELETE" }),
  inspectKubeconfig: (kubeconfig: string) =>
    requestJson<InspectResult>("/api/kubeconfig/inspect", { method: "POST", body: json({ kubeconfig }) }),
  startRun: (clusterId: string, input: StartRunInput) =>
    requestJson<{ runId: string }>(`/api/clusters/${encodeURIComponent(clusterId)}/runs`, {
      method: "POST",
      body: json(input),
    }),
  listTenants: () => requestJson<{ tenants: TenantInfo[] }>("/api/tenants").then((r) => r.tenants),
  createTenant: (input: CreateTenantInput) =>
    requestJson<{ tenant: TenantInfo }>("/api/tenants", { method: "POST", body: json(input) }).then((r) => r.tenant),
  deleteTenant: (id: string) => requestJson<void>(`/api/tenants/${encodeURIComponent(id)}`, { method: "DELETE" }),
  getRun: (id: string) => requestJson<{ run: RunDetail }>(`/api/runs/${encodeURIComponent(id)}`).then((r) => r.run),
  attest: (runId: string, input: AttestInput) =>
    requestJson<{ run: RunDetail }>(`/api/runs/${encodeURIComponent(runId)}/attestations`, {
      method: "POST",
      body: json(input),
    }).then((r) => r.run),
};

export const azureApi = {
  listConnections: () => requestJson<{ connections: AzureConnectionInfo[] }>("/api/azure/connections").then((r) => r.connections),
  createConnection: (input: CreateAzureConnectionInput) =>
    requestJson<{ connection: AzureConnectionInfo }>("/api/azure/connections", { method: "POST", body: json(input) }).then((r) => r.connection),
  deleteConnection: (id: string) => requestJson<void>(`/api/azure/connections/${encodeURIComponent(id)}`, { method: "DELETE" }),
  discover: (id: string) =>
    requestJson<{ discovery: DiscoveryResult }>(`/api/azure/connections/${encodeURIComponent(id)}/discover`, { method: "POST" }).then((r) => r.discovery),
  listFleet: () => requestJson<{ clusters: FleetCluster[] }>("/api/fleet").then((r) => r.clusters),
  checkFleet: (input: FleetCheckInput) =>
    requestJson<{ runs: { clusterId: string; runId: string }[] }>("/api/fleet/check", { method: "POST", body: json(input) }),
  getAksCluster: (id: string) => requestJson<AksClusterDetail>(`/api/aks-clusters/${encodeURIComponent(id)}`),
};

export const runEventsUrl = (runId: string) => `/api/runs/${encodeURIComponent(runId)}/events`;
export const runReportUrl = (runId: string) => `/api/runs/${encodeURIComponent(runId)}/report.json`;
