// Prisma CLI configuration. The JavaScript schema engine with the better-sqlite3 adapter means
// `prisma generate|migrate dev|migrate deploy|migrate status` need no native engine binary (none can be
// downloaded here).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";
import { databaseFile } from "./lib/db/location";

// The schema's datasource reads DATABASE_URL; without it the CLI cannot read the schema and falls back to
// downloading a native engine. Default it to the same file the app uses.
process.env.DATABASE_URL ??= `file:${databaseFile()}`;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    // SQLite creates the file but not its directory; without it every command fails with "External error".
    mkdirSync(path.dirname(databaseFile()), { recursive: true, mode: 0o700 });
    return new PrismaBetterSQLite3({ url: databaseFile() });
  },
});
