#!/usr/bin/env node
// `npm start`: make sure the data directory exists (the database is migrated by instrumentation.ts on
// start), then serve the built app. Binds to 127.0.0.1 unless HOST says otherwise.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

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
  console.warn(`dtready: listening on ${host}; the dashboard has no sign-in yet, so anyone who can reach this address can use it.`);
}

const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const child = spawn(process.execPath, [nextBin, "start", "-H", host, "-p", port], { stdio: "inherit", env: process.env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
