// The dashboard's HTTP API client, built from the endpoint contracts: the path, the body and the answer's schema come
// from lib/contracts/endpoints.ts, and every answer is validated before the UI sees it. Errors carry the server's
// `{error}` message (and `field` when it names one) so forms can show it where it belongs.
import type { z } from "zod";
import { endpoints, pathOf, type Endpoint, type ParamsOf } from "@/lib/contracts/endpoints";

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

type Args<E extends Endpoint> = (keyof ParamsOf<E["path"]> extends never ? { params?: undefined } : { params: ParamsOf<E["path"]> }) &
  (E["body"] extends z.ZodType ? { body: z.input<E["body"]> } : { body?: undefined }) & { query?: Record<string, string> };

/** One call to an endpoint: the validated answer, or an ApiError with the server's message. */
export async function call<E extends Endpoint>(
  e: E,
  ...[args]: keyof ParamsOf<E["path"]> extends never ? (E["body"] extends z.ZodType ? [Args<E>] : [Args<E>?]) : [Args<E>]
): Promise<E["response"] extends z.ZodType ? z.output<E["response"]> : undefined> {
  const query = args?.query ? `?${new URLSearchParams(args.query).toString()}` : "";
  const path = pathOf(e, (args?.params ?? {}) as ParamsOf<E["path"]>) + query;
  const body = await requestJson<unknown>(path, { method: e.method, ...(args?.body !== undefined ? { body: JSON.stringify(args.body) } : {}) });
  if (!e.response) return undefined as never;
  const parsed = e.response.safeParse(body);
  // A shape the client does not know is a defect between two versions of dtready, not the user's input.
  if (!parsed.success) throw new ApiError(0, `The dashboard answered ${e.method} ${e.path} in an unexpected shape; reload the page.`);
  return parsed.data as never;
}

export const api = {
  listClusters: () => call(endpoints.listClusters).then((r) => r.clusters),
  getCluster: (id: string) => call(endpoints.getCluster, { params: { id } }),
  createCluster: (input: z.input<typeof endpoints.createCluster.body>) => call(endpoints.createCluster, { body: input }),
  deleteCluster: (id: string) => call(endpoints.deleteCluster, { params: { id } }),
  inspectKubeconfig: (kubeconfig: string) => call(endpoints.inspectKubeconfig, { body: { kubeconfig } }),
  startRun: (clusterId: string, input: z.input<typeof endpoints.startRun.body>) => call(endpoints.startRun, { params: { id: clusterId }, body: input }),
  rejudge: (runId: string, input: z.input<typeof endpoints.rejudge.body> = {}) => call(endpoints.rejudge, { params: { id: runId }, body: input }),
  listTenants: () => call(endpoints.listTenants).then((r) => r.tenants),
  createTenant: (input: z.input<typeof endpoints.createTenant.body>) => call(endpoints.createTenant, { body: input }).then((r) => r.tenant),
  deleteTenant: (id: string) => call(endpoints.deleteTenant, { params: { id } }),
  getRun: (id: string) => call(endpoints.getRun, { params: { id } }).then((r) => r.run),
  attest: (runId: string, input: z.input<typeof endpoints.attest.body>) => call(endpoints.attest, { params: { id: runId }, body: input }).then((r) => r.run),
};

export const azureApi = {
  listConnections: () => call(endpoints.listAzureConnections).then((r) => r.connections),
  createConnection: (input: z.input<typeof endpoints.createAzureConnection.body>) =>
    call(endpoints.createAzureConnection, { body: input }).then((r) => r.connection),
  deleteConnection: (id: string) => call(endpoints.deleteAzureConnection, { params: { id } }),
  discover: (id: string) => call(endpoints.discover, { params: { id } }).then((r) => r.discovery),
  listFleet: () => call(endpoints.listFleet).then((r) => r.clusters),
  checkFleet: (input: z.input<typeof endpoints.checkFleet.body>) => call(endpoints.checkFleet, { body: input }),
  getAksCluster: (id: string) => call(endpoints.getAksCluster, { params: { id } }),
};

export const runEventsUrl = (runId: string) => pathOf(endpoints.runEvents, { id: runId });
export const runReportUrl = (runId: string) => pathOf(endpoints.reportJson, { id: runId });
