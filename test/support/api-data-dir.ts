// For integration tests that call route handlers directly: a fresh data directory (so a fresh SQLite file)
// per test file, the admin kubeconfig's token and context, and the environment restored afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { resolveKubeconfig } from "@/lib/collect/kubernetes/kubeconfig";
import { closeDb } from "@/lib/db/client";
import { adminKubeconfig } from "@/test/cluster/testing";

export interface ApiDataDir {
  dir: string;
  /** The admin kubeconfig's bearer token: what the leak assertions search for. */
  token: string;
  context: string;
}

/** Registers beforeAll/afterAll; the returned object is filled before the first test runs. */
export function useApiDataDir(prefix: string): ApiDataDir {
  const env: ApiDataDir = { dir: "", token: "", context: "" };
  const saved = { ...process.env };
  beforeAll(() => {
    env.dir = mkdtempSync(path.join(tmpdir(), prefix));
    process.env.DTREADY_DATA_DIR = env.dir;
    process.env.DTREADY_LOG = "off";
    delete process.env.DATABASE_URL;
    delete process.env.DTREADY_SECRET_KEY;
    const r = resolveKubeconfig(adminKubeconfig());
    env.token = r.user.token!;
    env.context = r.context;
  });
  afterAll(async () => {
    await closeDb();
    process.env = { ...saved };
    rmSync(env.dir, { recursive: true, force: true });
  });
  return env;
}
