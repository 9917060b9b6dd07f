#!/usr/bin/env node
// `npm start`: make sure the data directory exists (the database is migrated by instrumentation.ts on
// start), then serve the built app. Binds to 127.0.0.1 unless HOST says otherwise. On a Node below the
// supported floor the server runs on the pinned Node 24 from the npm registry (scripts/node-runtime.mjs).
// This is also the container's entrypoint: SIGTERM is passed to the server, which drains running runs.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chooseNode } from "./node-runtime.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

const dataDir = path.resolve(process.env.DTREADY_DATA_DIR || "data");
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
process.env.DTREADY_DATA_DIR = dataDir;

const host = process.env.HOST || "127.0.0.1";
const port = process.env.PORT || "3000";
if (!/^\d+$/.test(port)) {
  console.error(`PORT must be a number, got "${port}"`);
  process.exit(1);
}
if (host !== "127.0.0.1" && host !== "localhost" && host !== "::1") {
  console.warn(
    `dtready: listening on ${host}; the dashboard has no sign-in yet, so anyone who can reach it can use it. ` +
      `The API answers only for loopback names and those in DTREADY_ALLOWED_HOSTS (now: ${process.env.DTREADY_ALLOWED_HOSTS || "none"}).`,
  );
}

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
let node;
try {
  node = chooseNode().bin;
} catch (err) {
  console.error(`dtready: ${err.message}`);
  process.exit(1);
}

// First start on a fresh clone: build once (Prisma client + production build), so `npm ci && npm start` works.
if (!existsSync(path.join(root, ".next", "BUILD_ID")) || !existsSync(path.join(root, "lib", "generated"))) {
  console.log("dtready: no production build yet; building once (about a minute)…");
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  for (const args of [["prisma", "generate"], ["next", "build"]]) {
    const bin = args[0] === "prisma" ? createRequire(import.meta.url).resolve("prisma/build/index.js") : nextBin;
    const r = spawnSync(node, [bin, ...args.slice(1)], { stdio: "inherit", env });
    if (r.status !== 0) {
      console.error(`dtready: ${args.join(" ")} failed`);
      process.exit(1);
    }
  }
}
// NEXT_MANUAL_SIG_HANDLE: Next.js leaves SIGTERM/SIGINT to lib/runs/shutdown.ts, which drains running runs.
const env = { ...process.env, NEXT_MANUAL_SIG_HANDLE: "true" };
const child = spawn(node, [nextBin, "start", "-H", host, "-p", port], { stdio: "inherit", env });
// Ctrl-C reaches the child directly (same process group); SIGTERM (Kubernetes, as PID 1) is sent to this pid only.
process.on("SIGINT", () => {});
process.on("SIGTERM", () => child.kill("SIGTERM"));
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
