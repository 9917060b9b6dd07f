// One HTTPS request, built layer by layer (DNS, TCP, proxy CONNECT, TLS, HTTP) so that a failure names the layer
// it happened in, and the TLS outcome (issuer, whether the custom CA was needed) is visible to the caller.
import { X509Certificate } from "node:crypto";
import { lookup } from "node:dns/promises";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { isIP, connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect, rootCertificates, type PeerCertificate, type TLSSocket } from "node:tls";
import { CollectError } from "@/lib/engine/errors";
import { raceSignal } from "@/lib/engine/abort";

export type NetworkLayer = "DNS" | "TCP" | "proxy" | "TLS" | "HTTP";

export interface TlsOutcome {
  /** Issuer of the server certificate, e.g. "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US". */
  issuer: string;
  subject: string;
  authorized: boolean;
  authorizationError?: string;
  /** The chain was verified by a certificate of the custom CA bundle (not by the system roots). */
  customCaUsed: boolean;
}

export interface LayerTiming {
  layer: NetworkLayer;
  ms: number;
  detail?: string;
}

export interface HttpsRequestOptions {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Extra PEM certificates, trusted in addition to the system roots. */
  ca?: string;
  /** http(s)://[user:pass@]host:port, reached with HTTP CONNECT. */
  proxyUrl?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Largest body read; longer bodies are cut (the callers only need small JSON documents). */
  maxBodyBytes?: number;
}

export interface HttpsResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  tls: TlsOutcome;
  via: "direct" | "proxy";
  /** Each layer passed, with its duration. */
  layers: LayerTiming[];
  /** The address connected to (the proxy's when via proxy). */
  address?: string;
}

/** A failure in one layer. `tls` is set when the handshake completed but the certificate was not trusted. */
export class NetworkError extends CollectError {
  constructor(
    kind: "unreachable" | "timeout",
    message: string,
    readonly layer: NetworkLayer,
    readonly layers: LayerTiming[],
    readonly tls?: TlsOutcome,
  ) {
    super(kind, message);
    this.name = "NetworkError";
  }
}

const DEFAULT_MAX_BODY = 4 * 1024 * 1024;

export async function httpsRequest(opts: HttpsRequestOptions): Promise<HttpsResponse> {
  const url = new URL(opts.url);
  if (url.protocol !== "https:") throw new CollectError("invalid", `only https:// URLs are requested, got ${url.protocol}`);
  const host = stripBrackets(url.hostname);
  const port = Number(url.port || 443);
  const signal = opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)]) : AbortSignal.timeout(opts.timeoutMs);
  const layers: LayerTiming[] = [];
  let current: NetworkLayer = "DNS";
  let tlsOutcome: TlsOutcome | undefined;
  const sockets: Socket[] = [];

  const step = async <T>(layer: NetworkLayer, run: () => Promise<T>, detail?: (v: T) => string | undefined): Promise<T> => {
    current = layer;
    const started = performance.now();
    const v = await raceSignal(run(), signal);
    layers.push({ layer, ms: Math.round(performance.now() - started), detail: detail?.(v) });
    return v;
  };

  try {
    let raw: Socket;
    let address: string;
    const proxy = opts.proxyUrl ? new URL(opts.proxyUrl) : undefined;
    if (proxy) {
      const proxyHost = stripBrackets(proxy.hostname);
      const proxyPort = Number(proxy.port || (proxy.protocol === "https:" ? 443 : 80));
      address = await step("proxy", () => resolve(proxyHost), (a) => `proxy ${proxyHost} resolved to ${a}`).catch((e) => {
        throw layerError("proxy", `the proxy host ${proxyHost} does not resolve (${codeOf(e)})`, e);
      });
      raw = await step("proxy", () => tcp(address, proxyPort, sockets), () => `connected to proxy ${address}:${proxyPort}`).catch((e) => {
        throw layerError("proxy", `cannot connect to the proxy at ${proxyHost}:${proxyPort} (${codeOf(e)})`, e);
      });
      if (proxy.protocol === "https:") {
        raw = await step("proxy", () => tlsUpgrade(raw, proxyHost, opts.ca, sockets).then((r) => r.socket), () => "TLS to the proxy").catch((e) => {
          throw layerError("proxy", `TLS to the proxy ${proxyHost} failed (${codeOf(e)})`, e);
        });
      }
      await step("proxy", () => connectTunnel(raw, host, port, proxy), () => `CONNECT ${host}:${port} accepted`).catch((e) => {
        throw layerError("proxy", (e as Error).message, e);
      });
    } else {
      address = await step("DNS", () => resolve(host), (a) => `${host} resolved to ${a}`).catch((e) => {
        throw layerError("DNS", `${host} does not resolve (${codeOf(e)})`, e);
      });
      raw = await step("TCP", () => tcp(address, port, sockets), () => `connected to ${address}:${port}`).catch((e) => {
        throw layerError("TCP", `cannot connect to ${address}:${port} (${codeOf(e)}${hint(codeOf(e))})`, e);
      });
    }

    const { socket, outcome } = await step("TLS", () => tlsUpgrade(raw, host, opts.ca, sockets), (r) => `issuer ${r.outcome.issuer}`).catch((e) => {
      throw layerError("TLS", `handshake with ${host} failed (${codeOf(e)})`, e);
    });
    tlsOutcome = outcome;
    if (!outcome.authorized) {
      throw new NetworkError(
        "unreachable",
        `TLS: the certificate presented for ${host} (issued by ${outcome.issuer}) is not trusted: ${outcome.authorizationError ?? "unknown reason"}` +
          (opts.ca ? " (also not by the custom CA bundle)" : ""),
        "TLS",
        layers,
        outcome,
      );
    }

    const res = await step("HTTP", () => http(socket, url, opts, signal), (r) => `HTTP ${r.status}`).catch((e) => {
      if (e instanceof NetworkError) throw e;
      throw layerError("HTTP", `${opts.method ?? "GET"} ${url.pathname} got no complete answer (${codeOf(e)})`, e);
    });
    return { ...res, tls: outcome, via: proxy ? "proxy" : "direct", layers, address };
  } catch (err) {
    if (signal.aborted && !(err instanceof NetworkError && err.kind === "unreachable")) {
      const budget = opts.signal?.aborted ? "the run's time budget ran out" : `timed out, no answer within ${opts.timeoutMs} ms`;
      throw new NetworkError("timeout", `${current}: ${budget}`, current, layers, tlsOutcome);
    }
    if (err instanceof NetworkError) throw err;
    throw layerError(current, (err as Error)?.message ?? String(err), err);
  } finally {
    // Outermost first: destroying a raw socket under a live TLS wrap crashes Node 20.
    for (const s of sockets.reverse()) s.destroy();
  }

  function layerError(layer: NetworkLayer, message: string, cause: unknown): NetworkError {
    if (cause instanceof NetworkError) return cause;
    if (signal.aborted) {
      const budget = opts.signal?.aborted ? "the run's time budget ran out" : `timed out, no answer within ${opts.timeoutMs} ms`;
      return new NetworkError("timeout", `${layer}: ${budget}`, layer, layers, tlsOutcome);
    }
    return new NetworkError("unreachable", `${layer}: ${message}`, layer, layers, tlsOutcome);
  }
}

function stripBrackets(h: string): string {
  return h.startsWith("[") && h.endsWith("]") ? h.slice(1, -1) : h;
}

function codeOf(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return err?.code ?? err?.message ?? String(e);
}

function hint(code: string): string {
  if (code === "ECONNREFUSED") return ": nothing listens there";
  if (code === "ECONNRESET") return ": the connection was reset";
  if (code === "ETIMEDOUT") return ": a firewall may drop the packets";
  return "";
}

async function resolve(host: string): Promise<string> {
  if (isIP(host)) return host;
  const { address } = await lookup(host);
  return address;
}


function tcp(address: string, port: number, sockets: Socket[]): Promise<Socket> {
  return new Promise((resolvePromise, reject) => {
    const s = netConnect({ host: address, port });
    sockets.push(s);
    s.once("connect", () => {
      s.removeListener("error", reject);
      // Later errors surface through the TLS socket or the request above it; without a listener they would crash.
      s.on("error", () => {});
      resolvePromise(s);
    });
    s.once("error", reject);
  });
}

function connectTunnel(socket: Socket, host: string, port: number, proxy: URL): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const authority = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
    const headers = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`];
    if (proxy.username || proxy.password) {
      const creds = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
      headers.push(`Proxy-Authorization: Basic ${Buffer.from(creds).toString("base64")}`);
    }
    let buf = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf("\r\n\r\n");
      if (end < 0) {
        if (buf.length > 16 * 1024) fail(new Error("the proxy's CONNECT answer is too long"));
        return;
      }
      cleanup();
      const statusLine = buf.subarray(0, buf.indexOf("\r\n")).toString("latin1");
      const m = /^HTTP\/1\.[01] (\d{3})(.*)$/.exec(statusLine);
      const status = m ? Number(m[1]) : 0;
      if (status === 200) {
        const rest = buf.subarray(end + 4);
        if (rest.length) socket.unshift(rest);
        resolvePromise();
        return;
      }
      const why =
        status === 407
          ? "the proxy requires authentication (407); put the credentials in the proxy URL"
          : status
            ? `the proxy refused CONNECT ${authority} with ${status}${m?.[2] ?? ""}`
            : `the proxy answered CONNECT with "${statusLine.slice(0, 80)}"`;
      reject(new Error(why));
    };
    const onError = (e: Error) => fail(e);
    const onClose = () => fail(new Error("the proxy closed the connection during CONNECT"));
    const cleanup = () => {
      socket.removeListener("data", onData);
      socket.removeListener("error", onError);
      socket.removeListener("close", onClose);
    };
    const fail = (e: Error) => {
      cleanup();
      reject(new Error(`CONNECT ${authority} failed: ${e.message}`));
    };
    socket.on("data", onData);
    socket.once("error", onError);
    socket.once("close", onClose);
    socket.write(headers.join("\r\n") + "\r\n\r\n");
  });
}

function splitPem(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function describeName(name: PeerCertificate["issuer"] | undefined): string {
  if (!name) return "(none)";
  const parts: string[] = [];
  for (const key of ["CN", "OU", "O", "C"] as const) {
    const v = (name as unknown as Record<string, string | string[] | undefined>)[key];
    if (v) parts.push(`${key}=${Array.isArray(v) ? v.join("+") : v}`);
  }
  return parts.join(", ") || "(empty)";
}

/** Did a certificate of the custom bundle sign any certificate of the presented chain? */
function verifiedByCustomCa(peer: PeerCertificate, customPems: string[]): boolean {
  if (customPems.length === 0) return false;
  const custom = customPems.flatMap((p) => {
    try {
      return [new X509Certificate(p)];
    } catch {
      return [];
    }
  });
  const seen = new Set<string>();
  let cert: (PeerCertificate & { issuerCertificate?: PeerCertificate }) | undefined = peer;
  while (cert?.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    const x = new X509Certificate(cert.raw);
    for (const ca of custom) {
      if (ca.fingerprint256 === x.fingerprint256) return true;
      if (x.checkIssued(ca) && x.verify(ca.publicKey)) return true;
    }
    cert = cert.issuerCertificate;
  }
  return false;
}

function tlsUpgrade(raw: Socket, host: string, extraCa: string | undefined, sockets: Socket[]): Promise<{ socket: TLSSocket; outcome: TlsOutcome }> {
  const customPems = extraCa ? splitPem(extraCa) : [];
  return new Promise((resolvePromise, reject) => {
    const socket = tlsConnect({
      socket: raw,
      host,
      servername: isIP(host) ? undefined : host,
      ca: customPems.length ? [...rootCertificates, ...customPems] : undefined,
      // Verification is judged below, so the caller learns the issuer of an untrusted certificate too.
      rejectUnauthorized: false,
      ALPNProtocols: ["http/1.1"],
    });
    sockets.push(socket);
    socket.once("secureConnect", () => {
      socket.removeListener("error", reject);
      socket.on("error", () => {}); // the HTTP request reports errors from here on
      const peer = socket.getPeerCertificate(true);
      const authorizationError = socket.authorizationError ? String(socket.authorizationError) : undefined;
      resolvePromise({
        socket,
        outcome: {
          issuer: describeName(peer?.issuer),
          subject: describeName(peer?.subject),
          authorized: socket.authorized,
          authorizationError,
          customCaUsed: socket.authorized && verifiedByCustomCa(peer, customPems),
        },
      });
    });
    socket.once("error", reject);
  });
}

function http(
  socket: TLSSocket,
  url: URL,
  opts: HttpsRequestOptions,
  signal: AbortSignal,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  const max = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  return new Promise((resolvePromise, reject) => {
    const headers: Record<string, string> = { Host: url.host, Connection: "close", ...opts.headers };
    if (opts.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(opts.body));
    const req = httpRequest(
      {
        method: opts.method ?? "GET",
        path: url.pathname + url.search,
        headers,
        createConnection: () => socket,
        signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          if (size < max) chunks.push(c);
          size += c.length;
        });
        res.on("error", reject);
        res.on("end", () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8").slice(0, max) }));
      },
    );
    req.on("error", reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}
