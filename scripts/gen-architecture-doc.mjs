// `npm run docs:architecture`: writes the layer table of docs/architecture.md from layers.mjs (between its markers).
// lib/docs.test.ts fails when the committed table differs from what this writes.
import { readFileSync, writeFileSync } from "node:fs";
import { LAYERS } from "../layers.mjs";

export const START = "<!-- layers: generated from layers.mjs by npm run docs:architecture -->";
export const END = "<!-- /layers -->";

export function layerTable() {
  const rows = LAYERS.map((l) => `| ${l.name} | ${l.dirs.map((d) => `\`${d}\``).join(", ")} | ${l.mayImport.length ? l.mayImport.join(", ") : "nothing above it"} | ${l.why} |`);
  return [START, "| layer | folders | may import (besides itself) | what it holds |", "|---|---|---|---|", ...rows, END].join("\n");
}

export function withLayerTable(doc) {
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  if (a < 0 || b < 0) throw new Error(`docs/architecture.md has no ${START} … ${END} markers`);
  return doc.slice(0, a) + layerTable() + doc.slice(b + END.length);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = new URL("../docs/architecture.md", import.meta.url);
  writeFileSync(path, withLayerTable(readFileSync(path, "utf8")));
}
