#!/usr/bin/env node
// Launches the TypeScript CLI with tsx. `--conditions=react-server` makes `import "server-only"` resolve to
// its empty build, so the engine's server-only modules load outside Next.js.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { chooseNode } from "../scripts/node-runtime.mjs";

const main = fileURLToPath(new URL("../lib/cli/main.ts", import.meta.url));
const tsconfig = fileURLToPath(new URL("../tsconfig.json", import.meta.url));
const tsx = import.meta.resolve("tsx");

// On a Node below the supported floor, the pinned Node 24 from the npm registry runs the CLI (scripts/node-runtime.mjs).
let node;
try {
  node = chooseNode().bin;
} catch (err) {
  process.stderr.write(`dtready: ${err.message}\n`);
  process.exit(1);
}
const child = spawn(node, ["--conditions=react-server", "--import", tsx, main, ...process.argv.slice(2)], {
  stdio: "inherit",
  // tsx reads the `@/` path alias from this tsconfig whatever the working directory is.
  env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig },
});

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
