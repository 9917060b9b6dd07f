// Which Node runs dtready (scripts/node-runtime.mjs): the machine's when it is new enough, else the pinned
// Node 24 from the npm registry, kept in the cache and fetched once.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chooseNode, compareVersions, MIN_NODE, PINNED } from "@/scripts/node-runtime.mjs";

let cache: string;
let pinnedBin: string;
const saved = process.env.DTREADY_CACHE_DIR;

beforeEach(() => {
  // A cache holding an unpacked pinned Node, as a first fetch leaves it: nothing is fetched again.
  cache = mkdtempSync(path.join(tmpdir(), "dtready-node-runtime-"));
  process.env.DTREADY_CACHE_DIR = cache;
  const dir = path.join(cache, `node-v${PINNED}-${process.platform}-${process.arch}`);
  mkdirSync(path.join(dir, "bin"), { recursive: true });
  pinnedBin = path.join(dir, "bin", "node");
  writeFileSync(pinnedBin, "");
  chmodSync(pinnedBin, 0o755);
  writeFileSync(path.join(dir, ".complete"), "");
});
afterEach(() => {
  if (saved === undefined) delete process.env.DTREADY_CACHE_DIR;
  else process.env.DTREADY_CACHE_DIR = saved;
  rmSync(cache, { recursive: true, force: true });
});

describe("chooseNode", () => {
  it("serves and runs the CLI on the machine's Node from the floor (22.19) on", () => {
    expect(MIN_NODE).toBe("22.19.0");
    expect(chooseNode({ current: "/usr/bin/node", version: "v22.19.0" })).toEqual({ bin: "/usr/bin/node", dir: undefined });
    expect(chooseNode({ current: "/usr/bin/node", version: "v26.10.0" }).bin).toBe("/usr/bin/node");
  });

  it("below the floor (Node 20, or 22.18), uses the pinned Node 24 from the cache", () => {
    expect(PINNED).toMatch(/^24\.\d+\.\d+$/);
    expect(chooseNode({ current: "/usr/bin/node", version: "v20.20.2" }).bin).toBe(pinnedBin);
    expect(chooseNode({ current: "/usr/bin/node", version: "v22.18.0" }).bin).toBe(pinnedBin);
  });

  it("runs the tests on Node 24 only: the machine's 24.x, else the pinned one", () => {
    expect(chooseNode({ tests: true, current: "/usr/bin/node", version: "v24.1.0" }).bin).toBe("/usr/bin/node");
    expect(chooseNode({ tests: true, current: "/usr/bin/node", version: "v26.10.0" }).bin).toBe(pinnedBin);
    expect(chooseNode({ tests: true, current: "/usr/bin/node", version: "v22.19.0" }).bin).toBe(pinnedBin);
  });
});

describe("compareVersions", () => {
  it("compares numerically, part by part", () => {
    expect(compareVersions("v22.19.0", "22.19.0")).toBe(0);
    expect(compareVersions("22.9.0", "22.19.0")).toBe(-1);
    expect(compareVersions("24.0.0", "22.19.0")).toBe(1);
  });
});
