// The azure migration rebuilds the Run table (clusterId becomes optional): runs saved before it, with their events,
// results and attestations, must survive it unchanged.
import Database from "better-sqlite3";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ensureDatabase, readMigrations } from "./migrate";

describe("azure migration", () => {
  it("keeps every run and what hangs off it, and lets a run belong to an AKS cluster instead", () => {
    const all = readMigrations();
    const at = all.findIndex((m) => m.name.endsWith("_azure"));
    expect(at).toBeGreaterThan(0);
    const file = path.join(mkdtempSync(path.join(tmpdir(), "dtready-azure-migration-")), "t.db");
    ensureDatabase(file, all.slice(0, at));

    const before = new Database(file);
    before.pragma("foreign_keys = ON");
    before.prepare(`INSERT INTO "Cluster" (id, name, context, server, kubeconfigEnc, updatedAt) VALUES ('c1', 'prod', 'ctx', 'https://x', 'enc', 0)`).run();
    before.prepare(`INSERT INTO "Run" (id, clusterId, status, verdict, planJson, targetJson) VALUES ('r1', 'c1', 'finished', 'ready', '{}', '{}')`).run();
    before.prepare(`INSERT INTO "RunEvent" (runId, seq, payload) VALUES ('r1', 0, '{}'), ('r1', 1, '{}')`).run();
    before
      .prepare(
        `INSERT INTO "CheckResult" (runId, checkId, position, status, severity, section, title, summary, evidenceJson, remediationJson, durationMs) VALUES ('r1', 'k8s.x', 0, 'manual', 'blocking', 'cluster', 't', 's', '[]', '{}', 1)`,
      )
      .run();
    before.prepare(`INSERT INTO "Attestation" (runId, checkId, by, note) VALUES ('r1', 'k8s.x', 'ana', 'ok')`).run();
    before.close();

    expect(ensureDatabase(file, all).applied).toContain(all[at]!.name);

    const after = new Database(file);
    after.pragma("foreign_keys = ON");
    expect(after.prepare(`SELECT id, clusterId, aksClusterId, verdict FROM "Run"`).all()).toEqual([{ id: "r1", clusterId: "c1", aksClusterId: null, verdict: "ready" }]);
    for (const table of ["RunEvent", "CheckResult", "Attestation"]) {
      expect(after.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE runId = 'r1'`).get(), table).toEqual({ n: table === "RunEvent" ? 2 : 1 });
    }
    // An AKS run: no kubeconfig cluster, deleted with its discovered cluster (and that with its connection).
    after.prepare(`INSERT INTO "AzureConnection" (id, name, kind, cloud, authorityHost, armEndpoint) VALUES ('a1', 'az', 'managed-identity', 'AzureCloud', 'https://l', 'https://m')`).run();
    after
      .prepare(
        `INSERT INTO "AksCluster" (id, connectionId, resourceId, subscriptionId, subscriptionName, resourceGroup, name, location, discoveredAt) VALUES ('k1', 'a1', '/subscriptions/s/x', 's', 'S', 'rg', 'aks', 'westeurope', 0)`,
      )
      .run();
    after.prepare(`INSERT INTO "Run" (id, aksClusterId, status, planJson, targetJson) VALUES ('r2', 'k1', 'running', '{}', '{}')`).run();
    after.prepare(`DELETE FROM "AzureConnection" WHERE id = 'a1'`).run();
    expect(after.prepare(`SELECT id FROM "Run"`).all()).toEqual([{ id: "r1" }]);
    after.close();
  });
});
