import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dataDir, databaseFile } from "./location";

describe("data location", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("defaults to ./data/dtready.db and follows DTREADY_DATA_DIR", () => {
    delete process.env.DTREADY_DATA_DIR;
    delete process.env.DATABASE_URL;
    expect(dataDir()).toBe(path.resolve("data"));
    expect(databaseFile()).toBe(path.resolve("data", "dtready.db"));
    process.env.DTREADY_DATA_DIR = "/srv/dtready";
    expect(databaseFile()).toBe("/srv/dtready/dtready.db");
  });

  it("lets DATABASE_URL name the SQLite file, and refuses other databases clearly", () => {
    process.env.DATABASE_URL = "file:/var/lib/dtready/x.db";
    expect(databaseFile()).toBe("/var/lib/dtready/x.db");
    process.env.DATABASE_URL = "file:./rel.db?connection_limit=1";
    expect(databaseFile()).toBe(path.resolve("rel.db"));
    process.env.DATABASE_URL = "postgresql://u:p@db/dtready";
    expect(() => databaseFile()).toThrow(/must be a SQLite file URL.*got a postgresql: URL/);
  });
});
