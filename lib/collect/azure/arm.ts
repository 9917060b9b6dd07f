// The one way collectors talk to Azure Resource Manager: the SDK clients with the cloud's endpoint and token scope
// passed explicitly, behind a concurrency limit and a per-request timeout, with errors classified like the Kubernetes client's.
import { ContainerServiceClient, type ManagedCluster } from "@azure/arm-containerservice";
import { SubscriptionClient, type Subscription } from "@azure/arm-resources-subscriptions";
import { createDefaultHttpClient, createPipelineRequest, type PipelinePolicy, type PipelineRequest } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/core-auth";
import type { CollectContext } from "@/lib/engine/collector";
import { CollectError } from "@/lib/engine/errors";
import { createLimiter } from "@/lib/engine/limit";
import { authorizationFailed, diagnoseAuthority, entraFailure, RESOURCE_MANAGER, roleAssignmentCommand, roleFor, type AuthorityDiagnosis, type EntraContext } from "./blame";
import { cloudSettings, type AksClusterRef, type AzureConnection } from "./connection";

export interface ArmClientOptions {
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Requests in flight at once against Resource Manager (per connection). */
  concurrency?: number;
  /** Longest Retry-After (seconds) waited once after a 429; longer throttling fails the request. */
  maxRetryAfterSeconds?: number;
}

/** What `request` passes to an SDK operation: always hand it on, it carries the timeout. */
export interface ArmCallOptions {
  abortSignal: AbortSignal;
}

type RequestContext = Pick<CollectContext, "signal" | "noteRequest">;

export interface ArmClients {
  readonly armEndpoint: string;
  readonly subscriptions: SubscriptionClient;
  containerService(subscriptionId: string): ContainerServiceClient;
  /**
   * Runs one Resource Manager operation: waits for a slot, applies the timeout and the run's signal, records
   * `description` as the fact's source, retries once after a 429 with a short Retry-After, and turns failures into CollectError.
   */
  request<T>(ctx: RequestContext, description: string, call: (options: ArmCallOptions) => Promise<T>): Promise<T>;
  /** GET a Resource Manager path (with its api-version) that no installed SDK covers, e.g. KubernetesConfiguration extensions. */
  getJson<T>(ctx: RequestContext, description: string, pathAndQuery: string): Promise<T>;
  /**
   * Classifies a failed getToken of this connection's credential (e.g. for the AKS server application): Entra ID's
   * answer with its fix, or a network failure on the way to Entra ID, told apart by one discovery request.
   */
  tokenFailure(ctx: RequestContext, err: unknown, what: string): Promise<CollectError>;
}

declare module "@/lib/engine/collector" {
  interface CollectClients {
    /** For targets of kind "aks": Resource Manager clients and the cluster being checked. */
    azure?: { arm: ArmClients; ref: AksClusterRef };
  }
}

export function createArmClients(conn: AzureConnection, credential: TokenCredential, options: ArmClientOptions = {}): ArmClients {
  const { armEndpoint, armScope } = cloudSettings(conn);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxRetryAfter = options.maxRetryAfterSeconds ?? 10;
  const limit = createLimiter(options.concurrency ?? 8);
  // The paging helpers throw "Pagination failed with unexpected statusCode 403" and drop Resource Manager's message,
  // which names the missing action and scope: keep every error body, by request, for the classification.
  const errorBodies = new WeakMap<PipelineRequest, ArmErrorBody>();
  const keepErrorBodies: PipelinePolicy = {
    name: "dtreadyKeepArmErrorBodies",
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status >= 400) {
        const body = parseArmErrorBody(response.bodyAsText ?? "");
        const challenge = response.headers.get("www-authenticate");
        if (body || challenge) errorBodies.set(request, { ...body, challenge });
      }
      return response;
    },
  };
  const common = {
    endpoint: armEndpoint,
    // The SDK's own retries would wait any Retry-After, however long, inside one request's timeout; `request` decides instead.
    retryOptions: { maxRetries: 0 },
    additionalPolicies: [{ policy: keepErrorBodies, position: "perCall" as const }],
    ...(conn.caPem ? { tlsOptions: { ca: conn.caPem } } : {}),
  };
  const entra = (what: string): EntraContext => ({ kind: conn.kind, authorityHost: conn.authorityHost, tenantId: conn.tenantId, clientId: conn.clientId, what });
  // MSAL says only "endpoints_resolution_error" for an unreachable authority and an unknown tenant alike: asked once per run.
  let diagnosis: Promise<AuthorityDiagnosis> | undefined;
  const tokenFailure = async (ctx: RequestContext, err: unknown, what: string): Promise<CollectError> => {
    let d: AuthorityDiagnosis | undefined;
    if (/endpoints_resolution_error/.test(String((err as Error)?.message))) {
      if (!diagnosis) {
        ctx.noteRequest(`GET ${conn.authorityHost}/${conn.tenantId ?? "organizations"}/v2.0/.well-known/openid-configuration (why no token; no credential sent)`);
        diagnosis = diagnoseAuthority(conn, ctx.signal);
      }
      d = await diagnosis;
    }
    return entraFailure(err, entra(what), d);
  };
  const where: ArmWhere = { armEndpoint, tenantId: conn.tenantId, bodyOf: (req) => (req ? errorBodies.get(req as PipelineRequest) : undefined) };
  // Each client defaults to a wrong scope for some cloud (reference §2.1): always pass it.
  const subscriptions = new SubscriptionClient(credential, { ...common, credentials: { scopes: [armScope] } });
  const byId = new Map<string, ContainerServiceClient>();
  const containerService = (subscriptionId: string) => {
    let c = byId.get(subscriptionId);
    if (!c) {
      c = new ContainerServiceClient(credential, subscriptionId, { ...common, credentials: { scopes: [armScope] } });
      byId.set(subscriptionId, c);
    }
    return c;
  };
  const httpClient = createDefaultHttpClient();

  async function attempt<T>(ctx: RequestContext, description: string, call: (o: ArmCallOptions) => Promise<T>): Promise<T> {
    // The timeout starts when the request gets its slot, not while it waits for one.
    return limit(() => call({ abortSignal: AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]) }));
  }

  const classify = async (ctx: RequestContext, err: unknown, description: string): Promise<CollectError> => {
    if (!isCredentialFailure(err)) return classifyArmError(err, description, timeoutMs, ctx.signal, where);
    const e = await tokenFailure(ctx, err, "a token for Resource Manager");
    return new CollectError(e.kind, `${description}: ${e.message}`, e.status, { system: e.system, remedy: e.remedy });
  };

  async function request<T>(ctx: RequestContext, description: string, call: (o: ArmCallOptions) => Promise<T>): Promise<T> {
    if (ctx.signal.aborted) throw new CollectError("timeout", `${description}: the run's time budget ran out`);
    ctx.noteRequest(description);
    try {
      return await attempt(ctx, description, call);
    } catch (err) {
      const wait = retryAfterSeconds(err);
      if (wait === undefined || wait > maxRetryAfter) throw await classify(ctx, err, description);
      await sleep(wait * 1000, ctx.signal);
      ctx.noteRequest(`${description} (retried after ${wait} s)`);
      try {
        return await attempt(ctx, description, call);
      } catch (again) {
        throw await classify(ctx, again, description);
      }
    }
  }

  return {
    armEndpoint,
    subscriptions,
    containerService,
    request,
    tokenFailure,
    getJson<T>(ctx: RequestContext, description: string, pathAndQuery: string) {
      return request(ctx, description, async ({ abortSignal }) => {
        const req = createPipelineRequest({ url: new URL(pathAndQuery, armEndpoint + "/").toString(), method: "GET", abortSignal });
        // The subscription client's pipeline carries the bearer-token policy with the right scope and the TLS options.
        const res = await subscriptions.pipeline.sendRequest(httpClient, req);
        const body = res.bodyAsText ?? "";
        if (res.status < 200 || res.status >= 300) throw armHttpError(res.status, body, res.headers.get("retry-after"), res.headers.get("www-authenticate"));
        return JSON.parse(body) as T;
      });
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}

/** Resource Manager's error envelope {"error":{"code","message"}}, and the 401's WWW-Authenticate challenge. */
interface ArmErrorBody {
  code?: string;
  message?: string;
  challenge?: string;
}

function parseArmErrorBody(text: string): ArmErrorBody | undefined {
  try {
    const e = (JSON.parse(text) as { error?: { code?: unknown; message?: unknown } }).error;
    if (!e) return undefined;
    return { code: typeof e.code === "string" ? e.code : undefined, message: typeof e.message === "string" ? e.message : undefined };
  } catch {
    return undefined;
  }
}

/** What classifyArmError knows about the connection: for messages and remedies that name its values. */
export interface ArmWhere {
  armEndpoint: string;
  tenantId?: string;
  /** The error body kept for the request that failed (see keepErrorBodies). */
  bodyOf?: (request: unknown) => ArmErrorBody | undefined;
}

/** A RestError-shaped error for getJson, so both paths classify alike. */
function armHttpError(status: number, body: string, retryAfter: string | undefined, challenge: string | undefined) {
  const parsed = parseArmErrorBody(body);
  const message = parsed?.message ?? body.slice(0, 300);
  const headers = { get: (n: string) => (n === "retry-after" ? retryAfter : n === "www-authenticate" ? challenge : undefined) };
  return Object.assign(new Error(message), { name: "RestError", statusCode: status, code: parsed?.code, response: { headers } });
}

interface RestErrorLike {
  name?: string;
  message?: string;
  statusCode?: number;
  code?: string;
  request?: unknown;
  response?: { headers?: { get(name: string): string | undefined } };
}

const CREDENTIAL_ERRORS = new Set(["CredentialUnavailableError", "AuthenticationError", "AggregateAuthenticationError", "AuthenticationRequiredError"]);

/** A failure of the credential (getToken inside the SDK's bearer policy), not of a Resource Manager request. */
export function isCredentialFailure(err: unknown): boolean {
  return CREDENTIAL_ERRORS.has((err as { name?: string })?.name ?? "");
}

function retryAfterSeconds(err: unknown): number | undefined {
  const e = err as RestErrorLike;
  if (e?.statusCode !== 429) return undefined;
  const h = e.response?.headers?.get("retry-after");
  if (h === undefined) return 1;
  const n = Number(h);
  if (Number.isFinite(n)) return Math.max(0, n);
  const at = Date.parse(h);
  return Number.isNaN(at) ? 1 : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * Turns an SDK/RestError into a CollectError whose message says what Resource Manager answered, blaming Resource
 * Manager (or Entra ID, for a credential failure) with the fix for that answer.
 */
export function classifyArmError(err: unknown, description: string, timeoutMs: number, runSignal?: AbortSignal, where?: ArmWhere): CollectError {
  if (err instanceof CollectError) return err;
  const e = err as RestErrorLike & { cause?: { code?: string } };
  const kept = where?.bodyOf?.(e?.request);
  const code = e?.code && e.code !== e.name ? e.code : kept?.code;
  let text = (e?.message ?? String(err)).split(/\r?\n/)[0]!.slice(0, 600);
  // The paging helpers drop ARM's message and keep only its code: the kept body still has it.
  if (/^Pagination failed with unexpected statusCode/.test(text)) text = kept?.message ?? `Resource Manager answered ${e.statusCode}${code ? ` ${code}` : ""}`;
  const arm = code ? `${code}: ` : "";
  const endpoint = where?.armEndpoint ?? "Resource Manager";
  const rm = (remedy: string) => ({ system: RESOURCE_MANAGER, remedy });
  if (typeof e?.statusCode === "number") {
    switch (e.statusCode) {
      case 401: {
        const challenge = e.response?.headers?.get("www-authenticate") ?? kept?.challenge;
        const said = challenge ? /error_description="([^"]*)"/.exec(challenge)?.[1] : undefined;
        return new CollectError("unauthorized", `${description} was rejected as unauthenticated (401): ${arm}${text}${said && !text.includes(said) ? ` (${said})` : ""}`, 401, rm(unauthenticatedRemedy(code, where)));
      }
      case 403: {
        const denied = authorizationFailed(text);
        const remedy = denied
          ? `Grant the Azure identity a role that allows ${denied.action} on ${denied.scope}: ${roleAssignmentCommand(denied.objectId, roleFor(denied.action), denied.scope)}`
          : "Grant the Azure identity the Reader role (Microsoft.ContainerService/managedClusters/read) on the cluster's subscription or resource group.";
        return new CollectError("forbidden", `${description} is forbidden for this identity (403 ${code ?? "Forbidden"}): ${text}`, 403, rm(remedy));
      }
      case 404:
        return new CollectError(
          "not-found",
          `${description} found nothing (404 ${code ?? "NotFound"}): ${text}`,
          404,
          rm("Check the subscription, resource group and cluster name: the resource was deleted or moved, or the identity cannot see it."),
        );
      case 429: {
        const after = e.response?.headers?.get("retry-after");
        return new CollectError("error", `${description}: Resource Manager is throttling requests (429)${after ? `; it asked to retry after ${after} s` : ""}. Try again later.`, 429, rm(`Wait${after ? ` ${after} s` : ""} and run again.`));
      }
      default:
        return new CollectError(
          "error",
          `${description} failed with HTTP ${e.statusCode}: ${arm}${text}`,
          e.statusCode,
          rm(e.statusCode >= 500 ? "Resource Manager failed; run again later." : "The request was refused as shown; if it persists, report it with the run's facts."),
        );
    }
  }
  if (e?.name === "AbortError" || e?.name === "TimeoutError") {
    if (runSignal?.aborted) return new CollectError("timeout", `${description}: the run's time budget ran out`);
    return new CollectError("timeout", `${description} got no answer within ${timeoutMs} ms`, undefined, rm(`Make sure the dashboard host reaches ${endpoint} quickly enough, then run again.`));
  }
  // Credential failures (wrong secret, no managed identity): Entra ID's answer, not Resource Manager's.
  if (isCredentialFailure(err)) {
    const c = entraFailure(err, { kind: "client-secret", authorityHost: "the authority", what: "a token for Resource Manager" });
    return new CollectError(c.kind, `${description}: ${c.message}`, undefined, { system: c.system, remedy: c.remedy });
  }
  const net = e?.code ?? e?.cause?.code;
  if (net && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/.test(net)) {
    return new CollectError("unreachable", `${description}: Resource Manager is unreachable (${net}): ${text}`, undefined, rm(`Make sure the dashboard host can reach ${endpoint} on port 443 (DNS, firewall, proxy, CA), then run again.`));
  }
  return new CollectError("error", `${description} failed: ${text}`);
}

function unauthenticatedRemedy(code: string | undefined, where: ArmWhere | undefined): string {
  switch (code) {
    case "InvalidAuthenticationTokenTenant":
      return `The subscription belongs to another tenant than the connection's${where?.tenantId ? ` (${where.tenantId})` : ""}. Set the connection's tenant ID to the subscription's tenant.`;
    case "InvalidAuthenticationTokenAudience":
      return `The token was issued for another resource than ${where?.armEndpoint ?? "this Resource Manager"}: the connection's Resource Manager endpoint does not match its cloud. Check the connection's cloud and endpoints.`;
    case "ExpiredAuthenticationToken":
      return "Resource Manager found the token expired: check the dashboard host's clock (NTP), then run again.";
    default:
      return "Resource Manager rejected the identity's token. Check that the connection's tenant, cloud and Resource Manager endpoint belong together, then run again.";
  }
}

export interface SubscriptionInfo {
  subscriptionId: string;
  displayName: string;
  state?: string;
  tenantId?: string;
}

/** Every subscription the identity can read (all pages). */
export async function listSubscriptions(arm: ArmClients, ctx: RequestContext): Promise<SubscriptionInfo[]> {
  return arm.request(ctx, "GET /subscriptions", async (o) => {
    const out: SubscriptionInfo[] = [];
    for await (const s of arm.subscriptions.subscriptions.list(o) as AsyncIterable<Subscription>) {
      if (!s.subscriptionId) continue;
      out.push({ subscriptionId: s.subscriptionId, displayName: s.displayName ?? s.subscriptionId, state: s.state, tenantId: s.tenantId });
    }
    return out;
  });
}

/** Every AKS cluster in one subscription (all pages), as the SDK models them. */
export async function listAksClusters(arm: ArmClients, ctx: RequestContext, subscriptionId: string): Promise<ManagedCluster[]> {
  return arm.request(ctx, `GET /subscriptions/${subscriptionId}/providers/Microsoft.ContainerService/managedClusters`, async (o) => {
    const out: ManagedCluster[] = [];
    for await (const c of arm.containerService(subscriptionId).managedClusters.list(o)) out.push(c);
    return out;
  });
}

export function describeCluster(ref: AksClusterRef): string {
  return `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${ref.name}`;
}
