// Bad input and bad networks get a classified, explained failure, never a hang or a crash.
import { connect, createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminKubeconfig, testCollectContext } from "@/test/cluster/testing";
import { CollectError } from "@/lib/engine/errors";
import { checkCluster } from "@/lib/runs/compose";
import { isManual } from "@/lib/engine/check";
import { CHECKS } from "@/lib/checks/registry";
import { createKubeClient } from "./client";
import { resolveKubeconfig } from "./kubeconfig";

function withServer(server: string) {
  return adminKubeconfig().replace(/server: https:\/\/127\.0\.0\.1:\d+/, `server: ${server}`);
}

async function versionError(kubeconfigText: string, timeoutMs = 500): Promise<CollectError> {
  const client = createKubeClient(resolveKubeconfig(kubeconfigText), { timeoutMs });
  const ctx = testCollectContext(client);
  const err = await client.request(ctx, "GET /version", () => client.api.version.getCode()).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CollectError);
  return err as CollectError;
}

let hanging: Server;
let resetting: Server;
let resettingPort = 0;
const sockets: import("node:net").Socket[] = [];
let hangingPort = 0;
let closedPort = 0;

beforeAll(async () => {
  // Accepts TCP connections and never answers: the TLS handshake would wait forever without a timeout.
  hanging = createServer((socket) => {
    sockets.push(socket);
  });
  await new Promise<void>((r) => hanging.listen(0, "127.0.0.1", r));
  hangingPort = (hanging.address() as { port: number }).port;
  // Accepts TCP connections and drops each one after 300 ms, without a word of TLS.
  resetting = createServer((socket) => {
    sockets.push(socket);
    setTimeout(() => socket.destroy(), 300);
  });
  await new Promise<void>((r) => resetting.listen(0, "127.0.0.1", r));
  resettingPort = (resetting.address() as { port: number }).port;
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
});
afterAll(() => {
  for (const s of sockets) s.destroy();
  hanging.close();
  resetting.close();
});

describe("Kubernetes client failures", () => {
  it("a revoked token is 'unauthorized'", async () => {
    const err = await versionError(adminKubeconfig().replace(/token: \S+/, "token: revoked-token"));
    expect(err.kind).toBe("unauthorized");
    expect(err.message).toMatch(/GET \/version was rejected as unauthenticated \(401\)/);
  });

  it("a closed port is 'unreachable' and says nothing listens", async () => {
    const err = await versionError(withServer(`https://127.0.0.1:${closedPort}`));
    expect(err.kind).toBe("unreachable");
    expect(err.message).toMatch(/ECONNREFUSED/);
  });

  it("a server that never answers is a 'timeout' after the per-request timeout", async () => {
    const t = Date.now();
    const err = await versionError(withServer(`https://127.0.0.1:${hangingPort}`), 300);
    expect(err.kind).toBe("timeout");
    expect(err.message).toMatch(/no answer within 300 ms/);
    expect(Date.now() - t).toBeLessThan(3000);
  });

  it("a certificate from another CA fails TLS verification", async () => {
    const otherCa = Buffer.from(
      "-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIUZ3Yw\n-----END CERTIFICATE-----\n",
    ).toString("base64");
    const err = await versionError(adminKubeconfig().replace(/certificate-authority-data: \S+/, `certificate-authority-data: ${otherCa}`));
    expect(err.kind).toBe("unreachable");
    expect(err.message).toMatch(/TLS verification failed/);
  });

  it("a port fetch refuses (the Fetch standard's blocked ports) is 'unreachable' and says so", async () => {
    const err = await versionError(withServer("https://127.0.0.1:1"));
    expect(err.kind).toBe("unreachable");
    expect(err.message).toMatch(/fetch refuses to connect to this port/);
  });

  it("requests of one client reuse its keep-alive TLS connections", async () => {
    // A TCP relay in front of the real API server counts the connections the client opens.
    const upstream = new URL(resolveKubeconfig(adminKubeconfig()).cluster.server);
    let connections = 0;
    const relay = createServer((socket) => {
      connections++;
      const out = connect(Number(upstream.port), upstream.hostname);
      socket.pipe(out).pipe(socket);
      socket.on("error", () => out.destroy());
      out.on("error", () => socket.destroy());
    });
    await new Promise<void>((r) => relay.listen(0, "127.0.0.1", r));
    try {
      const client = createKubeClient(resolveKubeconfig(withServer(`https://127.0.0.1:${(relay.address() as { port: number }).port}`)));
      const ctx = testCollectContext(client);
      const version = () => client.request(ctx, "GET /version", () => client.api.version.getCode());
      await version();
      await version();
      const warm = connections;
      for (let i = 0; i < 8; i++) await version();
      // Without the shared dispatcher client-node opens a new connection (a new TLS handshake) per request.
      expect(connections).toBe(warm);
      expect(warm).toBeLessThanOrEqual(2);
    } finally {
      relay.close();
    }
  });

  it("a full run against a server that drops every connection fails fast: requests fail side by side, not one after another", async () => {
    const t = Date.now();
    const { report } = await checkCluster({ kubeconfig: withServer(`https://127.0.0.1:${resettingPort}`), budgetMs: 30_000 });
    // About 60 requests, 8 at a time, each dropped after 300 ms: a few seconds. One at a time: the whole budget.
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(report.checks.find((c) => c.id === "k8s.api-server-reachable")?.status).toBe("fail");
  });

  it("a full run against a server that never answers ends within its budget, failing reachability and leaving the rest unknown", async () => {
    const t = Date.now();
    const { report } = await checkCluster({ kubeconfig: withServer(`https://127.0.0.1:${hangingPort}`), kube: { timeoutMs: 400 }, budgetMs: 3000 });
    expect(Date.now() - t).toBeLessThan(6000);
    expect(report.checks.find((c) => c.id === "k8s.api-server-reachable")?.status).toBe("fail");
    // Checks that read no cluster fact (e.g. net.proxy-alignment reads the environment) can still decide.
    const readsCluster = (id: string) => CHECKS.some((c) => c.id === id && !isManual(c) && c.needs.some((f) => f.startsWith("k8s.")));
    const automated = report.checks.filter((c) => c.status !== "manual" && c.status !== "not-applicable" && c.id !== "k8s.api-server-reachable" && readsCluster(c.id));
    expect(automated.length).toBeGreaterThan(0);
    for (const c of automated) expect(c.status, c.id).toBe("unknown");
    expect(report.verdict).toBe("not-ready");
  });
});
