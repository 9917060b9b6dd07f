#!/usr/bin/env node
// Compiles the CLI ahead of time (npm install runs this as `prepare`; `npm run build:cli` by hand): one ES module,
// dist/cli/main.mjs, with the engine and its dependencies bundled, so `dtready` starts without compiling
// TypeScript (tsx took 1-2 s of every start) and without resolving 1,600 module files.
//
// Beside it, dist/cli/inputs.json lists this repository's source files that went in; bin/dtready.mjs compares
// their modification times with the build's and rebuilds first when a source changed since (a checkout after
// `git pull`, a developer's edit), so `npx dtready` never runs stale code.
import { build } from "esbuild";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "dist", "cli");

export async function buildCli() {
  const startedAt = Date.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: ["lib/cli/main.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // `import "server-only"` resolves to its empty react-server build, as Next.js does for server code.
    conditions: ["react-server"],
    // The bundle keeps main.ts's relative path to package.json (dist/cli/ is as deep as lib/cli/).
    outfile: "dist/cli/main.mjs",
    // Bundled CommonJS dependencies call require() for Node's built-ins: give the ES module one.
    banner: { js: 'import { createRequire as __dtreadyCreateRequire } from "node:module";\nconst require = __dtreadyCreateRequire(import.meta.url);' },
    sourcemap: "linked",
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: "warning",
  });
  mkdirSync(outDir, { recursive: true });
  // Write then rename: a CLI starting while another rebuilds never loads half a file.
  for (const file of result.outputFiles) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(tmp, file.contents);
    renameSync(tmp, file.path);
  }
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith("node_modules/"));
  // Dependencies change through the lock file; the version printed comes from package.json.
  inputs.push("package.json", "package-lock.json");
  const manifest = join(outDir, "inputs.json");
  writeFileSync(`${manifest}.${process.pid}.tmp`, JSON.stringify({ builtAt: startedAt, inputs }));
  renameSync(`${manifest}.${process.pid}.tmp`, manifest);
  return { ms: Date.now() - startedAt, inputs: inputs.length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await buildCli();
  if (!process.argv.includes("--quiet")) console.log(`dtready: CLI compiled to dist/cli/main.mjs in ${r.ms} ms (${r.inputs} source files)`);
}
