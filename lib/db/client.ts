import "server-only";
// The Prisma client (query compiler + better-sqlite3 adapter, no native engine), one per process and
// database file. Kept on globalThis so Next's dev HMR does not open a new connection per reload. The
// database is created and migrated on first use.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseFile } from "./location";
import { ensureDatabase } from "./migrate";

interface DbGlobal {
  file: string;
  client: PrismaClient;
}

const g = globalThis as typeof globalThis & { __dtreadyDb?: DbGlobal };

export function db(): PrismaClient {
  const file = databaseFile();
  if (g.__dtreadyDb?.file === file) return g.__dtreadyDb.client;
  ensureDatabase(file);
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: file, timeout: 10_000 }) });
  const previous = g.__dtreadyDb;
  g.__dtreadyDb = { file, client };
  if (previous) void previous.client.$disconnect();
  return client;
}

/** For tests and shutdown. */
export async function closeDb(): Promise<void> {
  const current = g.__dtreadyDb;
  g.__dtreadyDb = undefined;
  await current?.client.$disconnect();
}
