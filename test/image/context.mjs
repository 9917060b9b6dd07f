#!/usr/bin/env node
// The build context of the offline image build: the repository's files as a clone would have them (tracked
// and new files, the working tree's content, nothing ignored), and a package-lock.json whose entries name
// their tarball URLs (`resolved`).
//
// Why the URLs: this project's lockfile omits them (npm's omit-lockfile-registry-resolved, so no registry
// host is written into it), and without them `npm ci` asks the registry for every package's metadata to
// find the tarball, which an offline build cannot. With them, and the integrity the lockfile already has,
// npm takes each tarball from the mounted npm cache, which the host's `npm install` filled.
//
//   node test/image/context.mjs <directory>
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const out = path.resolve(process.argv[2] ?? "");
if (!process.argv[2]) throw new Error("usage: node test/image/context.mjs <directory>");

const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" })
  .split("\0")
  .filter((f) => f && existsSync(path.join(root, f)));
for (const f of files) {
  mkdirSync(path.dirname(path.join(out, f)), { recursive: true });
  cpSync(path.join(root, f), path.join(out, f), { verbatimSymlinks: true });
}

const registry = execFileSync("npm", ["config", "get", "registry"], { cwd: root, encoding: "utf8" }).trim().replace(/\/$/, "");
const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8"));
let added = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  if (!key || entry.link || entry.resolved || !entry.version || !entry.integrity) continue;
  // "node_modules/a/node_modules/@scope/b" installs "@scope/b" (or, for an alias, entry.name).
  const name = entry.name ?? key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
  entry.resolved = `${registry}/${name}/-/${name.split("/").pop()}-${entry.version}.tgz`;
  added++;
}
writeFileSync(path.join(out, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
process.stderr.write(`[image-context] ${files.length} files, ${added} tarball URLs added to package-lock.json\n`);
