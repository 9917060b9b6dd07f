// The one way collectors talk to a Kubernetes API server: client-node 2.x API clients behind a
// concurrency limit, a per-request timeout (client-node has none) and error classification.
import { AsyncLocalStorage } from "node:async_hooks";
import { Agent as HttpsAgent, request as httpsRequest, type AgentOptions, type RequestOptions } from "node:https";
import { createSecureContext } from "node:tls";
import {
  AdmissionregistrationV1Api,
  ApiException,
  ApiextensionsV1Api,
  AppsV1Api,
  AuthenticationV1Api,
  AuthorizationV1Api,
  bufferFromFileOrString,
  CoreV1Api,
  createConfiguration,
  IsomorphicFetchHttpLibrary,
  KubeConfig,
  SchedulingV1Api,
  ServerConfiguration,
  StorageV1Api,
  VersionApi,
  type ConfigurationOptions,
  type HttpLibrary,
  type RequestContext,
} from "@kubernetes/client-node";
import { Agent as UndiciAgent } from "undici";
import type { CollectContext } from "@/lib/engine/collector";
import { CollectError } from "@/lib/engine/errors";
import { createLimiter, type Limiter } from "@/lib/engine/limit";
import type { ResolvedKubeconfig } from "./kubeconfig";
import { PROTOBUF, statusToJson } from "./protobuf";

export interface KubeClientOptions {
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Requests in flight at once against this API server. */
  concurrency?: number;
}

export interface KubeClient {
  readonly server: string;
  readonly api: {
    core: CoreV1Api;
    apps: AppsV1Api;
    authn: AuthenticationV1Api;
    authz: AuthorizationV1Api;
    crd: ApiextensionsV1Api;
    admission: AdmissionregistrationV1Api;
    storage: StorageV1Api;
    scheduling: SchedulingV1Api;
    version: VersionApi;
  };
  /**
   * Runs one API request: waits for a slot, applies the timeout and the run's abort signal, records
   * `description` (e.g. "GET /api/v1/nodes") as the fact's source, and turns failures into CollectError.
   * The timeout is enforced by the HTTP layer, so it holds even when `options` is not passed on.
   */
  request<T>(ctx: Pick<CollectContext, "signal" | "noteRequest">, description: string, call: (options?: ConfigurationOptions) => Promise<T>): Promise<T>;
  /**
   * GET a path and parse the JSON as is, with the same slot, timeout and error classification as `request`.
   * For large lists: client-node's model deserializer doubles the cost of a 20,000-pod list. The result
   * keeps the API's own field names (`metadata.continue`, timestamps as strings).
   */
  getJson<T>(ctx: Pick<CollectContext, "signal" | "noteRequest">, description: string, path: string): Promise<T>;
  /**
   * GET a path and hand its body to `onChunk` as it arrives, with the same slot (held until the body ends), timeout
   * and error classification as `request`. For lists too large to hold (see paging.ts). An error answer is read
   * whole and thrown classified; one sent as protobuf is read as the Status it carries.
   */
  getStream(ctx: Pick<CollectContext, "signal" | "noteRequest">, description: string, path: string, body: StreamHandlers): Promise<void>;
}

export interface StreamHandlers {
  /** Accept header, e.g. "application/vnd.kubernetes.protobuf, application/json". */
  accept: string;
  /** The answer's Content-Type (before the first chunk): the server may pick another of the accepted types. */
  onResponse(contentType: string): void;
  /** Throwing here aborts the request and rejects with that error. */
  onChunk(chunk: Buffer): void;
  onEnd(): void;
}

declare module "@/lib/engine/collector" {
  interface CollectClients {
    kubernetes?: KubeClient;
  }
}

export function toKubeConfig(resolved: ResolvedKubeconfig): KubeConfig {
  const kc = new KubeConfig();
  // loadFromOptions with only the validated fields: exec/auth-provider users can never get through here.
  kc.loadFromOptions({
    clusters: [
      {
        name: resolved.cluster.name,
        server: resolved.cluster.server,
        caData: resolved.cluster.caData,
        skipTLSVerify: resolved.cluster.skipTLSVerify,
        tlsServerName: resolved.cluster.tlsServerName,
        proxyUrl: resolved.cluster.proxyUrl,
      },
    ],
    users: [
      {
        name: resolved.user.name,
        token: resolved.user.token,
        certData: resolved.user.certData,
        keyData: resolved.user.keyData,
      },
    ],
    contexts: [{ name: resolved.context, cluster: resolved.cluster.name, user: resolved.user.name }],
    currentContext: resolved.context,
  });
  return kc;
}

/** The abort signal of the request being made, carried through client-node's promise chain. */
const currentSignal = new AsyncLocalStorage<AbortSignal>();

/**
 * client-node has no request timeout. Every request of these clients goes through this HTTP library,
 * which attaches the caller's signal, or a default timeout for a call made outside `request`.
 */
class TimeoutHttpLibrary implements HttpLibrary {
  private readonly inner = new IsomorphicFetchHttpLibrary();
  constructor(
    private readonly defaultTimeoutMs: number,
    private readonly shared: UndiciAgent | undefined,
  ) {}
  send(ctx: RequestContext) {
    ctx.setSignal(currentSignal.getStore() ?? AbortSignal.timeout(this.defaultTimeoutMs));
    // client-node makes a new undici Agent (a new connection pool: a new TLS handshake) for every request;
    // keep one alive instead. Proxy dispatchers are left as client-node made them.
    if (this.shared && ctx.getDispatcher()?.constructor === UndiciAgent) ctx.setDispatcher(this.shared);
    return this.inner.send(ctx);
  }
}

/**
 * One keep-alive undici Agent per client, with the TLS options client-node itself maps from the kubeconfig.
 * HTTP/1.1 only: while HTTP/2 is possible, undici queues every request behind one connection's protocol
 * probe, so against a server that accepts and then drops connections the requests failed one after another
 * until the run's budget ran out, instead of side by side within seconds.
 */
function sharedDispatcher(kc: KubeConfig, resolved: ResolvedKubeconfig, connections: number): UndiciAgent | undefined {
  const tls: AgentOptions = {
    ca: bufferFromFileOrString(undefined, resolved.cluster.caData) ?? undefined,
    cert: bufferFromFileOrString(undefined, resolved.user.certData) ?? undefined,
    key: bufferFromFileOrString(undefined, resolved.user.keyData) ?? undefined,
    servername: resolved.cluster.tlsServerName,
    rejectUnauthorized: resolved.cluster.skipTLSVerify ? false : undefined,
  };
  const options = kc.createDispatcherOptions(kc.getCurrentCluster(), tls);
  return options.type === "agent" ? new UndiciAgent({ connect: options.connect, connections, allowH2: false }) : undefined;
}

/**
 * One keep-alive https.Agent per client for `getJson` and the list streams, built from the TLS options client-node
 * derived from the kubeconfig, with one TLS context for all its connections (Node would otherwise parse the CA and the
 * client key again for each socket).
 */
class AgentPool {
  private agent?: HttpsAgent;
  constructor(private readonly maxSockets: number) {}
  for(tls: AgentOptions): HttpsAgent {
    this.agent ??= new HttpsAgent({
      secureContext: createSecureContext({ ca: tls.ca, cert: tls.cert, key: tls.key, pfx: tls.pfx, passphrase: tls.passphrase }),
      servername: tls.servername,
      rejectUnauthorized: tls.rejectUnauthorized,
      keepAlive: true,
      maxSockets: this.maxSockets,
    });
    return this.agent;
  }
}

export function createKubeClient(resolved: ResolvedKubeconfig, options: KubeClientOptions = {}): KubeClient {
  const kc = toKubeConfig(resolved);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const concurrency = options.concurrency ?? 8;
  const limit: Limiter = createLimiter(concurrency);
  const agents = new AgentPool(concurrency);
  /** See connection(). */
  let base: Promise<RequestOptions> | undefined;
  // What kc.makeApiClient does, plus our HTTP library (makeApiClient offers no hook for it).
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(resolved.cluster.server, {}),
    authMethods: { default: kc },
    httpApi: new TimeoutHttpLibrary(timeoutMs, sharedDispatcher(kc, resolved, concurrency)),
  });
  return {
    server: resolved.cluster.server,
    api: {
      core: new CoreV1Api(configuration),
      apps: new AppsV1Api(configuration),
      authn: new AuthenticationV1Api(configuration),
      authz: new AuthorizationV1Api(configuration),
      crd: new ApiextensionsV1Api(configuration),
      admission: new AdmissionregistrationV1Api(configuration),
      storage: new StorageV1Api(configuration),
      scheduling: new SchedulingV1Api(configuration),
      version: new VersionApi(configuration),
    },
    request(ctx, description, call) {
      return limit(async () => {
        if (ctx.signal.aborted) throw new CollectError("timeout", `${description}: the run's time budget ran out`);
        ctx.noteRequest(description);
        const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]);
        try {
          return await currentSignal.run(signal, () => call());
        } catch (err) {
          throw classifyKubeError(err, description, timeoutMs, ctx.signal);
        }
      });
    },
    getJson<T>(ctx: Pick<CollectContext, "signal" | "noteRequest">, description: string, path: string) {
      return slot(ctx, description, async (signal) => {
        return JSON.parse(await httpsGet(new URL(path, resolved.cluster.server), await connection("application/json"), signal)) as T;
      });
    },
    getStream(ctx, description, path, handlers) {
      // A stream is a list too large to hold: the run's longest request, so it takes the next free slot. It may take
      // longer than the request timeout (450 MB for 100,000 pods on a slow link), so the run's budget bounds the whole
      // and a silence of three request timeouts ends it: a loaded API server took 1.5–2 s before the first byte of
      // 100,000 pods, and once more than 10 s (scripts/bench.ts, load average 9).
      const idleMs = 3 * timeoutMs;
      return slot(
        ctx,
        description,
        async () => {
          await httpsStream(new URL(path, resolved.cluster.server), await connection(handlers.accept), ctx.signal, handlers, {
            idleMs,
            onIdle: () => new CollectError("timeout", `${description}: the API server sent nothing for ${idleMs} ms`),
          });
        },
        { first: true },
      );
    },
  };

  /**
   * The same TLS material and credentials client-node would use, applied by client-node itself, on our keep-alive
   * agent. Worked out once per client: a kubeconfig that got here has static credentials (no exec or auth plugins).
   */
  async function connection(accept: string): Promise<RequestOptions> {
    const options = await (base ??= connectionOptions());
    return { ...options, headers: { ...options.headers, Accept: accept } };
  }
  async function connectionOptions(): Promise<RequestOptions> {
    const options: RequestOptions = { headers: {} };
    await kc.applyToHTTPSOptions(options);
    const tls: AgentOptions = {
      ca: options.ca,
      cert: options.cert,
      key: options.key,
      servername: resolved.cluster.tlsServerName,
      rejectUnauthorized: resolved.cluster.skipTLSVerify ? false : undefined,
    };
    const agent = resolved.cluster.proxyUrl ? undefined : agents.for(tls);
    return { headers: options.headers, agent, ...(agent ? {} : tls) };
  }

  /** A slot, the run's signal and the request timeout around one raw request, its failures classified. */
  function slot<T>(
    ctx: Pick<CollectContext, "signal" | "noteRequest">,
    description: string,
    call: (signal: AbortSignal) => Promise<T>,
    opts: { first?: boolean } = {},
  ): Promise<T> {
    return limit(async () => {
      if (ctx.signal.aborted) throw new CollectError("timeout", `${description}: the run's time budget ran out`);
      ctx.noteRequest(description);
      const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]);
      try {
        return await call(signal);
      } catch (err) {
        throw classifyKubeError(err, description, timeoutMs, ctx.signal);
      }
    }, opts);
  }
}

function httpsStream(
  url: URL,
  options: RequestOptions,
  signal: AbortSignal,
  handlers: StreamHandlers,
  idle: { idleMs: number; onIdle: () => Error },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ...options, method: "GET", signal }, (res) => {
      const status = res.statusCode ?? 0;
      const contentType = String(res.headers["content-type"] ?? "");
      if (status < 200 || status >= 300) {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const raw = Buffer.concat(chunks);
          const body = (contentType.startsWith(PROTOBUF) && statusToJson(raw)) || raw.toString("utf8");
          reject(new ApiException(status, `HTTP-Code: ${status}`, body, res.headers as Record<string, string>));
        });
        return;
      }
      try {
        handlers.onResponse(contentType);
      } catch (err) {
        req.destroy();
        reject(asError(err));
        return;
      }
      res.on("data", (c: Buffer) => {
        try {
          handlers.onChunk(c);
        } catch (err) {
          req.destroy();
          reject(asError(err));
        }
      });
      res.on("error", reject);
      res.on("end", () => {
        try {
          handlers.onEnd();
          resolve();
        } catch (err) {
          reject(asError(err));
        }
      });
    });
    // The socket's idle timer restarts with every byte, in either direction.
    req.setTimeout(idle.idleMs, () => req.destroy(idle.onIdle()));
    req.on("error", reject);
    req.end();
  });
}

function httpsGet(url: URL, options: RequestOptions, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ...options, method: "GET", signal }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(body);
        else reject(new ApiException(status, `HTTP-Code: ${status}`, body, res.headers as Record<string, string>));
      });
    });
    req.on("error", reject);
    req.end();
  });
}

/** Status body of a failed Kubernetes API request (kind: Status). */
export interface KubeStatus {
  reason?: string;
  message?: string;
  code?: number;
  /** Status.details: who answered is told apart by it (an RBAC denial of a create names no object). */
  details?: { name?: string; kind?: string; causes?: { reason?: string; message?: string; field?: string }[] };
}

export function statusOf(err: unknown): KubeStatus | undefined {
  if (!(err instanceof ApiException)) return undefined;
  const body: unknown = err.body;
  if (typeof body === "object" && body !== null) return body;
  if (typeof body === "string") {
    try {
      return JSON.parse(body) as KubeStatus;
    } catch {
      return { message: body.slice(0, 300) };
    }
  }
  return undefined;
}

export function classifyKubeError(err: unknown, description: string, timeoutMs: number, runSignal?: AbortSignal): CollectError {
  if (err instanceof CollectError) return err;
  if (err instanceof ApiException) {
    const status = statusOf(err);
    const msg = status?.message ? `: ${status.message}` : "";
    switch (err.code) {
      case 401:
        return new CollectError("unauthorized", `${description} was rejected as unauthenticated (401)${msg}`, 401);
      case 403:
        return new CollectError("forbidden", `${description} is forbidden for this identity (403)${msg}`, 403);
      case 404:
        return new CollectError("not-found", `${description} found nothing (404)${msg}`, 404);
      default:
        return new CollectError("error", `${description} failed with HTTP ${err.code}${msg}`, err.code);
    }
  }
  const e = err as { name?: string; code?: string; message?: string; type?: string };
  if (e?.name === "AbortError" || e?.type === "aborted" || e?.name === "TimeoutError") {
    if (runSignal?.aborted) return new CollectError("timeout", `${description}: the run's time budget ran out`);
    return new CollectError("timeout", `${description} got no answer within ${timeoutMs} ms`);
  }
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const code = e?.code ?? cause?.code;
  const net = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT"];
  if (code && net.includes(code)) return new CollectError("unreachable", `${description}: ${code} (${networkHint(code)})`);
  // undici's fetch (client-node 2.x) throws `TypeError: fetch failed` with the network or TLS error as its cause.
  const message = e?.message === "fetch failed" && cause?.message ? cause.message : (e?.message ?? String(err));
  if (message === "bad port") {
    return new CollectError("unreachable", `${description}: fetch refuses to connect to this port (a blocked port of the Fetch standard)`);
  }
  if (/certificate|self[- ]signed|unable to verify|CERT_|SSL|TLS/i.test(message) || /CERT|TLS|SSL/.test(code ?? "")) {
    return new CollectError("unreachable", `${description}: TLS verification failed (${code ?? message.split("\n")[0]})`);
  }
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|socket hang up/.test(message)) {
    return new CollectError("unreachable", `${description}: ${message.split("\n")[0]}`);
  }
  return new CollectError("error", `${description}: ${message.split("\n")[0]}`);
}

function networkHint(code: string): string {
  switch (code) {
    case "ECONNREFUSED":
      return "nothing listens at that address";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "the host name does not resolve";
    case "ECONNRESET":
      return "the connection was reset";
    case "ETIMEDOUT":
      return "the TCP connection timed out";
    default:
      return "the network path is blocked";
  }
}

/** What a stream handler threw, as the Error a rejection must carry. */
function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
