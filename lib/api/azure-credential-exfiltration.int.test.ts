// Finding (issue 12, critical): a server file read and credential exfiltration through an Azure connection.
// A `workload-identity` connection took a user-supplied `tokenFilePath` and a `custom` cloud took any authority
// host, so the server read the file (e.g. /proc/self/environ with DTREADY_SECRET_KEY) and posted it as a client
// assertion to a host the user chose; ambient kinds with a custom cloud sent the server's own credentials there.
// Each test drives the real route and the real @azure/identity credential against the Entra/ARM test server,
// and proves no file content and no ambient credential ever reaches it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as connections from "@/app/api/azure/connections/route";
import * as discover from "@/app/api/azure/connections/[id]/discover/route";
import { loadAzureConnection } from "@/lib/cli/azure";
import { UsageError } from "@/lib/cli/usage-error";
import { closeDb, db } from "@/lib/db/client";
import { startAzureTestServer, type AzureTestServer } from "@/test/azure/server";

let dir: string;
let azure: AzureTestServer;
let canaryFile: string;
const CANARY = `canary-${Math.random().toString(36).slice(2)}-DTREADY_SECRET_KEY=`;
const saved = { ...process.env };

const post = (body?: unknown) =>
  new Request("http://127.0.0.1/api", {
    method: "POST",
    ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "dtready-azure-exfil-"));
  canaryFile = path.join(dir, "environ");
  writeFileSync(canaryFile, CANARY);
  process.env.DTREADY_DATA_DIR = dir;
  process.env.DTREADY_LOG = "off";
  delete process.env.DATABASE_URL;
  delete process.env.AZURE_FEDERATED_TOKEN_FILE;
  azure = await startAzureTestServer();
});

afterEach(() => {
  process.env.DTREADY_AZURE_CUSTOM_CLOUD_HOSTS = saved.DTREADY_AZURE_CUSTOM_CLOUD_HOSTS;
  if (saved.DTREADY_AZURE_CUSTOM_CLOUD_HOSTS === undefined) delete process.env.DTREADY_AZURE_CUSTOM_CLOUD_HOSTS;
});

afterAll(async () => {
  await azure?.close();
  await closeDb();
  process.env = { ...saved };
  rmSync(dir, { recursive: true, force: true });
});

const custom = () => ({ cloud: "custom", authorityHost: azure.authorityHost, armEndpoint: azure.armEndpoint, caPem: azure.caPem });
const rows = () => db().azureConnection.count();
/** Whatever reached the test authority: no request may carry the file's content. */
const sawCanary = () => azure.requests.some((r) => (r.assertion ?? "").includes(CANARY.slice(0, 20)));

async function refused(body: Record<string, unknown>, field: string, message: RegExp) {
  const before = await rows();
  const res = await connections.POST(post({ name: "attack", ...body }));
  expect(res.status).toBe(400);
  const answer = (await res.json()) as { error: string; field: string };
  expect(answer.field).toBe(field);
  expect(answer.error).toMatch(message);
  expect(answer.error).not.toContain(CANARY);
  expect(await rows()).toBe(before);
}

describe("finding: server file read and credential exfiltration through an Azure connection", () => {
  it("a tokenFilePath in the form is refused, naming the field, and nothing is stored or sent", async () => {
    process.env.DTREADY_AZURE_CUSTOM_CLOUD_HOSTS = "127.0.0.1";
    await refused(
      { kind: "workload-identity", tenantId: azure.tenantId, clientId: azure.clientId, tokenFilePath: canaryFile, ...custom() },
      "tokenFilePath",
      /AZURE_FEDERATED_TOKEN_FILE/,
    );
    // Also with a built-in cloud: the path is never taken from a user.
    await refused({ kind: "workload-identity", tenantId: azure.tenantId, clientId: azure.clientId, tokenFilePath: "/proc/self/environ" }, "tokenFilePath", /AZURE_FEDERATED_TOKEN_FILE/);
    expect(sawCanary()).toBe(false);
  });

  it("ambient credential kinds (workload identity, managed identity, default) are refused with a custom cloud", async () => {
    process.env.DTREADY_AZURE_CUSTOM_CLOUD_HOSTS = "127.0.0.1";
    process.env.AZURE_FEDERATED_TOKEN_FILE = canaryFile;
    try {
      for (const kind of ["workload-identity", "managed-identity", "default-prod"]) {
        await refused({ kind, tenantId: azure.tenantId, clientId: azure.clientId, ...custom() }, "cloud", /server's own|built-in cloud/);
      }
    } finally {
      delete process.env.AZURE_FEDERATED_TOKEN_FILE;
    }
    expect(azure.requests.filter((r) => r.clientAuth === "assertion" || r.clientAuth === "managed-identity")).toEqual([]);
  });

  it("a custom cloud whose hosts the server's configuration does not allow is refused", async () => {
    delete process.env.DTREADY_AZURE_CUSTOM_CLOUD_HOSTS;
    await refused({ kind: "client-secret", tenantId: azure.tenantId, clientId: azure.clientId, clientSecret: azure.clientSecret, ...custom() }, "authorityHost", /DTREADY_AZURE_CUSTOM_CLOUD_HOSTS/);
    process.env.DTREADY_AZURE_CUSTOM_CLOUD_HOSTS = "login.example.test, arm.example.test";
    await refused({ kind: "client-secret", tenantId: azure.tenantId, clientId: azure.clientId, clientSecret: azure.clientSecret, ...custom() }, "authorityHost", /not allowed/);
    // Allowed by host, and by exact host:port: accepted.
    process.env.DTREADY_AZURE_CUSTOM_CLOUD_HOSTS = `${new URL(azure.authorityHost).host},${new URL(azure.armEndpoint).host}`;
    const ok = await connections.POST(post({ name: "allowed", kind: "client-secret", tenantId: azure.tenantId, clientId: azure.clientId, clientSecret: azure.clientSecret, ...custom() }));
    expect(ok.status).toBe(201);
  });

  it("a connection stored before the fix (token file path, ambient kind on a custom cloud) never reads the file nor calls the host", async () => {
    process.env.DTREADY_AZURE_CUSTOM_CLOUD_HOSTS = "127.0.0.1";
    const legacy = await db().azureConnection.create({
      data: {
        name: "legacy",
        kind: "workload-identity",
        cloud: "custom",
        authorityHost: azure.authorityHost,
        armEndpoint: azure.armEndpoint,
        tenantId: azure.tenantId,
        clientId: azure.clientId,
        caPem: azure.caPem,
      },
    });
    // The stored row may also name a path through the legacy column: it is never read.
    await db().$executeRawUnsafe(`UPDATE "AzureConnection" SET "tokenFilePath" = ? WHERE "id" = ?`, canaryFile, legacy.id).catch(() => undefined);
    const from = azure.requests.length;
    const res = await discover.POST(post(), ctx(legacy.id));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toMatch(/legacy.*built-in cloud/s);
    expect(azure.requests.slice(from)).toEqual([]);
    expect(sawCanary()).toBe(false);
  });

  it("the CLI's connection file refuses tokenFilePath and ambient kinds on a custom cloud", () => {
    process.env.DTREADY_AZURE_CUSTOM_CLOUD_HOSTS = "127.0.0.1";
    const write = (name: string, body: Record<string, unknown>) => {
      const p = path.join(dir, name);
      writeFileSync(p, JSON.stringify(body));
      return p;
    };
    const message = (p: string) => {
      try {
        loadAzureConnection(p);
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
        return (err as Error).message;
      }
      throw new Error("expected a usage error");
    };
    const wi = write("wi.json", { kind: "workload-identity", tenantId: azure.tenantId, clientId: azure.clientId, tokenFilePath: canaryFile });
    expect(message(wi)).toMatch(/"tokenFilePath".*AZURE_FEDERATED_TOKEN_FILE/);
    const mi = write("mi.json", { kind: "managed-identity", ...custom() });
    expect(message(mi)).toMatch(/"cloud".*built-in cloud/);
  });
});
