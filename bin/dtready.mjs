#!/usr/bin/env node
// Runs the CLI compiled ahead of time (dist/cli/main.cjs, made by scripts/build-cli.mjs when npm installs this
// package), in this process, from V8's code cache beside it when there is one (it writes one when there is none).
// When a source file changed since that build, or there is none yet, it is rebuilt first (a few seconds), so a
// checkout never runs stale code.
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { constants, Script } from "node:vm";

const root = fileURLToPath(new URL("..", import.meta.url));
const main = fileURLToPath(new URL("../dist/cli/main.cjs", import.meta.url));
// A code cache is only valid for the V8 that made it.
const cache = `${main}.${process.versions.v8}.cache`;

function staleness() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(new URL("../dist/cli/inputs.json", import.meta.url), "utf8"));
    statSync(main);
  } catch {
    return "the CLI is not compiled yet";
  }
  for (const input of manifest.inputs) {
    let mtime;
    try {
      mtime = statSync(root + input).mtimeMs;
    } catch {
      return `${input} is gone`;
    }
    if (mtime > manifest.builtAt) return `${input} changed`;
  }
  return undefined;
}

const why = staleness();
if (why) {
  process.stderr.write(`dtready: ${why} since the last build; compiling the CLI (npm run build:cli)…\n`);
  try {
    const { buildCli } = await import("../scripts/build-cli.mjs");
    await buildCli();
  } catch (err) {
    process.stderr.write(`dtready: cannot compile the CLI: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}\n`);
    process.exit(1);
  }
}

let cachedData;
try {
  cachedData = readFileSync(cache);
} catch {
  cachedData = undefined;
}
const script = new Script(Module.wrap(readFileSync(main, "utf8")), {
  filename: main,
  cachedData,
  importModuleDynamically: constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
if (!cachedData || script.cachedDataRejected) {
  // After the run, so the cache holds every function a check compiled, not only the top level.
  process.once("exit", () => {
    try {
      writeFileSync(`${cache}.${process.pid}.tmp`, script.createCachedData());
      renameSync(`${cache}.${process.pid}.tmp`, cache);
    } catch {
      // A read-only installation: start without the cache.
    }
  });
}
const module = { exports: {}, id: main, filename: main, loaded: false };
script.runInThisContext()(module.exports, createRequire(main), module, main, dirname(main));
