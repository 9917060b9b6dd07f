// Prisma writes SQLite schema changes as table rebuilds (copy, DROP, rename). Applied naively inside a
// transaction, the DROP cascades and silently deletes dependent rows; ensureDatabase must keep them.
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ensureDatabase } from "./migrate";

const migration = (name: string, sql: string) => ({ name, sql, checksum: createHash("sha256").update(sql).digest("hex") });

const init = migration(
  "1_init",
  `CREATE TABLE "Parent" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT NOT NULL);
CREATE TABLE "Child" ("id" TEXT NOT NULL PRIMARY KEY, "parentId" TEXT NOT NULL,
  CONSTRAINT "Child_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Parent" ("id") ON DELETE CASCADE ON UPDATE CASCADE);`,
);

// What `prisma migrate diff` generates when a column is added to a table other tables reference.
const rebuild = migration(
  "2_rebuild_parent",
  `PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Parent" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "note" TEXT);
INSERT INTO "new_Parent" ("id", "name") SELECT "id", "name" FROM "Parent";
DROP TABLE "Parent";
ALTER TABLE "new_Parent" RENAME TO "Parent";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;`,
);

describe("ensureDatabase", () => {
  it("applies a Prisma table rebuild without cascading deletes into dependent tables", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "dtready-migrate-")), "t.db");
    ensureDatabase(file, [init]);
    const db = new Database(file);
    db.pragma("foreign_keys = ON");
    db.prepare(`INSERT INTO "Parent" VALUES ('p1', 'cluster')`).run();
    db.prepare(`INSERT INTO "Child" VALUES ('c1', 'p1'), ('c2', 'p1')`).run();
    db.close();

    expect(ensureDatabase(file, [init, rebuild]).applied).toEqual(["2_rebuild_parent"]);

    const after = new Database(file);
    expect(after.prepare(`SELECT COUNT(*) AS n FROM "Child"`).get()).toEqual({ n: 2 });
    expect(after.prepare(`SELECT "note" FROM "Parent" WHERE id = 'p1'`).get()).toEqual({ note: null });
    after.close();
  });

  it("rolls back a migration that would leave dangling foreign keys, and says so", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "dtready-migrate-")), "t.db");
    ensureDatabase(file, [init]);
    const db = new Database(file);
    db.prepare(`INSERT INTO "Parent" VALUES ('p1', 'cluster')`).run();
    db.prepare(`INSERT INTO "Child" VALUES ('c1', 'p1')`).run();
    db.close();
    const dropParents = migration("2_drop_parents", `DELETE FROM "Parent";`);
    expect(() => ensureDatabase(file, [init, dropParents])).toThrow(/2_drop_parents leaves 1 row\(s\) whose foreign keys point nowhere/);
    const after = new Database(file);
    expect(after.prepare(`SELECT COUNT(*) AS n FROM "Parent"`).get()).toEqual({ n: 1 });
    after.close();
  });
});
