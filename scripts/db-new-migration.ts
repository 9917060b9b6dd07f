// `npm run db:new-migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql for the
// changes made to prisma/schema.prisma since the last committed migration.
//
// Why not `prisma migrate dev`: with the JavaScript schema engine over better-sqlite3 (Prisma 6.19, the
// only engine available offline), migrate dev replays existing migrations into a shadow database with a
// single-statement call and fails (P3006) once a migration has more than one statement. `migrate diff`
// between two datamodels needs no database, so this diffs the schema as of the last migration commit
// (or BASE_SCHEMA=<file>) against the working copy.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:new-migration -- <name>   (lowercase letters, digits, _)");
  process.exit(1);
}

let base = process.env.BASE_SCHEMA;
if (!base) {
  const commit = execFileSync("git", ["log", "-1", "--format=%H", "--", "prisma/migrations"], { encoding: "utf8" }).trim();
  if (!commit) throw new Error("no committed migration found; set BASE_SCHEMA=<schema file of the last migration>");
  base = path.join(mkdtempSync(path.join(tmpdir(), "dtready-schema-")), "schema.prisma");
  writeFileSync(base, execFileSync("git", ["show", `${commit}:prisma/schema.prisma`]));
}

const sql = execFileSync(
  "npx",
  ["prisma", "migrate", "diff", "--from-schema-datamodel", base, "--to-schema-datamodel", "prisma/schema.prisma", "--script"],
  { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);
if (!/^(CREATE|ALTER|DROP|INSERT|PRAGMA)/m.test(sql)) {
  console.log("prisma/schema.prisma has no changes since the last migration; nothing written.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dir = path.join("prisma", "migrations", `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`wrote ${dir}/migration.sql (${readFileSync(path.join(dir, "migration.sql"), "utf8").split("\n").length} lines); it is applied at the next start or with npm run db:migrate`);
