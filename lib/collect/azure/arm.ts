// The one way collectors talk to Azure Resource Manager: the SDK clients with the cloud's endpoint and token scope
// passed explicitly, behind a concurrency limit and a per-request timeout, with errors classified like the Kubernetes client's.
import { ContainerServiceClient, type ManagedCluster } from "@azure/arm-containerservice";
import { SubscriptionClient, type Subscription } from "@azure/arm-resources-subscriptions";
import { createDefaultHttpClient, createPipelineRequest } from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/core-auth";
import type { CollectContext } from "@/lib/engine/collector";
import { CollectError } from "@/lib/engine/errors";
import { createLimiter } from "@/lib/engine/limit";
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
  const common = {
    endpoint: armEndpoint,
    // The SDK's own retries would wait any Retry-After, however long, inside one request's timeout; `request` decides instead.
    retryOptions: { maxRetries: 0 },
    ...(conn.caPem ? { tlsOptions: { ca: conn.caPem } } : {}),
  };
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

  async function request<T>(ctx: RequestContext, description: string, call: (o: ArmCallOptions) => Promise<T>): Promise<T> {
    if (ctx.signal.aborted) throw new CollectError("timeout", `${description}: the run's time budget ran out`);
    ctx.noteRequest(description);
    try {
      return await attempt(ctx, description, call);
    } catch (err) {
      const wait = retryAfterSeconds(err);
      if (wait === undefined || wait > maxRetryAfter) throw classifyArmError(err, description, timeoutMs, ctx.signal);
      await sleep(wait * 1000, ctx.signal);
      ctx.noteRequest(`${description} (retried after ${wait} s)`);
      try {
        return await attempt(ctx, description, call);
      } catch (again) {
        throw classifyArmError(again, description, timeoutMs, ctx.signal);
      }
    }
  }

  return {
    armEndpoint,
    subscriptions,
    containerService,
    request,
    getJson<T>(ctx: RequestContext, description: string, pathAndQuery: string) {
      return request(ctx, description, async ({ abortSignal }) => {
        const req = createPipelineRequest({ url: new URL(pathAndQuery, armEndpoint + "/").toString(), method: "GET", abortSignal });
        // The subscription client's pipeline carries the bearer-token policy with the right scope and the TLS options.
        const res = await subscriptions.pipeline.sendRequest(httpClient, req);
        const body = res.bodyAsText ?? "";
        if (res.status < 200 || res.status >= 300) throw armHttpError(res.status, body, res.headers.get("retry-after"));
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

/** A RestError-shaped error for getJson, so both paths classify alike. */
function armHttpError(status: number, body: string, retryAfter: string | undefined) {
  let code: string | undefined;
  let message = body.slice(0, 300);
  try {
    const e = (JSON.parse(body) as { error?: { code?: string; message?: string } }).error;
    code = e?.code;
    message = e?.message ?? message;
  } catch {
    // not JSON: keep the text
  }
  return Object.assign(new Error(message), { name: "RestError", statusCode: status, code, response: { headers: { get: (n: string) => (n === "retry-after" ? retryAfter : undefined) } } });
}

interface RestErrorLike {
  name?: string;
  message?: string;
  statusCode?: number;
  code?: string;
  response?: { headers?: { get(name: string): string | undefined } };
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

/** Turns an SDK/RestError into a CollectError whose message says what Resource Manager answered. */
export function classifyArmError(err: unknown, description: string, timeoutMs: number, runSignal?: AbortSignal): CollectError {
  if (err instanceof CollectError) return err;
  const e = err as RestErrorLike & { cause?: { code?: string } };
  const arm = e?.code && e.code !== e.name ? `${e.code}: ` : "";
  let text = (e?.message ?? String(err)).split("\n")[0]!.slice(0, 400);
  // The paging helpers drop ARM's message and keep only its code.
  if (/^Pagination failed with unexpected statusCode/.test(text)) text = `Resource Manager answered ${e.statusCode}${e.code ? ` ${e.code}` : ""}`;
  if (typeof e?.statusCode === "number") {
    switch (e.statusCode) {
      case 401:
        return new CollectError("unauthorized", `${description} was rejected as unauthenticated (401): ${arm}${text}`, 401);
      case 403:
        return new CollectError(
          "forbidden",
          `${description} is forbidden for this identity (403 ${e.code ?? "Forbidden"}): ${text}. Reading clusters needs the Reader role (Microsoft.ContainerService/managedClusters/read) on the subscription or resource group.`,
          403,
        );
      case 404:
        return new CollectError("not-found", `${description} found nothing (404 ${e.code ?? "NotFound"}): ${text}`, 404);
      case 429: {
        const after = e.response?.headers?.get("retry-after");
        return new CollectError("error", `${description}: Resource Manager is throttling requests (429)${after ? `; it asked to retry after ${after} s` : ""}. Try again later.`, 429);
      }
      default:
        return new CollectError("error", `${description} failed with HTTP ${e.statusCode}: ${arm}${text}`, e.statusCode);
    }
  }
  if (e?.name === "AbortError" || e?.name === "TimeoutError") {
    if (runSignal?.aborted) return new CollectError("timeout", `${description}: the run's time budget ran out`);
    return new CollectError("timeout", `${description} got no answer within ${timeoutMs} ms`);
  }
  // Credential failures (wrong secret, no managed identity) surface here with their own explanation.
  if (e?.name === "CredentialUnavailableError" || e?.name === "AuthenticationError" || e?.name === "AggregateAuthenticationError" || e?.name === "AuthenticationRequiredError") {
    return new CollectError("unauthorized", `${description}: the Azure identity could not get a token: ${text}`);
  }
  const net = e?.code ?? e?.cause?.code;
  if (net && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED)/.test(net)) {
    return new CollectError("unreachable", `${description}: Resource Manager is unreachable (${net}): ${text}`);
  }
  return new CollectError("error", `${description} failed: ${text}`);
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
