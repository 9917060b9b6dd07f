// The test cluster as the e2e sees it: its kubeconfigs (what a user would paste) and a slow path to it.
import { readFileSync } from "node:fs";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const dir = process.env.DTREADY_TEST_CLUSTER_DIR ?? fileURLToPath(new URL("../../.test-cluster", import.meta.url));

export function adminKubeconfig(): string {
  return readFileSync(join(dir, "admin.kubeconfig"), "utf8");
}

/** The bearer token inside a kubeconfig: what must never come back from the server. */
export function tokenOf(kubeconfig: string): string {
  const doc = parse(kubeconfig) as { users: { user: { token?: string } }[] };
  const token = doc.users[0]?.user.token;
  if (!token) throw new Error("the test kubeconfig has no token");
  return token;
}

export function contextOf(kubeconfig: string): string {
  return (parse(kubeconfig) as { "current-context": string })["current-context"];
}

/**
 * A TCP relay that holds every new connection for `delayMs` before passing it through (TLS stays end to
 * end). Pointing a kubeconfig at it makes a run last long enough to watch its progress in the browser.
 */
export async function slowRelay(kubeconfig: string, delayMs: number): Promise<{ kubeconfig: string; close: () => Promise<void> }> {
  const match = /server: https:\/\/127\.0\.0\.1:(\d+)/.exec(kubeconfig);
  if (!match) throw new Error("the test kubeconfig does not point at 127.0.0.1");
  const upstreamPort = Number(match[1]);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.pause();
    const timer = setTimeout(() => {
      const upstream = createConnection({ host: "127.0.0.1", port: upstreamPort }, () => {
        sockets.add(upstream);
        upstream.on("close", () => sockets.delete(upstream));
        client.pipe(upstream).pipe(client);
        client.resume();
      });
      upstream.on("error", () => client.destroy());
      client.on("error", () => upstream.destroy());
    }, delayMs);
    client.on("close", () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    kubeconfig: kubeconfig.replace(match[0], `server: https://127.0.0.1:${port}`),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy(); // keep-alive connections would hold close() open
      }),
  };
}
