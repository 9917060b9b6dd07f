// AKS access without kubelogin: the real SDK client fetches the user kubeconfig from the Azure test server, the real
// ClientSecretCredential gets a token for the AKS server application, and the REAL test API server accepts it.
import childProcess, { execFileSync as namedExecFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKubeClient } from "@/lib/collect/kubernetes/client";
import { AKS_SERVER_ID, type AzureTestServer, clientSecretInput, startAzureTestServer } from "@/test/azure/server";
import { AksAccessError, resolveAksKubeconfig } from "./aks-access";
import { createArmClients } from "./arm";
import { parseAzureConnectionInput, type AzureConnection } from "./connection";
import { createAzureCredential } from "./credentials";

const SUB = "3f1c9a52-7d4e-4b8a-9c61-2e5d8f0a7b13";
let az: AzureTestServer;
let conn: AzureConnection;
let dir: string;
let marker: string;
const spawned: string[] = [];
const restore: (() => void)[] = [];
const ctx = () => ({ signal: AbortSignal.timeout(30_000), noteRequest: () => undefined });
const ref = (name: string) => ({ subscriptionId: SUB, resourceGroup: "rg-aks", name });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dtready-aks-exec-"));
  marker = join(dir, "kubelogin-ran");
  // The exec plugin in the returned kubeconfig: if anything ever ran it, this file would appear.
  const script = join(dir, "kubelogin");
  writeFileSync(script, `#!/bin/sh\ntouch '${marker}'\necho '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"from-exec"}}'\n`);
  chmodSync(script, 0o755);
  az = await startAzureTestServer({
    scenario: { execCommand: script },
    fleet: [
      {
        subscriptionId: SUB,
        displayName: "AKS access",
        clusters: [
          { resourceGroup: "rg-aks", name: "entra" },
          { resourceGroup: "rg-aks", name: "local", access: "local" },
          { resourceGroup: "rg-aks", name: "nolocal", access: "local-accounts-disabled" },
        ],
      },
    ],
  });
  conn = parseAzureConnectionInput(clientSecretInput(az));
  // Every way Node can start a process, spied from here on (after the server made its certificates with openssl).
  const cp = childProcess as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const fn of ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"]) {
    const original = cp[fn]!;
    cp[fn] = (...args: unknown[]) => {
      spawned.push(`${fn} ${String(args[0])}`);
      return original(...args);
    };
    restore.push(() => (cp[fn] = original));
  }
  syncBuiltinESMExports();
  // The spy sees calls through named imports too (what library code uses), or this test would prove nothing.
  namedExecFileSync("true");
  if (spawned.join() !== "execFileSync true") throw new Error(`child_process spy is not effective: ${spawned.join()}`);
  spawned.length = 0;
});

afterAll(async () => {
  for (const r of restore) r();
  syncBuiltinESMExports();
  await az?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("resolveAksKubeconfig", () => {
  it("Entra cluster: a token for the AKS server application is accepted by the real API server; kubelogin never runs", async () => {
    az.setScenario({ execCommand: join(dir, "kubelogin") });
    const credential = createAzureCredential(conn);
    const access = await resolveAksKubeconfig(createArmClients(conn, credential), credential, ref("entra"), ctx());
    expect(access.auth).toBe("entra");
    expect(access.serverId).toBe(AKS_SERVER_ID);
    expect(access.resolved.user.token).toBeTruthy();
    expect(access.resolved.user).not.toHaveProperty("exec");

    const k = createKubeClient(access.resolved);
    const version = await k.api.version.getCode();
    expect(version.gitVersion).toBe("v1.36.3");
    const review = await k.api.authz.createSelfSubjectAccessReview({
      body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { verb: "list", resource: "nodes" } } },
    });
    expect(review.status?.allowed).toBe(true);

    // The token was asked for exactly `${serverId}/.default`, and the credential asked the ARM scope for Resource Manager.
    const scopes = az.requests.filter((r) => r.scope).map((r) => r.scope);
    expect(scopes).toContain(`${AKS_SERVER_ID}/.default`);
    expect(scopes).toContain(`${az.armEndpoint}/.default`);
    // listClusterUserCredential was asked for the exec format.
    expect(az.requests.some((r) => r.method === "POST" && r.path.endsWith("/managedClusters/entra/listClusterUserCredential"))).toBe(true);

    expect(existsSync(marker)).toBe(false);
    expect(spawned).toEqual([]);
  });

  it("the restricted identity's token is what the API server sees: it may not create namespaces", async () => {
    az.setScenario({ execCommand: join(dir, "kubelogin"), aksIdentity: "restricted" });
    const credential = createAzureCredential(conn);
    const access = await resolveAksKubeconfig(createArmClients(conn, credential), credential, ref("entra"), ctx());
    const k = createKubeClient(access.resolved);
    const review = await k.api.authz.createSelfSubjectAccessReview({
      body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { verb: "create", resource: "namespaces" } } },
    });
    expect(review.status?.allowed).toBe(false);
    expect(spawned).toEqual([]);
  });

  it("refreshes the token when it expires within 5 minutes, and keeps it otherwise", async () => {
    az.setScenario({ execCommand: join(dir, "kubelogin"), tokenExpiresInSeconds: 120 });
    const credential = createAzureCredential(conn);
    const aksTokenRequests = () => az.requests.filter((r) => r.scope === `${AKS_SERVER_ID}/.default`).length;
    const access = await resolveAksKubeconfig(createArmClients(conn, credential), credential, ref("entra"), ctx());
    expect(access.expiresOn! - Date.now()).toBeLessThan(5 * 60_000);
    const before = aksTokenRequests();
    const refreshed = await access.refresh();
    expect(aksTokenRequests()).toBe(before + 1);
    expect(refreshed).not.toBe(access);
    expect((await createKubeClient(refreshed.resolved).api.version.getCode()).gitVersion).toBe("v1.36.3");

    az.setScenario({ execCommand: join(dir, "kubelogin"), tokenExpiresInSeconds: 3599 });
    const fresh = await resolveAksKubeconfig(createArmClients(conn, credential), credential, ref("entra"), ctx());
    expect(await fresh.refresh()).toBe(fresh);
    expect(spawned).toEqual([]);
  });

  it("local account cluster: the user kubeconfig is used as is", async () => {
    az.setScenario({});
    const credential = createAzureCredential(conn);
    const access = await resolveAksKubeconfig(createArmClients(conn, credential), credential, ref("local"), ctx());
    expect(access.auth).toBe("local");
    expect((await createKubeClient(access.resolved).api.version.getCode()).gitVersion).toBe("v1.36.3");
  });

  it("local accounts disabled without Entra: a finding saying what to do, not a crash", async () => {
    az.setScenario({});
    const credential = createAzureCredential(conn);
    const err = await resolveAksKubeconfig(createArmClients(conn, credential), credential, ref("nolocal"), ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AksAccessError);
    const f = (err as AksAccessError).finding;
    expect(f.code).toBe("local-accounts-disabled");
    expect(f.message).toContain("local accounts disabled");
    expect(f.message).toContain("az aks update -g rg-aks -n nolocal --enable-aad");
  });

  it("no permission for listClusterUserCredential: the finding names the role to assign", async () => {
    az.setScenario({ failures: [{ operation: "credentials", status: 403 }] });
    const credential = createAzureCredential(conn);
    const err = await resolveAksKubeconfig(createArmClients(conn, credential), credential, ref("entra"), ctx()).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "forbidden", system: "Azure Resource Manager", finding: { code: "no-credential-permission" } });
    expect((err as Error).message).toContain("'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action'");
    const remedy = (err as { remedy?: string }).remedy!;
    expect(remedy).toContain('"Azure Kubernetes Service Cluster User Role"');
    expect(remedy).toContain("--scope /subscriptions/3f1c9a52-7d4e-4b8a-9c61-2e5d8f0a7b13/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/entra");
  });

  it("a token the identity cannot get is a finding naming the server application", async () => {
    az.setScenario({ execCommand: join(dir, "kubelogin") });
    const credential = createAzureCredential(conn);
    const arm = createArmClients(conn, credential);
    // Resource Manager works (the ARM token is cached), then Entra refuses the AKS token.
    const failing = {
      getToken: (scopes: string | string[], o?: object) =>
        (Array.isArray(scopes) ? scopes[0] : scopes)!.startsWith(AKS_SERVER_ID) ? Promise.reject(new Error("AADSTS65001: consent required")) : credential.getToken(scopes, o),
    };
    const err = await resolveAksKubeconfig(arm, failing, ref("entra"), ctx()).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "unauthorized", system: "Microsoft Entra ID", finding: { code: "token-failed" } });
    expect((err as Error).message).toContain(AKS_SERVER_ID);
    expect((err as { remedy?: string }).remedy).toContain("consent");
    expect(existsSync(marker)).toBe(false);
    expect(spawned).toEqual([]);
  });
});
