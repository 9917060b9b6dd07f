// Entry point of the `dtready` binary (bin/dtready.mjs starts it under tsx with the react-server condition).
import { readFileSync } from "node:fs";
import { runCli } from "./run";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

const controller = new AbortController();
// First Ctrl-C stops collecting (the report still prints, with what was gathered); a second one exits.
process.once("SIGINT", () => {
  controller.abort(new Error("interrupted"));
  process.once("SIGINT", () => process.exit(130));
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  version: pkg.version,
  signal: controller.signal,
});
