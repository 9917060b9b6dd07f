// The probes' endpoint as kubelet calls it: by pod IP, over a real SQLite file.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as health from "@/app/api/health/route";
import { closeDb } from "@/lib/db/client";
import { drainRuns } from "@/lib/jobs/service";
import { useApiDataDir } from "@/test/support/api-data-dir";

const env = useApiDataDir("dtready-health-");
// kubelet sends the pod IP as Host: the endpoint must answer it although it is not an allowed host name.
const probe = (query = "") => health.GET(new Request(`http://10.244.1.7:3000/api/health${query}`));

describe("GET /api/health", () => {
  it("is ready when the database answers, and live without asking it", async () => {
    const ready = await probe();
    expect(ready.status).toBe(200);
    expect(ready.headers.get("cache-control")).toBe("no-store");
    expect(await ready.json()).toEqual({ status: "ok", database: "ok" });
    const live = await probe("?probe=live");
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "ok" });
  });

  it("is unavailable (503) when the database does not answer, without saying where it is", async () => {
    // The database's directory would have to be inside a regular file: it can never be opened.
    const blocker = path.join(env.dir, "not-a-directory");
    writeFileSync(blocker, "");
    const file = path.join(blocker, "dtready.db");
    process.env.DATABASE_URL = `file:${file}`;
    try {
      const res = await probe();
      expect(res.status).toBe(503);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ status: "unavailable", database: "unreachable" });
      expect(text).not.toContain(env.dir);
      // Liveness does not depend on the database: the pod is not restarted for an outage.
      expect((await probe("?probe=live")).status).toBe(200);
    } finally {
      delete process.env.DATABASE_URL;
      await closeDb();
    }
    expect((await probe()).status).toBe(200);
  });

  it("is not ready (503, draining) once shutdown began, so the Service stops sending requests", async () => {
    await drainRuns(0);
    const res = await probe();
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "draining", database: "ok" });
    expect((await probe("?probe=live")).status).toBe(200);
  });
});
