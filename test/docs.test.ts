// docs/architecture.md says only what the code does: its layer table is the one layers.mjs defines (and ESLint
// enforces), and every file it names exists.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { withLayerTable } from "@/scripts/gen-architecture-doc.mjs";

const doc = readFileSync("docs/architecture.md", "utf8");

describe("docs/architecture.md", () => {
  it("has the layer table of layers.mjs (npm run docs:architecture writes it)", () => {
    expect(doc).toBe(withLayerTable(doc));
  });

  it("names only files and folders that exist", () => {
    const named = [...doc.matchAll(/`((?:lib|app|components|scripts|test|prisma)\/[^`<>*]+?|[a-z.-]+\.(?:mjs|ts))`/g)].map((m) => m[1]!.replace(/\/$/, ""));
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter((p) => !existsSync(p))).toEqual([]);
  });
});
