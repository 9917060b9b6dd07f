#!/usr/bin/env node
// Compiles the CLI ahead of time (npm install runs this as `prepare`; `npm run build:cli` by hand): one CommonJS
// file, dist/cli/main.cjs, with the engine and its dependencies bundled and whitespace removed, so `dtready` starts
// without compiling TypeScript (tsx took 1-2 s of every start) and without resolving 1,600 module files. Then one
// check against an address where nothing listens, through bin/dtready.mjs, leaves V8's code cache of what a check
// runs beside it (dist/cli/main.cjs.<v8 version>.cache): compiling the 5 MB bundle from source took 160 ms, from the
// cache 40 ms (CommonJS because Node 20 can only reuse a code cache for scripts, vm.Script, not ES modules).
//
// Beside it, dist/cli/inputs.json lists this repository's source files that went in; bin/dtready.mjs compares
// their modification times with the build's and rebuilds first when a source changed since (a checkout after
// `git pull`, a developer's edit), so `npx dtready` never runs stale code.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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
    format: "cjs",
    target: "node20",
    // `import "server-only"` resolves to its empty react-server build, as Next.js does for server code.
    conditions: ["react-server"],
    // The bundle keeps main.ts's relative path to package.json (dist/cli/ is as deep as lib/cli/).
    outfile: "dist/cli/main.cjs",
    define: { "import.meta.url": "__dtreadyImportMetaUrl" },
    banner: { js: 'const __dtreadyImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    // Names stay (stack traces and error messages read as in the sources); a smaller file reads and parses faster.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: "none",
    sourcemap: "linked",
    sourcesContent: false,
    metafile: true,
    write: false,
    logLevel: "warning",
  });
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(outDir)) if (f.endsWith(".cache") || f.startsWith("main.mjs")) rmSync(join(outDir, f), { force: true });
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
  trainCodeCache();
  return { ms: Date.now() - startedAt, inputs: inputs.length };
}

/** One check against an address where nothing listens: bin/dtready.mjs writes the code cache when it has none. */
function trainCodeCache() {
  const dir = mkdtempSync(join(tmpdir(), "dtready-build-"));
  try {
    const kubeconfig = join(dir, "kubeconfig");
    writeFileSync(
      kubeconfig,
      "apiVersion: v1\nkind: Config\nclusters:\n- name: none\n  cluster: {server: 'https://127.0.0.1:1'}\n" +
        "contexts:\n- name: none\n  context: {cluster: none, user: none}\ncurrent-context: none\nusers:\n- name: none\n  user: {token: none}\n",
    );
    const args = [join(root, "bin", "dtready.mjs"), "check", "--kubeconfig", kubeconfig, "--mode", "full-stack", "--format", "json", "--output", join(dir, "report.json"), "--timeout", "5"];
    spawnSync(process.execPath, args, { stdio: "ignore", env: { ...process.env, NODE_OPTIONS: "" }, timeout: 30_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const r = await buildCli();
  if (!process.argv.includes("--quiet")) console.log(`dtready: CLI compiled to dist/cli/main.cjs in ${r.ms} ms (${r.inputs} source files)`);
}
