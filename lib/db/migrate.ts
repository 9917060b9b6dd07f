// Applies prisma/migrations/*/migration.sql to the SQLite database at start, without the Prisma CLI:
// each migration is recorded in `_prisma_migrations` exactly as Prisma Migrate records it (sha256
// checksum of the file, timestamps, applied_steps_count), so `prisma migrate status|deploy|dev` agree.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { databaseFile } from "./location";
import { env } from "@/lib/env";

// The table Prisma's SQLite connector creates (schema-engine sqlite connector).
const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface EnsureResult {
  file: string;
  applied: string[];
}

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: string | null;
  rolled_back_at: string | null;
}

/** `prisma/migrations`: DTREADY_MIGRATIONS_DIR, else found upwards from this module and from the cwd. */
export function migrationsDir(): string {
  const fromEnv = env("migrationsDir");
  if (fromEnv) return path.resolve(fromEnv);
  const starts: string[] = [process.cwd()];
  try {
    starts.unshift(path.dirname(fileURLToPath(import.meta.url)));
  } catch {
    // bundled without a file URL; the cwd is the fallback
  }
  for (const start of starts) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const candidate = path.join(/*turbopackIgnore: true*/ dir, "prisma", "migrations");
      if (existsSync(path.join(/*turbopackIgnore: true*/ candidate, "migration_lock.toml"))) return candidate;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error(`prisma/migrations was not found above ${starts.join(" or ")}; set DTREADY_MIGRATIONS_DIR`);
}

// The turbopackIgnore comments keep Next's file tracing from pulling the whole project into the build
// because of these runtime paths.
export function readMigrations(dir = migrationsDir()): Migration[] {
  return readdirSync(/*turbopackIgnore: true*/ dir)
    .filter((name) => {
      const sub = path.join(/*turbopackIgnore: true*/ dir, name);
      return statSync(sub).isDirectory() && existsSync(path.join(/*turbopackIgnore: true*/ sub, "migration.sql"));
    })
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(/*turbopackIgnore: true*/ dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

// Prisma writes "2026-11-23T22:30:49.539+00:00".
const timestamp = () => new Date().toISOString().replace("Z", "+00:00");

/**
 * Creates the data directory and database if needed and applies pending migrations, each in its own
 * transaction. Idempotent and safe to call from several processes (BEGIN IMMEDIATE serialises them).
 * Throws when a migration failed earlier or an applied migration's file was changed.
 */
export function ensureDatabase(file = databaseFile(), migrations: Migration[] = readMigrations()): EnsureResult {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file, { timeout: 10_000 });
  const applied: string[] = [];
  try {
    db.pragma("journal_mode = WAL");
    db.exec(MIGRATIONS_TABLE_DDL);
    // Prisma's SQLite migrations rebuild tables (CREATE new, copy, DROP old, rename) between
    // `PRAGMA foreign_keys=OFF/ON`, but SQLite ignores that pragma inside a transaction: the DROP would
    // cascade and delete every dependent row. So foreign keys are off around each migration's transaction
    // and checked before the migration is committed.
    db.pragma("foreign_keys = OFF");
    for (const m of migrations) {
      db.exec("BEGIN IMMEDIATE");
      try {
        const rows = db
          .prepare(`SELECT id, checksum, migration_name, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE migration_name = ?`)
          .all(m.name) as MigrationRow[];
        const live = rows.filter((r) => r.rolled_back_at === null);
        if (live.some((r) => r.finished_at !== null)) {
          const done = live.find((r) => r.finished_at !== null)!;
          if (done.checksum !== m.checksum) {
            throw new Error(
              `Migration ${m.name} was applied to ${file} but its migration.sql has changed since; restore the file (migrations are never edited once applied).`,
            );
          }
          db.exec("COMMIT");
          continue;
        }
        if (live.length > 0) {
          throw new Error(
            `Migration ${m.name} failed earlier on ${file}. Fix the database, then mark it with: npx prisma migrate resolve --rolled-back ${m.name}`,
          );
        }
        const id = randomUUID();
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, 0)`,
        ).run(id, m.checksum, m.name, timestamp());
        db.exec(m.sql);
        const broken = db.pragma("foreign_key_check") as unknown[];
        if (broken.length > 0) {
          throw new Error(`Migration ${m.name} leaves ${broken.length} row(s) whose foreign keys point nowhere; it was rolled back.`);
        }
        db.prepare(`UPDATE "_prisma_migrations" SET finished_at = ?, applied_steps_count = 1 WHERE id = ?`).run(timestamp(), id);
        db.exec("COMMIT");
        applied.push(m.name);
      } catch (err) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw err;
      }
    }
  } finally {
    db.pragma("foreign_keys = ON");
    db.close();
  }
  return { file, applied };
}
