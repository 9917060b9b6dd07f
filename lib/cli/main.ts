// Entry point of the `dtready` binary: scripts/build-cli.mjs compiles it to dist/cli/main.mjs, which bin/dtready.mjs runs.
import { readFileSync } from "node:fs";
import { cliEnvironment } from "@/lib/env";
import { runCli } from "./run";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

// Ctrl-C ends the process at once (Node's default): a report of a half-collected run would blame the cluster.
// No top-level await: the compiled CLI is a CommonJS bundle (its V8 code cache, see bin/dtready.mjs).
void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: cliEnvironment(),
  version: pkg.version,
}).then((code) => {
  process.exitCode = code;
});
