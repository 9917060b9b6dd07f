#!/usr/bin/env node
// Runs the CLI compiled ahead of time (dist/cli/main.cjs, made by scripts/build-cli.mjs when npm installs this
// package), in this process, from V8's code cache beside it when there is one (it writes one when there is none).
// When a source file changed since that build, or there is none yet, it is rebuilt first (a few seconds), so a
// checkout never runs stale code.
import { spawn } from "node:child_process";
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { constants, Script } from "node:vm";
import { chooseNode } from "../scripts/node-runtime.mjs";

// On a Node below the supported floor, this same file runs again on the pinned Node 24 from the npm registry
// (scripts/node-runtime.mjs); signals are passed on and its exit is ours.
let node;
try {
  node = chooseNode().bin;
} catch (err) {
  process.stderr.write(`dtready: ${err.message}\n`);
  process.exit(1);
}
if (node !== process.execPath) {
  const child = spawn(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
  // Ctrl-C reaches the child directly (same process group): only wait for it. Pass on what is sent to this pid.
  const forward = { SIGINT: () => {}, SIGTERM: () => child.kill("SIGTERM"), SIGHUP: () => child.kill("SIGHUP") };
  for (const [signal, handler] of Object.entries(forward)) process.on(signal, handler);
  child.on("error", (err) => {
    process.stderr.write(`dtready: cannot start: ${err.message}\n`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => {
    if (signal) {
      // Die of the same signal, so the shell sees what happened (130 for Ctrl-C).
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else {
      process.exit(code ?? 1);
    }
  });
} else {
  await runCompiled();
}

async function runCompiled() {
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
}
