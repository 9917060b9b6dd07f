#!/usr/bin/env node
// Runs the CLI compiled ahead of time (dist/cli/main.mjs, made by scripts/build-cli.mjs when npm installs this
// package), in this process. When a source file changed since that build, or there is none yet, it is rebuilt
// first (about a second), so a checkout never runs stale code.
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const main = new URL("../dist/cli/main.mjs", import.meta.url);

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
await import(main.href);
