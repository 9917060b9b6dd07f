// The layer zones hold: for every pair of layers, an import is refused exactly when layers.mjs does not allow it,
// through the same ESLint rules `npm test` runs.
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import { zones } from "@/eslint.config.mjs";
import { LAYERS, prefixesOf } from "@/layers.mjs";

const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfigFile: true,
  overrideConfig: [{ files: ["**/*.{ts,tsx}"], languageOptions: { parser: tseslint.parser }, plugins: { "@typescript-eslint": tseslint.plugin } }, ...zones],
});

async function refused(fromLayer: (typeof LAYERS)[number], importPath: string, typeOnly = false): Promise<string[]> {
  const dir = fromLayer.dirs[0]!.replace(/\.ts$/, "");
  const filePath = dir.endsWith("/env") || dir.endsWith("/log") ? `${dir}.ts` : `${dir}/layer-probe.ts`;
  const code = `${typeOnly ? "import type { X }" : "import { X }"} from "${importPath}";\nexport const y: unknown = X;\n`;
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports").map((m) => m.message);
}

describe("layer zones", () => {
  it("refuse every import of a layer that layers.mjs does not list, and allow the listed ones", async () => {
    for (const from of LAYERS) {
      for (const to of LAYERS) {
        const allowed = from.name === to.name || from.mayImport.includes(to.name);
        const messages = await refused(from, `${prefixesOf(to)[0]}/x`);
        // checks may import collectors' fact types only: a value import of collect is refused with its own message.
        expect({ from: from.name, to: to.name, refused: messages.length > 0 }).toEqual({ from: from.name, to: to.name, refused: !allowed || (from.name === "checks" && to.name === "collect") });
        if (!allowed) expect(messages[0]).toMatch(new RegExp(`\\b${from.name}\\b`));
      }
    }
  });

  it("an upward import from the engine into the collectors is an error naming what the engine may import", async () => {
    expect(await refused(LAYERS.find((l) => l.name === "engine")!, "@/lib/collect/registry")).toEqual([
      "'@/lib/collect/registry' import is restricted from being used by a pattern. engine (lib/engine, lib/data) may import only engine: see layers.mjs and docs/architecture.md.",
    ]);
  });

  it("checks may import the fact types collectors declare, as types only", async () => {
    const checks = LAYERS.find((l) => l.name === "checks")!;
    expect(await refused(checks, "@/lib/collect/kubernetes/nodes", true)).toEqual([]);
    expect(await refused(checks, "@/lib/collect/kubernetes/nodes")).toHaveLength(1);
  });
});
