// Lint: typescript-eslint's type-checked rules, React hooks, the layers of layers.mjs as import zones, and the
// environment read only in lib/env.ts. `npm test` runs it (scripts/test-all.sh).
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";
import { LAYERS, prefixesOf } from "./layers.mjs";

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** For each layer: importing any layer it does not list is an error that says which layers it may use. */
export const zones = LAYERS.map((layer) => {
  const allowed = new Set([layer.name, ...layer.mayImport]);
  // Checks read collectors' fact types: their import of collect has its own rule below.
  const forbidden = LAYERS.filter((l) => !allowed.has(l.name) && !(layer.name === "checks" && l.name === "collect")).flatMap(prefixesOf);
  const files = layer.dirs.map((d) => (d.endsWith(".ts") ? d : `${d}/**/*.{ts,tsx}`));
  const patterns = forbidden.map((p) => ({
    regex: `^${escape(p)}(/|$)`,
    message: `${layer.name} (${layer.dirs.join(", ")}) may import only ${[...allowed].join(", ")}: see layers.mjs and docs/architecture.md.`,
  }));
  // Checks read the facts collectors declare: the fact types, never collector code.
  if (layer.name === "checks") patterns.push({ regex: "^@/lib/collect(/|$)", allowTypeImports: true, message: "checks import collectors' fact types only (import type): checks do no I/O." });
  return {
    files,
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns }] },
  };
});

export default tseslint.config(
  { ignores: ["lib/generated/**", ".next/**", "node_modules/**", "test-results/**", "playwright-report/**", "**/*.mjs", "**/*.js", "**/*.cjs", "dist/**", "next-env.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports", disallowTypeAnnotations: false }],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      // Relative imports stay inside a folder, so the zones below see every cross-folder import as `@/...`.
      "no-restricted-imports": ["error", { patterns: [{ regex: "^\\.\\./", message: "import across folders with @/...: the layer zones check those." }] }],
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "read the environment through lib/env.ts (validated, one place)." }],
      // Interfaces (collectors, route handlers) return promises whether or not a body awaits.
      "@typescript-eslint/require-await": "off",
    },
  },
  // Hooks rules where React runs: components, pages and the browser's hooks.
  { files: ["components/**/*.tsx", "app/**/*.tsx", "lib/web/**/*.{ts,tsx}"], plugins: { "react-hooks": reactHooks }, rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" } },
  ...zones,
  // The one module that reads the environment, and what runs before it can be loaded.
  { files: ["lib/env.ts", "instrumentation.ts", "prisma.config.ts"], rules: { "no-restricted-properties": "off" } },
  // Prisma's config loader does not know the @/ alias.
  { files: ["lib/db/location.ts", "prisma.config.ts"], rules: { "no-restricted-imports": "off" } },
  // Tests and scripts set up environments, test servers and fixtures; the zones are for the product's code.
  {
    files: ["**/*.test.ts", "**/*.test.tsx", "test/**", "scripts/**", "e2e/**", "playwright.config.ts", "vitest.config.ts"],
    rules: {
      "no-restricted-properties": "off",
      "no-restricted-imports": "off",
      // Answers read back in tests are untyped JSON by nature; the assertions are what types them.
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/unbound-method": "off",
    },
  },
);
