// A real forwarding HTTP CONNECT proxy on 127.0.0.1 for tests. With `intercept: true` it terminates TLS itself
// with a certificate from its own CA (issuer "dtready test intercepting proxy") and re-encrypts to the target,
// like a corporate TLS-inspecting proxy.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { isIP, connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect, createServer as createTlsServer } from "node:tls";
import { makeTestCertificates } from "./certs";

export const INTERCEPTING_PROXY_CA_NAME = "dtready test intercepting proxy";

export interface ProxyConnection {
  /** host:port asked for in CONNECT. */
  target: string;
  /** Value of Proxy-Authorization, decoded user name only. */
  user?: string;
  at: number;
}

export interface ConnectProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Only with intercept: the proxy's CA (what a company would distribute to trust the proxy). */
  caPem?: string;
  connections: ProxyConnection[];
  close(): Promise<void>;
}

export interface ConnectProxyOptions {
  intercept?: boolean;
  /** "user:password" the proxy demands (407 otherwise). */
  credentials?: string;
}

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const certs = options.intercept ? makeTestCertificates(INTERCEPTING_PROXY_CA_NAME) : undefined;
  const sockets = new Set<Socket>();
  const closers: (() => Promise<void>)[] = [];
  const connections: ProxyConnection[] = [];
  const server: Server = createServer((_req, res) => {
    res.writeHead(405, { "Content-Type": "text/plain" });
    res.end("this test proxy only supports CONNECT\n");
  });
  const track = (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("error", () => s.destroy());
  };
  server.on("connection", track);
  const hopTargets = new Map<number, { host: string; port: number }>();
  let interceptorPort = 0;
  if (certs) {
    const interceptor = createTlsServer({ cert: certs.certPem + certs.caPem, key: certs.keyPem, ALPNProtocols: ["http/1.1"] }, (inner) => {
      track(inner);
      const target = hopTargets.get(inner.remotePort!);
      if (!target) return inner.destroy();
      const outer = tlsConnect({ host: target.host, port: target.port, rejectUnauthorized: false, servername: isIP(target.host) ? undefined : target.host });
      track(outer);
      inner.pipe(outer);
      outer.pipe(inner);
    });
    interceptor.on("connection", track);
    await new Promise<void>((resolve) => interceptor.listen(0, "127.0.0.1", resolve));
    interceptorPort = (interceptor.address() as { port: number }).port;
    closers.push(() => new Promise<void>((resolve) => interceptor.close(() => resolve())));
  }
  server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? "";
    const auth = req.headers["proxy-authorization"];
    const decoded = typeof auth === "string" && auth.startsWith("Basic ") ? Buffer.from(auth.slice(6), "base64").toString() : undefined;
    connections.push({ target, user: decoded?.split(":")[0], at: Date.now() });
    if (options.credentials && decoded !== options.credentials) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target);
    if (!m) {
      client.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    const [, host, port] = m as unknown as [string, string, string];
    const upstream = netConnect({ host, port: Number(port) });
    track(upstream);
    upstream.once("error", () => {
      if (client.writable) client.end("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n");
    });
    upstream.once("connect", () => {
      if (!certs) {
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        if (head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
        return;
      }
      // Intercepting: the client's bytes go to an internal TLS server that presents our own certificate; it
      // opens its own TLS connection to the target (without verification) and relays the plaintext.
      upstream.destroy();
      const hop = netConnect({ host: "127.0.0.1", port: interceptorPort });
      track(hop);
      hop.once("connect", () => {
        hopTargets.set(hop.localPort!, { host, port: Number(port) });
        client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        if (head.length) hop.write(head);
        hop.pipe(client);
        client.pipe(hop);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("proxy has no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    caPem: certs?.caPem,
    connections,
    close() {
      for (const s of sockets) s.destroy();
      return Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), ...closers.map((c) => c())]).then(() => undefined);
    },
  };
}
