// Every endpoint of the dashboard's HTTP API, described once: method, path, who may call it, the body it takes and
// the answer it gives. The route handlers (lib/api/route.ts `route`) and the browser's client (lib/web/api-client.ts)
// are both built from these, so a body or answer cannot be typed twice.
import { z } from "zod";
import {
  aksClusterDetailSchema,
  azureConnectionInfoSchema,
  createAzureConnectionBody,
  discoveryResultSchema,
  fleetCheckBody,
  fleetClusterSchema,
} from "./azure";
import {
  attestBody,
  clusterDetailSchema,
  clusterSummarySchema,
  createClusterBody,
  inspectKubeconfigBody,
  inspectResultSchema,
  rejudgeBody,
  runDetailSchema,
  startRunBody,
} from "./clusters";
import { healthSchema } from "./health";
import { installPlanSchema, runPairComparisonSchema } from "./reports";
import {
  auditEntrySchema,
  createdShareLinkSchema,
  createShareLinkBody,
  decisionBody,
  decisionResultSchema,
  runApprovalSchema,
  sharedRunSchema,
  shareLinkInfoSchema,
} from "./sharing";
import { createTenantBody, tenantInfoSchema } from "./tenants";
import { createWaiverBody, revokeWaiverBody, waiverInfoSchema } from "./waivers";

/**
 * Who may call an endpoint. `public`: anyone (health probes); `share-link`: whoever holds an active share link's
 * token; the roles, lowest first: `viewer` (read everything but secrets), `operator` (connect clusters and tenants,
 * run checks, attest, share, waive), `approver` (decide), `admin` (Azure connections, deletions).
 */
export type Access = "public" | "share-link" | "viewer" | "operator" | "approver" | "admin";

type Method = "GET" | "POST" | "DELETE";

/** `:name` segments of a path, as the params object Next hands a route handler. */
export type ParamsOf<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name]: string } & ParamsOf<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? { [K in Name]: string }
    : Record<never, string>;

export interface Endpoint<P extends string = string, B extends z.ZodType | undefined = z.ZodType | undefined, R extends z.ZodType | undefined = z.ZodType | undefined> {
  method: Method;
  path: P;
  access: Access;
  /** The JSON body; `bodyOptional`: an empty body is the same as `{}`. */
  body: B;
  bodyOptional?: boolean;
  /** The JSON answer on success; undefined for an answer that is not JSON (a stream, a download, 204). */
  response: R;
  /** The status of a successful JSON answer. */
  status: 200 | 201 | 202 | 204;
}

function endpoint<P extends string, B extends z.ZodType | undefined = undefined, R extends z.ZodType | undefined = undefined>(
  e: { method: Method; path: P; access: Access; body?: B; bodyOptional?: boolean; response?: R; status?: 200 | 201 | 202 | 204 },
): Endpoint<P, B, R> {
  return { ...e, body: e.body as B, response: e.response as R, status: e.status ?? (e.method === "DELETE" ? 204 : 200) };
}

const id = z.object({ id: z.string() });
const runId = z.object({ runId: z.string() });

export const endpoints = {
  // Probes. Served without the host check (app/api/health/route.ts): kubelet addresses the pod by its IP.
  health: endpoint({ method: "GET", path: "/api/health", access: "public", response: healthSchema }),

  // Kubeconfig clusters and their runs
  listClusters: endpoint({ method: "GET", path: "/api/clusters", access: "viewer", response: z.object({ clusters: z.array(clusterSummarySchema) }) }),
  createCluster: endpoint({ method: "POST", path: "/api/clusters", access: "operator", body: createClusterBody, response: id, status: 201 }),
  getCluster: endpoint({ method: "GET", path: "/api/clusters/:id", access: "viewer", response: clusterDetailSchema }),
  deleteCluster: endpoint({ method: "DELETE", path: "/api/clusters/:id", access: "admin" }),
  startRun: endpoint({ method: "POST", path: "/api/clusters/:id/runs", access: "operator", body: startRunBody, bodyOptional: true, response: runId, status: 202 }),
  inspectKubeconfig: endpoint({ method: "POST", path: "/api/kubeconfig/inspect", access: "operator", body: inspectKubeconfigBody, response: inspectResultSchema }),

  // Runs
  getRun: endpoint({ method: "GET", path: "/api/runs/:id", access: "viewer", response: z.object({ run: runDetailSchema }) }),
  runEvents: endpoint({ method: "GET", path: "/api/runs/:id/events", access: "viewer" }),
  attest: endpoint({ method: "POST", path: "/api/runs/:id/attestations", access: "operator", body: attestBody, response: z.object({ run: runDetailSchema }) }),
  rejudge: endpoint({ method: "POST", path: "/api/runs/:id/rejudge", access: "operator", body: rejudgeBody, bodyOptional: true, response: runId, status: 201 }),
  compareRuns: endpoint({ method: "GET", path: "/api/runs/:id/compare", access: "viewer", response: runPairComparisonSchema }),
  installPlan: endpoint({ method: "GET", path: "/api/runs/:id/install-plan", access: "viewer", response: installPlanSchema }),
  reportJson: endpoint({ method: "GET", path: "/api/runs/:id/report.json", access: "viewer" }),
  reportMarkdown: endpoint({ method: "GET", path: "/api/runs/:id/report.md", access: "viewer" }),
  reportJunit: endpoint({ method: "GET", path: "/api/runs/:id/report.junit.xml", access: "viewer" }),
  reportSarif: endpoint({ method: "GET", path: "/api/runs/:id/report.sarif", access: "viewer" }),

  // Sharing, decisions, audit, waivers
  approval: endpoint({ method: "GET", path: "/api/runs/:id/approval", access: "viewer", response: runApprovalSchema }),
  audit: endpoint({ method: "GET", path: "/api/runs/:id/audit", access: "viewer", response: z.object({ events: z.array(auditEntrySchema) }) }),
  listShareLinks: endpoint({ method: "GET", path: "/api/runs/:id/shares", access: "viewer", response: z.object({ links: z.array(shareLinkInfoSchema) }) }),
  createShareLink: endpoint({
    method: "POST",
    path: "/api/runs/:id/shares",
    access: "operator",
    body: createShareLinkBody,
    bodyOptional: true,
    response: z.object({ link: createdShareLinkSchema }),
    status: 201,
  }),
  revokeShareLink: endpoint({ method: "POST", path: "/api/shares/:id/revoke", access: "operator", response: z.object({ link: shareLinkInfoSchema }) }),
  listWaivers: endpoint({ method: "GET", path: "/api/runs/:id/waivers", access: "viewer", response: z.object({ waivers: z.array(waiverInfoSchema) }) }),
  createWaiver: endpoint({ method: "POST", path: "/api/runs/:id/waivers", access: "operator", body: createWaiverBody, response: z.object({ waiver: waiverInfoSchema }), status: 201 }),
  revokeWaiver: endpoint({
    method: "POST",
    path: "/api/waivers/:id/revoke",
    access: "operator",
    body: revokeWaiverBody,
    bodyOptional: true,
    response: z.object({ waiver: waiverInfoSchema }),
  }),
  sharedRun: endpoint({ method: "GET", path: "/api/share/:token", access: "share-link", response: sharedRunSchema }),
  decide: endpoint({ method: "POST", path: "/api/share/:token/decision", access: "share-link", body: decisionBody, response: decisionResultSchema, status: 201 }),
  sharedReportMarkdown: endpoint({ method: "GET", path: "/api/share/:token/report.md", access: "share-link" }),

  // Dynatrace tenants
  listTenants: endpoint({ method: "GET", path: "/api/tenants", access: "viewer", response: z.object({ tenants: z.array(tenantInfoSchema) }) }),
  createTenant: endpoint({ method: "POST", path: "/api/tenants", access: "operator", body: createTenantBody, response: z.object({ tenant: tenantInfoSchema }), status: 201 }),
  deleteTenant: endpoint({ method: "DELETE", path: "/api/tenants/:id", access: "admin" }),

  // Azure
  listAzureConnections: endpoint({
    method: "GET",
    path: "/api/azure/connections",
    access: "viewer",
    response: z.object({ connections: z.array(azureConnectionInfoSchema) }),
  }),
  createAzureConnection: endpoint({
    method: "POST",
    path: "/api/azure/connections",
    access: "admin",
    body: createAzureConnectionBody,
    response: z.object({ connection: azureConnectionInfoSchema }),
    status: 201,
  }),
  deleteAzureConnection: endpoint({ method: "DELETE", path: "/api/azure/connections/:id", access: "admin" }),
  discover: endpoint({ method: "POST", path: "/api/azure/connections/:id/discover", access: "operator", response: z.object({ discovery: discoveryResultSchema }) }),
  listFleet: endpoint({ method: "GET", path: "/api/fleet", access: "viewer", response: z.object({ clusters: z.array(fleetClusterSchema) }) }),
  checkFleet: endpoint({
    method: "POST",
    path: "/api/fleet/check",
    access: "operator",
    body: fleetCheckBody,
    response: z.object({ runs: z.array(z.object({ clusterId: z.string(), runId: z.string() })) }),
    status: 202,
  }),
  getAksCluster: endpoint({ method: "GET", path: "/api/aks-clusters/:id", access: "viewer", response: aksClusterDetailSchema }),
} as const;

export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;

/** The path with its parameters filled in (each encoded). */
export function pathOf<P extends string>(e: Endpoint<P>, params: ParamsOf<P>): string {
  return e.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => encodeURIComponent((params as Record<string, string>)[name] ?? ""));
}
