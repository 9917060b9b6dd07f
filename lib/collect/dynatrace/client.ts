// The one way collectors talk to a Dynatrace tenant: authenticated like the operator (Api-Token header), through
// the tenant's proxy and CA bundle, behind a concurrency limit and a per-request timeout. HTTP errors are returned
// (checks judge 401/403/404); network failures are thrown as CollectError naming the layer.
import type { CollectContext } from "@/lib/engine/collector";
import { CollectError } from "@/lib/engine/errors";
import { createLimiter } from "@/lib/engine/limit";
import { httpsRequest, type HttpsResponse } from "@/lib/collect/network/https";
import type { TenantConnection } from "./tenant";

export interface DynatraceClientOptions {
  /** Per-request timeout. */
  timeoutMs?: number;
  concurrency?: number;
  /** Longest Retry-After honoured for one retry of a 429. */
  maxRetryWaitMs?: number;
}

/** The Dynatrace error envelope {"error":{"code","message"}} (core/error.go also accepts an array of them). */
export interface DynatraceApiError {
  code: number;
  message: string;
}

export interface DynatraceCall {
  method?: "GET" | "POST";
  /** Relative to apiUrl, e.g. "/v2/apiTokens/lookup". */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  accept?: string;
  /** Which token authenticates the call: the operator token (default, as the operator does) or the data-ingest token. */
  token?: "operator" | "ingest";
}

export interface DynatraceAnswer<T> {
  status: number;
  /** The parsed JSON body of a 2xx answer. */
  body: T | undefined;
  error?: DynatraceApiError;
  retryAfterSeconds?: number;
}

export interface DynatraceClient {
  readonly apiUrl: string;
  readonly hasIngestToken: boolean;
  /** The per-request timeout, for probes made beside the client (reachability). */
  readonly timeoutMs: number;
  call<T>(ctx: Pick<CollectContext, "signal" | "noteRequest">, description: string, call: DynatraceCall): Promise<DynatraceAnswer<T>>;
}

declare module "@/lib/engine/collector" {
  interface CollectClients {
    dynatrace?: DynatraceClient;
    /** Secret: only for collectors that must send or compare token values. Never put it in a fact. */
    tenant?: TenantConnection;
  }
}

const USER_AGENT = "dtready (Dynatrace Operator readiness check)";

export function createDynatraceClient(tenant: TenantConnection, options: DynatraceClientOptions = {}): DynatraceClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRetryWaitMs = options.maxRetryWaitMs ?? 10_000;
  const limit = createLimiter(options.concurrency ?? 4);

  const once = (ctx: Pick<CollectContext, "signal">, c: DynatraceCall): Promise<HttpsResponse> => {
    const url = new URL(tenant.apiUrl + c.path);
    for (const [k, v] of Object.entries(c.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const token = c.token === "ingest" ? tenant.ingestToken : tenant.operatorToken;
    if (!token) throw new CollectError("error", "the tenant connection has no data-ingest token to authenticate with");
    // The operator sends platform tokens (dt0s16…) in the same Api-Token header as classic ones (pkg/clients/dynatrace/core/client.go).
    const headers: Record<string, string> = {
      Authorization: `Api-Token ${token}`,
      Accept: c.accept ?? "application/json",
      "User-Agent": USER_AGENT,
    };
    let body: string | undefined;
    if (c.body !== undefined) {
      body = JSON.stringify(c.body);
      headers["Content-Type"] = "application/json";
    }
    return httpsRequest({
      url: url.toString(),
      method: c.method ?? "GET",
      headers,
      body,
      ca: tenant.caBundle,
      proxyUrl: tenant.proxyUrl,
      timeoutMs,
      signal: ctx.signal,
    });
  };

  return {
    apiUrl: tenant.apiUrl,
    hasIngestToken: Boolean(tenant.ingestToken),
    timeoutMs,
    call<T>(ctx: Pick<CollectContext, "signal" | "noteRequest">, description: string, c: DynatraceCall) {
      return limit(async () => {
        if (ctx.signal.aborted) throw new CollectError("timeout", `${description}: the run's time budget ran out`);
        ctx.noteRequest(description);
        let res = await once(ctx, c);
        let retryAfter = retryAfterSeconds(res);
        if (res.status === 429 && retryAfter !== undefined && retryAfter * 1000 <= maxRetryWaitMs) {
          await sleep(retryAfter * 1000, ctx.signal);
          ctx.noteRequest(`${description} (retry after 429)`);
          res = await once(ctx, c);
          retryAfter = retryAfterSeconds(res);
        }
        return toAnswer<T>(res, description, retryAfter);
      });
    },
  };
}

function retryAfterSeconds(res: HttpsResponse): number | undefined {
  if (res.status !== 429 && res.status !== 503) return undefined;
  const h = res.headers["retry-after"] as string | string[] | undefined;
  const v = Array.isArray(h) ? h[0] : h;
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new CollectError("timeout", "the run's time budget ran out"));
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new CollectError("timeout", "the run's time budget ran out while waiting to retry after 429"));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Parses the error envelope; the `code` in the body is what the operator trusts over the HTTP status. */
export function parseErrorEnvelope(text: string): DynatraceApiError | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  const first: unknown = Array.isArray(v) ? (v as unknown[])[0] : v;
  const e = (first as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (!e || typeof e !== "object") return undefined;
  return { code: typeof e.code === "number" ? e.code : 0, message: typeof e.message === "string" ? e.message.slice(0, 500) : "" };
}

function toAnswer<T>(res: HttpsResponse, description: string, retryAfter: number | undefined): DynatraceAnswer<T> {
  if (res.status >= 200 && res.status < 300) {
    if (!res.body.trim()) return { status: res.status, body: undefined };
    try {
      return { status: res.status, body: JSON.parse(res.body) as T };
    } catch {
      throw new CollectError("invalid", `${description}: HTTP ${res.status} with a body that is not JSON`, res.status);
    }
  }
  const envelope = parseErrorEnvelope(res.body);
  return {
    status: res.status,
    body: undefined,
    error: envelope ?? { code: res.status, message: res.body.trim().slice(0, 200) || `HTTP ${res.status}` },
    retryAfterSeconds: retryAfter,
  };
}
