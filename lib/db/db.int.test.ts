// The data layer against a real SQLite file in a temporary data directory, migrated by ensureDatabase.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveKubeconfig } from "@/lib/collect/kubernetes/kubeconfig";
import { parsePlan } from "@/lib/engine/plan";
import { adminKubeconfig } from "@/test/cluster/testing";
import { closeDb, db } from "./client";
import { createCluster, deleteCluster, getCluster, getClusterKubeconfig, listClustersWithLatestRun } from "./clusters";
import { DataError } from "./errors";
import { ensureDatabase, readMigrations } from "./migrate";
import { createRun, markInterruptedRuns } from "./run-writes";
import { getRun, listRuns } from "./run-reads";

let dir: string;
const saved = { ...process.env };

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "dtready-db-"));
  process.env.DTREADY_DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  delete process.env.DTREADY_SECRET_KEY;
});

afterAll(async () => {
  await closeDb();
  process.env = { ...saved };
  rmSync(dir, { recursive: true, force: true });
});

/** Every byte SQLite has written: the database, its write-ahead log and shared memory. */
function sqliteBytes(): Buffer {
  return Buffer.concat(
    readdirSync(dir)
      .filter((f) => f.startsWith("dtready.db"))
      .map((f) => readFileSync(path.join(dir, f))),
  );
}

const MALFORMED = "apiVersion: v1\nclusters:\n  - name: a\n    cluster: {server: https://x\n";

const EXEC_KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{name: aks, cluster: {server: "https://aks.example.com"}}]
users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: kubelogin}}}]
contexts: [{name: aks, context: {cluster: aks, user: u}}]
current-context: aks
`;

describe("ensureDatabase", () => {
  it("creates the database in the data directory and records migrations as Prisma does", () => {
    const first = ensureDatabase();
    expect(first.file).toBe(path.join(dir, "dtready.db"));
    const migrations = readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    const sqlite = new Database(first.file, { readonly: true });
    const rows = sqlite.prepare(`SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name`).all();
    sqlite.close();
    expect(rows).toEqual(
      migrations.map((m) => ({ migration_name: m.name, checksum: m.checksum, finished_at: expect.any(String), applied_steps_count: 1 })),
    );
    expect(ensureDatabase().applied).toEqual([]);
  });

  it("refuses to start when an applied migration's file was edited", () => {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: "0".repeat(64) } : m));
    expect(() => ensureDatabase(undefined, edited)).toThrow(/has changed since/);
  });
});

describe("clusters", () => {
  it("stores the kubeconfig encrypted: its token is nowhere in the SQLite files", async () => {
    const kubeconfig = adminKubeconfig();
    const resolved = resolveKubeconfig(kubeconfig);
    const token = resolved.user.token!;
    expect(token.length).toBeGreaterThan(20);

    const { id } = await createCluster({ name: "aks-prod", kubeconfig, context: resolved.context });
    // Make sure what was written is on disk, in the WAL or the database.
    await db().$queryRawUnsafe("PRAGMA wal_checkpoint(PASSIVE)");

    const bytes = sqliteBytes();
    expect(bytes.includes(Buffer.from("aks-prod"))).toBe(true); // sanity: we are reading the right file
    expect(bytes.includes(Buffer.from(token))).toBe(false);
    expect(bytes.includes(Buffer.from(token.slice(0, 16)))).toBe(false);

    const cluster = await getCluster(id);
    expect(cluster).toMatchObject({ id, name: "aks-prod", context: resolved.context, server: resolved.cluster.server });
    expect(JSON.stringify(await listClustersWithLatestRun())).not.toContain(token);

    // Decrypted server-side, it is a working kubeconfig for that one context only.
    const stored = await getClusterKubeconfig(id);
    const again = resolveKubeconfig(stored.kubeconfig);
    expect(again.user.token).toBe(token);
    expect(again.context).toBe(resolved.context);
    expect(again.cluster.server).toBe(resolved.cluster.server);
  });

  it("stores nothing for a malformed kubeconfig or an exec plugin, and says why", async () => {
    const before = await db().cluster.count();
    const err = await createCluster({ name: "bad", kubeconfig: MALFORMED, context: "a" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).status).toBe(400);
    expect((err as Error).message).toMatch(/not valid YAML \(line \d+/);
    await expect(createCluster({ name: "aks", kubeconfig: EXEC_KUBECONFIG, context: "aks" })).rejects.toThrow(/exec credential plugin/);
    await expect(createCluster({ name: " ", kubeconfig: adminKubeconfig(), context: "x" })).rejects.toThrow(/name is empty/);
    expect(await db().cluster.count()).toBe(before);
  });

  it("deletes a cluster with its runs, and 404s for an unknown one", async () => {
    const kubeconfig = adminKubeconfig();
    const { id } = await createCluster({ name: "to-delete", kubeconfig, context: resolveKubeconfig(kubeconfig).context });
    const runId = await createRun({
      clusterId: id,
      plan: parsePlan({}),
      target: { kind: "kubeconfig", clusterId: id, name: "to-delete", context: "c", server: "https://x" },
    });
    await deleteCluster(id);
    expect(await getCluster(id)).toBeNull();
    expect(await getRun(runId)).toBeNull();
    await expect(deleteCluster(id)).rejects.toMatchObject({ status: 404 });
  });
});

describe("runs", () => {
  it("marks runs left running by a previous process as failed, with a message", async () => {
    const kubeconfig = adminKubeconfig();
    const { id } = await createCluster({ name: "restart", kubeconfig, context: resolveKubeconfig(kubeconfig).context });
    const runId = await createRun({
      clusterId: id,
      plan: parsePlan({ mode: "full-stack" }),
      target: { kind: "kubeconfig", clusterId: id, name: "restart", context: "c", server: "https://x" },
    });
    const running = await getRun(runId);
    expect(running).toMatchObject({ status: "running", verdict: null, checks: [], clusterName: "restart" });
    expect(running!.plan.mode).toBe("full-stack");

    expect(await markInterruptedRuns()).toBeGreaterThanOrEqual(1);
    const failed = await getRun(runId);
    expect(failed).toMatchObject({ status: "failed", error: expect.stringMatching(/interrupted by a server restart/) });
    expect(failed!.finishedAt).not.toBeNull();
    expect((await listRuns(id))[0]).toMatchObject({ id: runId, status: "failed", verdict: null });
  });

  it("keeps old runs readable when their plan would no longer validate (e.g. a retired operator release)", async () => {
    const kubeconfig = adminKubeconfig();
    const { id } = await createCluster({ name: "old-plan", kubeconfig, context: resolveKubeconfig(kubeconfig).context });
    const runId = await createRun({
      clusterId: id,
      plan: { ...parsePlan({}), operatorVersion: "0.1.0" },
      target: { kind: "kubeconfig", clusterId: id, name: "old-plan", context: "c", server: "https://x" },
    });
    expect((await getRun(runId))!.plan.operatorVersion).toBe("0.1.0");
    expect((await listRuns(id))[0]!.plan.operatorVersion).toBe("0.1.0");
  });
});
