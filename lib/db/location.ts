// Where dtready keeps its state. Relative imports only: this file is also loaded by prisma.config.ts.
import path from "node:path";
import { env } from "../env";

/** `DTREADY_DATA_DIR`, default `./data` (relative to the working directory). */
export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ env("dataDir"));
}

/**
 * The SQLite database file: `DATABASE_URL` (`file:<path>`, relative paths resolved against the working
 * directory) when set, otherwise `<dataDir>/dtready.db`.
 */
export function databaseFile(): string {
  const url = env("databaseUrl");
  if (url) {
    if (!url.startsWith("file:")) {
      throw new Error(`DATABASE_URL must be a SQLite file URL (file:<path>); got a ${url.split(":")[0]}: URL`);
    }
    return path.resolve(url.slice("file:".length).replace(/^\/\/(?=\/)/, "").split("?")[0]!);
  }
  return path.join(dataDir(), "dtready.db");
}
