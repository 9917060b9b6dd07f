// Entry point of the `dtready` binary (bin/dtready.mjs starts it under tsx with the react-server condition).
import { readFileSync } from "node:fs";
import { cliEnvironment } from "@/lib/env";
import { runCli } from "./run";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

// Ctrl-C ends the process at once (Node's default): a report of a half-collected run would blame the cluster.
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: cliEnvironment(),
  version: pkg.version,
});
