// Tenant connections against a real SQLite file: tokens and proxy credentials encrypted at rest, summaries
// only on the way out, nothing stored for bad input.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import Database from "better-sqlite3";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TenantInputError } from "@/lib/collect/dynatrace/tenant";
import { resolveKubeconfig } from "@/lib/collect/kubernetes/kubeconfig";
import { parsePlan } from "@/lib/engine/plan";
import { adminKubeconfig } from "@/test/cluster/testing";
import { encrypt } from "@/lib/secrets/encryption";
import { closeDb, db } from "./client";
import { createCluster } from "./clusters";
import { ensureDatabase, readMigrations } from "./migrate";
import { createRun } from "./run-writes";
import { getRun } from "./run-reads";
import { createTenant, deleteTenant, getTenantConnection, listTenants } from "./tenants";

const OPERATOR_SECRET = "PLANTEDOPERATORSECRET".padEnd(64, "7");
const INGEST_SECRET = "PLANTEDINGESTSECRET".padEnd(64, "8");
const OPERATOR = `dt0c01.PLANTEDOPERATORPUBLIC000.${OPERATOR_SECRET}`;
const INGEST = `dt0c01.PLANTEDINGESTPUBLIC00000.${INGEST_SECRET}`;
const PROXY_PASSWORD = "pr0xyPa55w0rdPlanted";

let dir: string;
const saved = { ...process.env };

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "dtready-tenants-"));
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
async function sqliteBytes(): Promise<Buffer> {
  await db().$queryRawUnsafe("PRAGMA wal_checkpoint(PASSIVE)");
  return Buffer.concat(
    readdirSync(dir)
      .filter((f) => f.startsWith("dtready.db"))
      .map((f) => readFileSync(path.join(dir, f))),
  );
}

const valid = {
  name: "production",
  apiUrl: "https://abc12345.live.dynatrace.com/api",
  operatorToken: OPERATOR,
  ingestToken: INGEST,
  proxyUrl: `http://dtuser:${PROXY_PASSWORD}@proxy.corp:3128`,
  networkZone: "aks-west",
};

describe("tenants", () => {
  it("stores tokens and the proxy's password encrypted: none of them is in the SQLite files", async () => {
    const info = await createTenant(valid);
    const bytes = await sqliteBytes();
    expect(bytes.includes(Buffer.from("abc12345.live.dynatrace.com"))).toBe(true); // reading the right file
    for (const secret of [OPERATOR_SECRET, INGEST_SECRET, PROXY_PASSWORD, "PLANTEDOPERATORPUBLIC000", "PLANTEDINGESTPUBLIC00000"]) {
      expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);
    }
    expect(info).toMatchObject({
      name: "production",
      apiUrl: "https://abc12345.live.dynatrace.com/api",
      operatorTokenPublic: "dt0c01.PLANTEDO…",
      ingestTokenPublic: "dt0c01.PLANTEDI…",
      proxy: "http://***@proxy.corp:3128",
      customCa: false,
      networkZone: "aks-west",
    });
  });

  it("lists summaries only, and gives the server the tokens back unchanged", async () => {
    const listed = await listTenants();
    const text = JSON.stringify(listed);
    for (const secret of [OPERATOR_SECRET, INGEST_SECRET, PROXY_PASSWORD]) expect(text).not.toContain(secret);
    const mine = listed.find((t) => t.name === "production")!;
    const { connection, name } = await getTenantConnection(mine.id);
    expect(name).toBe("production");
    expect(connection).toEqual({
      apiUrl: "https://abc12345.live.dynatrace.com/api",
      operatorToken: OPERATOR,
      ingestToken: INGEST,
      proxyUrl: valid.proxyUrl,
      networkZone: "aks-west",
    });
  });

  it("stores nothing for bad input and names the field to fix", async () => {
    const before = await db().tenant.count();
    const cases: [Partial<typeof valid>, string, RegExp][] = [
      [{ apiUrl: "https://ENVIRONMENTID.live.dynatrace.com/api" }, "apiUrl", /example URL/],
      [{ apiUrl: "https://abc12345.live.dynatrace.com" }, "apiUrl", /did you mean https:\/\/abc12345\.live\.dynatrace\.com\/api\?/],
      [{ operatorToken: `${OPERATOR}\n` }, "operatorToken", /line breaks around it/],
      [{ ingestToken: "dt0s16.PLATFORMTOKEN.SECRETPART" }, "ingestToken", /platform token/],
      [{ ingestToken: OPERATOR }, "ingestToken", /same as the operator token/],
      [{ name: "  " }, "name", /name is empty/],
    ];
    for (const [change, field, message] of cases) {
      const err = await createTenant({ ...valid, ...change }).catch((e: unknown) => e);
      expect(err, field).toBeInstanceOf(TenantInputError);
      expect((err as TenantInputError).field).toBe(field);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).not.toContain(OPERATOR_SECRET);
    }
    expect(await db().tenant.count()).toBe(before);
  });

  it("deleting a tenant keeps the runs made with it (unlinked, their target still names it)", async () => {
    const kubeconfig = adminKubeconfig();
    const { id: clusterId } = await createCluster({ name: "with-tenant", kubeconfig, context: resolveKubeconfig(kubeconfig).context });
    const tenant = await createTenant({ ...valid, name: "to-delete" });
    const runId = await createRun({
      clusterId,
      tenantId: tenant.id,
      plan: parsePlan({}),
      target: { kind: "kubeconfig", clusterId, name: "with-tenant", context: "c", server: "https://x", tenant: { ...tenant, tenantId: tenant.id } },
    });
    expect((await db().run.findUnique({ where: { id: runId } }))!.tenantId).toBe(tenant.id);
    await deleteTenant(tenant.id);
    expect((await listTenants()).some((t) => t.id === tenant.id)).toBe(false);
    expect((await db().run.findUnique({ where: { id: runId } }))!.tenantId).toBeNull();
    expect((await getRun(runId))!.target.tenant).toMatchObject({ name: "to-delete", operatorTokenPublic: "dt0c01.PLANTEDO…" });
    await expect(deleteTenant(tenant.id)).rejects.toMatchObject({ status: 404 });
    await expect(getTenantConnection(tenant.id)).rejects.toMatchObject({ status: 404 });
  });
});

describe("a tenant stored with another secret key", () => {
  it("is listed as unreadable (the others still are listed), refuses to run with a clear message, and can be deleted", async () => {
    const broken = await createTenant({ ...valid, name: "rekeyed" });
    await db().tenant.update({ where: { id: broken.id }, data: { operatorTokenEnc: encrypt(OPERATOR, Buffer.alloc(32, 9)) } });
    const listed = await listTenants();
    expect(listed.find((t) => t.id === broken.id)).toMatchObject({ name: "rekeyed", operatorTokenPublic: expect.stringMatching(/unreadable/) });
    expect(listed.some((t) => t.name === "production")).toBe(true);
    await expect(getTenantConnection(broken.id)).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/tokens of tenant rekeyed cannot be read.*add it again/) });
    await deleteTenant(broken.id);
  });
});

describe("the add_tenants migration", () => {
  it("keeps the runs, events, results and attestations of a database made before it", () => {
    const file = path.join(dir, "upgrade", "dtready.db");
    const all = readMigrations();
    const at = all.findIndex((m) => m.name.endsWith("_add_tenants"));
    expect(at).toBeGreaterThan(0);
    ensureDatabase(file, all.slice(0, at));
    const before = new Database(file);
    before.exec(`INSERT INTO Cluster (id, name, context, server, kubeconfigEnc, updatedAt) VALUES ('c1', 'old', 'ctx', 'https://x', 'enc', CURRENT_TIMESTAMP)`);
    before.exec(`INSERT INTO Run (id, clusterId, status, planJson, targetJson) VALUES ('r1', 'c1', 'finished', '{}', '{}')`);
    before.exec(`INSERT INTO RunEvent (runId, seq, payload) VALUES ('r1', 0, '{}')`);
    before.exec(
      `INSERT INTO CheckResult (runId, checkId, position, status, severity, section, title, summary, evidenceJson, remediationJson, durationMs) VALUES ('r1', 'k8s.version', 0, 'pass', 'blocking', 'cluster', 't', 's', '[]', '{}', 1)`,
    );
    before.exec(`INSERT INTO Attestation (runId, checkId, by, note) VALUES ('r1', 'k8s.version', 'ana', '')`);
    before.close();

    expect(ensureDatabase(file, all).applied).toContain(all[at]!.name);
    const after = new Database(file, { readonly: true });
    const count = (table: string) => (after.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect([count("Run"), count("RunEvent"), count("CheckResult"), count("Attestation")]).toEqual([1, 1, 1, 1]);
    expect(after.prepare(`SELECT tenantId FROM Run WHERE id = 'r1'`).get()).toEqual({ tenantId: null });
    after.close();
  });
});
