// An HTTPS Microsoft Entra ID + Azure Resource Manager for tests, on 127.0.0.1, speaking the wire formats the real
// @azure/identity credentials and ARM SDK clients use (reference azure-and-kubernetes-clients.md §1.3, §2.6).
// Entra-integrated clusters hand out exec kubeconfigs pointing at the REAL test kube-apiserver, and the token endpoint,
// asked for the AKS server application's scope, issues a static token that API server accepts.
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse, type Server as HttpServer } from "node:http";
import { createServer, type Server } from "node:https";
import { createServer as createTcpServer, type Server as TcpServer } from "node:net";
import { stringify } from "yaml";
import { DEFAULT_DIR, readState } from "@/test/cluster/cluster";
import { makeTestCertificates } from "@/test/network/certs";

export const AKS_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";
export const TEST_TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const TEST_CLIENT_ID = "0f3c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b";
export const TEST_CLIENT_SECRET = "test-client-secret~Sb8Q";
/** The service principal's object id: Resource Manager's 403s name it beside the client (application) id. */
export const SERVICE_PRINCIPAL_OBJECT_ID = "5d1c7e3a-9b2f-4c6d-8e0a-1f2b3c4d5e6f";
/** The kubelogin client id in real AKS exec kubeconfigs (the Azure CLI's). */
const KUBELOGIN_CLIENT_ID = "80faf920-1908-4b52-b5ef-a8e7bedfc67a";

/** How a cluster's API server can be reached and what listClusterUserCredential returns. */
export type AksAccess =
  /** Managed Entra integration: exec kubeconfig (kubelogin) to the real test API server. */
  | "entra"
  /** Local accounts: a kubeconfig with the test cluster's admin token. */
  | "local"
  /** No Entra integration and local accounts disabled: listClusterUserCredential answers 400. */
  | "local-accounts-disabled"
  /** Private cluster: the kubeconfig names the privatelink FQDN, which does not resolve from here. */
  | "private"
  /** Authorized IP ranges exclude the dashboard: the API server address accepts TCP and never answers. */
  | "authorized-ip-excluded"
  /** Stopped cluster (powerState Stopped): credentials are still handed out, the public FQDN does not resolve. */
  | "stopped";

export interface TestAksCluster {
  resourceGroup: string;
  name: string;
  location?: string;
  access?: AksAccess;
  /** Wire-format properties merged over the defaults (a Running, Succeeded 1.36 cluster like the test nodes). */
  properties?: Record<string, unknown>;
  /** Wire-format agent pool properties by name; default: the cluster's agentPoolProfiles. */
  agentPools?: Record<string, Record<string, unknown>>;
  tags?: Record<string, string>;
  sku?: { name: string; tier: string };
  /** KubernetesConfiguration extensions installed on the cluster (wire format items). */
  extensions?: Record<string, unknown>[];
}

export interface TestSubscription {
  subscriptionId: string;
  displayName: string;
  state?: string;
  clusters: TestAksCluster[];
}

export type AzureOperation =
  | "token"
  | "subscriptions"
  | "clusters" // list per subscription or resource group
  | "cluster" // get
  | "agentPools"
  | "credentials" // listClusterUserCredential
  | "extensions";

export interface AzureFailure {
  operation: AzureOperation;
  status: 400 | 401 | 403 | 404 | 429 | 500 | 503;
  /** ARM error code (defaults per status: AuthorizationFailed, ResourceNotFound, ...); for "token", the OAuth error (default invalid_client). */
  code?: string;
  /** ARM: the error message; "token": the AADSTS description without its number (the trace lines are added). */
  message?: string;
  /** "token" only: the AADSTS number (default 7000215, a wrong client secret). */
  aadsts?: number;
  /** "token" only: fail only for the Resource Manager scope or only for the AKS server application's. */
  scope?: "arm" | "aks";
  retryAfterSeconds?: number;
  /** Fail this many times, then answer normally; default: always. */
  times?: number;
  /** Only for this cluster / subscription. */
  cluster?: string;
  subscriptionId?: string;
}

export interface AzureScenario {
  failures?: AzureFailure[];
  /** Which test cluster identity the AKS token stands for (RBAC inside the cluster). Default admin. */
  aksIdentity?: "admin" | "restricted";
  /** expires_in of issued tokens, seconds (default 3599). Below 300, every getToken fetches again. */
  tokenExpiresInSeconds?: number;
  /** Items per page for list operations (default 100). */
  pageSize?: number;
  /** Milliseconds before every ARM answer (benchmarks). */
  latencyMs?: number;
  /** The command in exec kubeconfigs (default kubelogin); tests point it at a script that must never run. */
  execCommand?: string;
}

export interface RecordedAzureRequest {
  method: string;
  path: string;
  apiVersion?: string;
  /** Token requests: the scope asked for (or the MSI resource + "/.default"). */
  scope?: string;
  grantType?: string;
  /** Token requests: how the client proved itself. */
  clientAuth?: "secret" | "assertion" | "managed-identity" | "none";
  /** The client_assertion JWT (certificate or federated token), so tests can verify what proved the identity. */
  assertion?: string;
  authorization: boolean;
  status: number;
  at: number;
}

export interface AzureTestServer {
  authorityHost: string;
  armEndpoint: string;
  /** http://127.0.0.1:<port>/msi/token: the App Service managed-identity endpoint (IDENTITY_ENDPOINT). */
  msiEndpoint: string;
  msiHeader: string;
  caPem: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  requests: RecordedAzureRequest[];
  fleet: TestSubscription[];
  setScenario(s: AzureScenario): void;
  setFleet(f: TestSubscription[]): void;
  close(): Promise<void>;
}

/** The form input of a client-secret Azure connection to this server (for parseAzureConnectionInput). */
export function clientSecretInput(az: AzureTestServer) {
  return {
    kind: "client-secret",
    cloud: "custom",
    authorityHost: az.authorityHost,
    armEndpoint: az.armEndpoint,
    tenantId: az.tenantId,
    clientId: az.clientId,
    clientSecret: az.clientSecret,
    caPem: az.caPem,
  } as const;
}

export interface AzureTestServerOptions {
  fleet?: TestSubscription[];
  scenario?: AzureScenario;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** The API server Entra/local kubeconfigs point at; default: the running test cluster (.test-cluster/state.json). */
  kubeApiServer?: { server: string; caPem: string; adminToken: string; restrictedToken: string };
}

/** Default properties: a healthy Entra-integrated AKS 1.36 cluster whose pools match the test cluster's nodes. */
export function defaultClusterProperties(name: string, location = "westeurope"): Record<string, unknown> {
  const pool = (p: Record<string, unknown>) => ({
    type: "VirtualMachineScaleSets",
    osType: "Linux",
    osSKU: "Ubuntu",
    mode: "User",
    osDiskSizeGB: 128,
    osDiskType: "Managed",
    maxPods: 110,
    enableFIPS: false,
    orchestratorVersion: "1.36",
    currentOrchestratorVersion: "1.36.3",
    provisioningState: "Succeeded",
    powerState: { code: "Running" },
    ...p,
  });
  return {
    provisioningState: "Succeeded",
    powerState: { code: "Running" },
    kubernetesVersion: "1.36",
    currentKubernetesVersion: "1.36.3",
    dnsPrefix: name,
    fqdn: `${name}-dns-4f2a1b.hcp.${location}.azmk8s.io`,
    agentPoolProfiles: [
      pool({ name: "system", count: 1, vmSize: "Standard_D4ds_v5", mode: "System", nodeTaints: ["CriticalAddonsOnly=true:NoSchedule"] }),
      pool({ name: "user", count: 2, vmSize: "Standard_D8ds_v5" }),
      pool({ name: "arm", count: 1, vmSize: "Standard_D4ps_v5" }),
      pool({ name: "win", count: 1, vmSize: "Standard_D4s_v5", osType: "Windows", osSKU: "Windows2022", nodeTaints: ["os=windows:NoSchedule"] }),
    ],
    networkProfile: {
      networkPlugin: "azure",
      networkPluginMode: "overlay",
      networkPolicy: "cilium",
      networkDataplane: "cilium",
      podCidr: "10.244.0.0/16",
      serviceCidr: "10.0.0.0/16",
      dnsServiceIP: "10.0.0.10",
      outboundType: "loadBalancer",
    },
    apiServerAccessProfile: { enablePrivateCluster: false },
    aadProfile: { managed: true, enableAzureRBAC: true, tenantID: TEST_TENANT_ID },
    enableRBAC: true,
    disableLocalAccounts: true,
    addonProfiles: { azurepolicy: { enabled: false, config: null } },
    securityProfile: { workloadIdentity: { enabled: true } },
    oidcIssuerProfile: { enabled: true, issuerURL: `https://${location}.oic.prod-aks.azure.com/${TEST_TENANT_ID}/00000000-0000-0000-0000-000000000001/` },
  };
}

/** Access-specific properties, so ARM and the kubeconfig tell the same story. */
function accessProperties(c: TestAksCluster): Record<string, unknown> {
  const location = c.location ?? "westeurope";
  switch (c.access ?? "entra") {
    case "local":
      return { aadProfile: undefined, disableLocalAccounts: false };
    case "local-accounts-disabled":
      return { aadProfile: undefined, disableLocalAccounts: true };
    case "private":
      return {
        fqdn: undefined,
        privateFQDN: `${c.name}-dns-4f2a1b.privatelink.${location}.azmk8s.io`,
        apiServerAccessProfile: { enablePrivateCluster: true, privateDNSZone: "system" },
      };
    case "authorized-ip-excluded":
      return { apiServerAccessProfile: { enablePrivateCluster: false, authorizedIPRanges: ["203.0.113.0/24"] } };
    case "stopped": {
      const p = defaultClusterProperties(c.name, c.location);
      const pools = (p.agentPoolProfiles as Record<string, unknown>[]).map((x) => ({ ...x, powerState: { code: "Stopped" } }));
      return { powerState: { code: "Stopped" }, agentPoolProfiles: pools };
    }
    default:
      return {};
  }
}

export function clusterProperties(c: TestAksCluster): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...defaultClusterProperties(c.name, c.location), ...accessProperties(c), ...c.properties };
  for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
  return merged;
}

/** N subscriptions × M Entra-integrated clusters, for the fleet page and the benchmark. */
export function generateFleet(subscriptions: number, clustersPerSubscription: number): TestSubscription[] {
  return Array.from({ length: subscriptions }, (_, s) => ({
    subscriptionId: `00000000-0000-4000-8000-${String(s + 1).padStart(12, "0")}`,
    displayName: `Fleet subscription ${s + 1}`,
    clusters: Array.from({ length: clustersPerSubscription }, (_, c) => ({
      resourceGroup: `rg-fleet-${s + 1}`,
      name: `aks-fleet-${s + 1}-${String(c + 1).padStart(2, "0")}`,
      location: ["westeurope", "northeurope", "eastus2"][c % 3],
    })),
  }));
}

const DEFAULT_CODES: Record<number, string> = {
  400: "BadRequest",
  401: "InvalidAuthenticationToken",
  403: "AuthorizationFailed",
  404: "ResourceNotFound",
  429: "TooManyRequests",
  500: "InternalServerError",
  503: "ServiceUnavailable",
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function kubeApiFromTestCluster(): NonNullable<AzureTestServerOptions["kubeApiServer"]> | undefined {
  const s = readState(process.env.DTREADY_TEST_CLUSTER_DIR ?? DEFAULT_DIR);
  if (!s) return undefined;
  return { server: s.server, caPem: readFileSync(s.caFile, "utf8"), adminToken: s.adminToken, restrictedToken: s.restrictedToken };
}

export async function startAzureTestServer(options: AzureTestServerOptions = {}): Promise<AzureTestServer> {
  const certs = makeTestCertificates("dtready-azure-test-ca");
  const tenantId = options.tenantId ?? TEST_TENANT_ID;
  const clientId = options.clientId ?? TEST_CLIENT_ID;
  const clientSecret = options.clientSecret ?? TEST_CLIENT_SECRET;
  const msiHeader = randomBytes(8).toString("hex");
  let scenario: AzureScenario = options.scenario ?? {};
  let fleet: TestSubscription[] = options.fleet ?? [];
  const failureCounts = new Map<AzureFailure, number>();
  const requests: RecordedAzureRequest[] = [];
  /** Issued ARM tokens → expiry (ms). AKS tokens are the test cluster's static tokens. */
  const armTokens = new Map<string, number>();
  const sockets = new Set<{ destroy(): void; on(e: "close", f: () => void): unknown }>();
  let origin = "";

  // Authorized IP ranges that exclude us: TCP is accepted (an address answers) and nothing ever comes back.
  const blackhole: TcpServer = createTcpServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => undefined);
  });
  await new Promise<void>((r) => blackhole.listen(0, "127.0.0.1", r));
  const blackholePort = (blackhole.address() as { port: number }).port;

  const kubeApi = () => {
    const k = options.kubeApiServer ?? kubeApiFromTestCluster();
    if (!k) throw new Error("no test kube-apiserver: run through the integration global setup or pass kubeApiServer");
    return k;
  };

  function failureFor(op: AzureOperation, sub?: string, cluster?: string, scope?: "arm" | "aks"): AzureFailure | undefined {
    for (const f of scenario.failures ?? []) {
      if (f.operation !== op) continue;
      if (f.scope && scope && f.scope !== scope) continue;
      if (f.cluster && f.cluster !== cluster) continue;
      if (f.subscriptionId && f.subscriptionId !== sub) continue;
      const n = failureCounts.get(f) ?? 0;
      if (f.times !== undefined && n >= f.times) continue;
      failureCounts.set(f, n + 1);
      return f;
    }
    return undefined;
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "x-ms-request-id": randomBytes(8).toString("hex"), ...headers });
    res.end(JSON.stringify(body));
  }

  /** Resource Manager's error envelope {"error":{"code","message"}}; a 403 names the real action and scope. */
  function armError(res: ServerResponse, f: AzureFailure, action: string, scope: string) {
    const code = f.code ?? DEFAULT_CODES[f.status] ?? "Error";
    const message =
      f.message ??
      (f.status === 403
        ? `The client '${clientId}' with object id '${SERVICE_PRINCIPAL_OBJECT_ID}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`
        : f.status === 401
          ? "The access token is invalid."
          : f.status === 429
            ? "Number of requests exceeded the limit. Please retry later."
            : `${code} (test scenario)`);
    const headers: Record<string, string> = f.retryAfterSeconds !== undefined ? { "retry-after": String(f.retryAfterSeconds) } : {};
    if (f.status === 401) headers["www-authenticate"] = bearerChallenge("invalid_token", message);
    send(res, f.status, { error: { code, message } }, headers);
  }

  /** The RFC 6750 challenge Resource Manager sends with every 401, pointing at the tenant's authority. */
  const bearerChallenge = (error: string, description: string) =>
    `Bearer authorization_uri="${origin}/${tenantId}", error="${error}", error_description="${description.replace(/"/g, "'")}"`;

  function page<T>(res: ServerResponse, url: URL, items: T[]) {
    const size = scenario.pageSize ?? 100;
    const skip = Number(url.searchParams.get("$skiptoken") ?? "0");
    const value = items.slice(skip, skip + size);
    const body: { value: T[]; nextLink?: string } = { value };
    if (skip + size < items.length) {
      const next = new URL(url.pathname + url.search, origin);
      next.searchParams.set("$skiptoken", String(skip + size));
      body.nextLink = next.toString();
    }
    send(res, 200, body);
  }

  const clusterId = (sub: string, c: TestAksCluster) => `/subscriptions/${sub}/resourcegroups/${c.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${c.name}`;

  function clusterJson(sub: string, c: TestAksCluster) {
    return {
      id: clusterId(sub, c),
      name: c.name,
      type: "Microsoft.ContainerService/ManagedClusters",
      location: c.location ?? "westeurope",
      tags: c.tags ?? {},
      sku: c.sku ?? { name: "Base", tier: "Standard" },
      identity: { type: "SystemAssigned", principalId: "11111111-2222-3333-4444-555555555555", tenantId },
      properties: clusterProperties(c),
    };
  }

  function agentPoolsJson(sub: string, c: TestAksCluster) {
    const props = clusterProperties(c);
    const pools: Record<string, Record<string, unknown>> =
      c.agentPools ?? Object.fromEntries(((props.agentPoolProfiles as Record<string, unknown>[]) ?? []).map(({ name, ...rest }) => [String(name), rest]));
    return Object.entries(pools).map(([name, p]) => ({
      id: `${clusterId(sub, c)}/agentPools/${name}`,
      name,
      type: "Microsoft.ContainerService/managedClusters/agentPools",
      properties: p,
    }));
  }

  function userKubeconfig(c: TestAksCluster): string {
    const access = c.access ?? "entra";
    const k = access === "private" || access === "authorized-ip-excluded" || access === "stopped" ? undefined : kubeApi();
    const server =
      access === "private"
        ? `https://${c.name}-dns-4f2a1b.privatelink.${c.location ?? "westeurope"}.azmk8s.io:443`
        : access === "stopped"
          ? `https://${c.name}-dns-4f2a1b.hcp.${c.location ?? "westeurope"}.azmk8s.io:443`
          : access === "authorized-ip-excluded"
          ? `https://127.0.0.1:${blackholePort}`
          : k!.server;
    const caPem = k?.caPem ?? certs.caPem;
    const userName = `clusterUser_${c.resourceGroup}_${c.name}`;
    const user =
      access === "local"
        ? { token: k!.adminToken }
        : {
            exec: {
              apiVersion: "client.authentication.k8s.io/v1beta1",
              command: scenario.execCommand ?? "kubelogin",
              args: ["get-token", "--environment", "AzurePublicCloud", "--server-id", AKS_SERVER_ID, "--client-id", KUBELOGIN_CLIENT_ID, "--tenant-id", tenantId, "--login", "devicecode"],
              env: null,
              installHint: "kubelogin is not installed which is required to connect to AAD enabled cluster.",
              provideClusterInfo: false,
              interactiveMode: "IfAvailable",
            },
          };
    return stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [{ name: c.name, cluster: { server, "certificate-authority-data": Buffer.from(caPem).toString("base64") } }],
      users: [{ name: userName, user }],
      contexts: [{ name: c.name, context: { cluster: c.name, user: userName } }],
      "current-context": c.name,
      preferences: {},
    });
  }

  /**
   * The Microsoft identity platform's error body (token endpoint and discovery): `error`, `error_description` ending
   * in `\r\n` trace lines (Trace ID, Correlation ID, Timestamp), `error_codes`, `timestamp`, `trace_id`,
   * `correlation_id`, `error_uri`. Documented in "Microsoft identity platform and OAuth 2.0 … error response" and
   * reference-error-codes ("Handling error codes in your application").
   */
  function entraError(res: ServerResponse, record: RecordedAzureRequest, status: number, error: string, aadsts: number, description: string) {
    const now = new Date();
    const timestamp = `${now.toISOString().slice(0, 19).replace("T", " ")}Z`;
    const traceId = randomUUID();
    const correlationId = randomUUID();
    record.status = status;
    send(res, status, {
      error,
      error_description: `AADSTS${aadsts}: ${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `${origin}/error?code=${aadsts}`,
    });
  }

  async function token(req: IncomingMessage, res: ServerResponse, url: URL, record: RecordedAzureRequest) {
    const form = new URLSearchParams(await readBody(req));
    record.scope = form.get("scope") ?? undefined;
    record.grantType = form.get("grant_type") ?? undefined;
    record.clientAuth = form.get("client_secret") ? "secret" : form.get("client_assertion") ? "assertion" : "none";
    record.assertion = form.get("client_assertion") ?? undefined;
    const forAks = (record.scope ?? "").startsWith(AKS_SERVER_ID);
    const f = failureFor("token", undefined, undefined, forAks ? "aks" : "arm");
    if (f) {
      return entraError(
        res,
        record,
        f.status,
        f.code ?? "invalid_client",
        f.aadsts ?? 7000215,
        f.message ?? `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    }
    const tenant = url.pathname.split("/")[1];
    if (tenant !== tenantId) return entraError(res, record, 400, "invalid_request", 90002, tenantNotFound(tenant ?? ""));
    if (form.get("grant_type") !== "client_credentials") {
      return entraError(res, record, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
    }
    if (form.get("client_id") !== clientId) {
      return entraError(
        res,
        record,
        400,
        "unauthorized_client",
        700016,
        `Application with identifier '${form.get("client_id")}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    }
    if (record.clientAuth === "secret" && form.get("client_secret") !== clientSecret) {
      return entraError(
        res,
        record,
        401,
        "invalid_client",
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    }
    if (record.clientAuth === "assertion") {
      const a = form.get("client_assertion") ?? "";
      if (form.get("client_assertion_type") !== "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" || a.split(".").length !== 3) {
        return entraError(res, record, 401, "invalid_client", 50027, "JWT token is invalid or malformed.");
      }
    }
    if (record.clientAuth === "none") {
      return entraError(res, record, 401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
    }
    issue(res, record, record.scope ?? "", false);
  }

  const tenantNotFound = (tenant: string) =>
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`;

  /** Issues a token for a scope: the AKS server app → a static test-cluster token; the ARM scope → an opaque ARM token. */
  function issue(res: ServerResponse, record: RecordedAzureRequest, scope: string, msi: boolean) {
    const expiresIn = scenario.tokenExpiresInSeconds ?? 3599;
    let access: string;
    if (scope === `${AKS_SERVER_ID}/.default`) {
      const k = kubeApi();
      access = scenario.aksIdentity === "restricted" ? k.restrictedToken : k.adminToken;
    } else if (scope === `${origin}/.default`) {
      access = `arm.${randomBytes(24).toString("base64url")}`;
      armTokens.set(access, Date.now() + expiresIn * 1000);
    } else {
      // A scope naming a resource the tenant does not know: invalid_resource, AADSTS500011.
      return entraError(
        res,
        record,
        400,
        "invalid_resource",
        500011,
        `The resource principal named ${scope.replace(/\/\.default$/, "")} was not found in the tenant named ${tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      );
    }
    record.status = 200;
    if (msi) {
      return send(res, 200, { access_token: access, expires_on: String(Math.floor(Date.now() / 1000) + expiresIn), resource: scope.replace(/\/\.default$/, ""), token_type: "Bearer" });
    }
    send(res, 200, { token_type: "Bearer", expires_in: expiresIn, ext_expires_in: expiresIn, access_token: access });
  }

  function armAuthorized(req: IncomingMessage, res: ServerResponse, record: RecordedAzureRequest): boolean {
    const h = req.headers.authorization ?? "";
    const t = h.startsWith("Bearer ") ? h.slice(7) : "";
    const exp = armTokens.get(t);
    if (exp === undefined || exp < Date.now()) {
      record.status = 401;
      const [code, message] = !t
        ? ["AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing."]
        : exp !== undefined
          ? ["ExpiredAuthenticationToken", `The access token expiry UTC time '${new Date(exp).toUTCString()}' is earlier than current UTC time '${new Date().toUTCString()}'.`]
          : ["InvalidAuthenticationTokenAudience", `The access token has been obtained for wrong audience or resource. It should exactly match with one of the allowed audiences '${origin}/'.`];
      send(res, 401, { error: { code, message } }, { "www-authenticate": bearerChallenge("invalid_token", message) });
      return false;
    }
    return true;
  }

  /** Every Resource Manager request carries api-version; without it ARM answers 400 MissingApiVersionParameter. */
  function hasApiVersion(url: URL, res: ServerResponse, record: RecordedAzureRequest): boolean {
    if (url.searchParams.get("api-version")) return true;
    record.status = 400;
    send(res, 400, { error: { code: "MissingApiVersionParameter", message: "The api-version query parameter (?api-version=) is required for all requests." } });
    return false;
  }

  async function arm(req: IncomingMessage, res: ServerResponse, url: URL, record: RecordedAzureRequest) {
    if (!armAuthorized(req, res, record)) return;
    if (!hasApiVersion(url, res, record)) return;
    if (scenario.latencyMs) await new Promise((r) => setTimeout(r, scenario.latencyMs));
    const parts = url.pathname.split("/").filter(Boolean);
    const lower = parts.map((p) => p.toLowerCase());
    // A 403's scope is the resource asked for, as the request spelled it (for an action: the resource it acts on).
    const fail = (op: AzureOperation, action: string, sub?: string, cluster?: string) => {
      const f = failureFor(op, sub, cluster);
      if (f) {
        record.status = f.status;
        const scope = url.pathname.replace(/\/(listClusterUserCredential|agentPools|providers\/Microsoft\.KubernetesConfiguration\/extensions)$/i, "").replace(/\/providers\/Microsoft\.ContainerService\/managedClusters$/i, "");
        armError(res, f, action, scope || "/");
      }
      return Boolean(f);
    };
    const notFound = (what: string) => {
      record.status = 404;
      send(res, 404, { error: { code: "ResourceNotFound", message: `The Resource '${what}' was not found.` } });
    };
    // GET /subscriptions
    if (lower.length === 1 && lower[0] === "subscriptions" && req.method === "GET") {
      if (fail("subscriptions", "Microsoft.Resources/subscriptions/read")) return;
      record.status = 200;
      return page(
        res,
        url,
        fleet.map((s) => ({
          id: `/subscriptions/${s.subscriptionId}`,
          subscriptionId: s.subscriptionId,
          tenantId,
          displayName: s.displayName,
          state: s.state ?? "Enabled",
          subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: "PayAsYouGo_2014-09-01", spendingLimit: "Off" },
          authorizationSource: "RoleBased",
        })),
      );
    }
    if (lower[0] !== "subscriptions" || !parts[1]) return notFound(url.pathname);
    const subId = parts[1];
    const sub = fleet.find((s) => s.subscriptionId.toLowerCase() === subId.toLowerCase());
    if (!sub) {
      record.status = 404;
      return send(res, 404, { error: { code: "SubscriptionNotFound", message: `The subscription '${subId}' could not be found.` } });
    }
    const rg = lower[2] === "resourcegroups" ? parts[3] : undefined;
    const rest = rg ? lower.slice(4) : lower.slice(2);
    const restParts = rg ? parts.slice(4) : parts.slice(2);
    if (rest[0] !== "providers" || rest[1] !== "microsoft.containerservice" || rest[2] !== "managedclusters") return notFound(url.pathname);
    const name = restParts[3];
    if (!name) {
      if (req.method !== "GET") return notFound(url.pathname);
      if (fail("clusters", "Microsoft.ContainerService/managedClusters/read", sub.subscriptionId)) return;
      record.status = 200;
      return page(res, url, sub.clusters.filter((c) => !rg || c.resourceGroup.toLowerCase() === rg.toLowerCase()).map((c) => clusterJson(sub.subscriptionId, c)));
    }
    const cluster = sub.clusters.find((c) => c.name.toLowerCase() === name.toLowerCase() && (!rg || c.resourceGroup.toLowerCase() === rg.toLowerCase()));
    const op = rest.slice(4).join("/");
    const opName: AzureOperation = op === "" ? "cluster" : op === "agentpools" ? "agentPools" : op === "listclusterusercredential" ? "credentials" : "extensions";
    const action = {
      cluster: "Microsoft.ContainerService/managedClusters/read",
      agentPools: "Microsoft.ContainerService/managedClusters/agentPools/read",
      credentials: "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action",
      extensions: "Microsoft.KubernetesConfiguration/extensions/read",
    }[opName];
    if (fail(opName, action, sub.subscriptionId, name)) return;
    if (!cluster) {
      record.status = 404;
      return send(res, 404, { error: { code: "ResourceNotFound", message: `The Resource 'Microsoft.ContainerService/managedClusters/${name}' under resource group '${rg}' was not found.` } });
    }
    record.status = 200;
    if (op === "" && req.method === "GET") return send(res, 200, clusterJson(sub.subscriptionId, cluster));
    if (op === "agentpools" && req.method === "GET") return page(res, url, agentPoolsJson(sub.subscriptionId, cluster));
    if (op === "listclusterusercredential" && req.method === "POST") {
      await readBody(req);
      if (cluster.access === "local-accounts-disabled") {
        record.status = 400;
        return send(res, 400, {
          error: { code: "BadRequest", message: "Getting static credential is not allowed because this cluster is set to disable local accounts." },
        });
      }
      return send(res, 200, { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(userKubeconfig(cluster)).toString("base64") }] });
    }
    if (op === "providers/microsoft.kubernetesconfiguration/extensions" && req.method === "GET") return page(res, url, cluster.extensions ?? []);
    return notFound(url.pathname);
  }

  const server: Server = createServer({ key: certs.keyPem, cert: certs.certPem }, (req, res) => {
    const url = new URL(req.url ?? "/", origin);
    const record: RecordedAzureRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      apiVersion: url.searchParams.get("api-version") ?? undefined,
      authorization: Boolean(req.headers.authorization),
      status: 0,
      at: Date.now(),
    };
    requests.push(record);
    const handle = async () => {
      if (/^\/[^/]+\/v2\.0\/\.well-known\/openid-configuration$/.test(url.pathname)) {
        const tenant = url.pathname.split("/")[1] ?? "";
        // Discovery for a tenant the authority does not know is refused as Entra ID refuses it.
        if (tenant !== tenantId && tenant !== "organizations" && tenant !== "common") return entraError(res, record, 400, "invalid_tenant", 90002, tenantNotFound(tenant));
        record.status = 200;
        return send(res, 200, {
          token_endpoint: `${origin}/${tenant}/oauth2/v2.0/token`,
          authorization_endpoint: `${origin}/${tenant}/oauth2/v2.0/authorize`,
          issuer: `${origin}/${tenant}/v2.0`,
          jwks_uri: `${origin}/${tenant}/discovery/v2.0/keys`,
          token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
          response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
          scopes_supported: ["openid", "profile", "email", "offline_access"],
          subject_types_supported: ["pairwise"],
          id_token_signing_alg_values_supported: ["RS256"],
          tenant_region_scope: "EU",
        });
      }
      if (/^\/[^/]+\/oauth2\/v2\.0\/token$/.test(url.pathname) && req.method === "POST") return token(req, res, url, record);
      return arm(req, res, url, record);
    };
    handle().catch((err: unknown) => {
      record.status = 500;
      if (!res.headersSent) send(res, 500, { error: { code: "InternalServerError", message: String(err) } });
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  origin = `https://127.0.0.1:${(server.address() as { port: number }).port}`;

  // The App Service managed-identity protocol (IDENTITY_ENDPOINT + IDENTITY_HEADER) over plain http, as on Azure.
  const msi: HttpServer = createHttpServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const resource = url.searchParams.get("resource") ?? "";
    const record: RecordedAzureRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      apiVersion: url.searchParams.get("api-version") ?? undefined,
      scope: `${resource}/.default`,
      clientAuth: "managed-identity",
      authorization: false,
      status: 0,
      at: Date.now(),
    };
    requests.push(record);
    if (url.pathname !== "/msi/token" || req.headers["x-identity-header"] !== msiHeader) {
      record.status = 401;
      return send(res, 401, { error: "invalid_request", error_description: "missing or wrong X-IDENTITY-HEADER" });
    }
    const f = failureFor("token");
    if (f) {
      record.status = f.status;
      return send(res, f.status, { error: "invalid_request", error_description: f.message ?? "test scenario" });
    }
    issue(res, record, `${resource.replace(/\/+$/, "")}/.default`, true);
  });
  msi.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => msi.listen(0, "127.0.0.1", r));
  const msiEndpoint = `http://127.0.0.1:${(msi.address() as { port: number }).port}/msi/token`;

  return {
    authorityHost: origin,
    armEndpoint: origin,
    msiEndpoint,
    msiHeader,
    caPem: certs.caPem,
    tenantId,
    clientId,
    clientSecret,
    requests,
    get fleet() {
      return fleet;
    },
    setScenario(s) {
      scenario = s;
      failureCounts.clear();
    },
    setFleet(f) {
      fleet = f;
    },
    close() {
      for (const s of sockets) s.destroy();
      const closeOne = (s: { close(cb: () => void): unknown }) => new Promise<void>((r) => s.close(() => r()));
      return Promise.all([closeOne(server), closeOne(msi), closeOne(blackhole)]).then(() => undefined);
    },
  };
}
