// The layers of the code, lowest first, and what each may import. eslint.config.mjs enforces it; docs/architecture.md
// shows it (a test keeps the two in step). A module may import its own layer and the layers it lists.
/** @type {{ name: string; dirs: string[]; mayImport: string[]; why: string }[]} */
export const LAYERS = [
  { name: "foundation", dirs: ["lib/env.ts", "lib/log.ts", "lib/secrets"], mayImport: [], why: "the environment, the logger, encryption and redaction" },
  { name: "engine", dirs: ["lib/engine", "lib/data"], mayImport: [], why: "facts, checks, plans, results, verdicts, and the data tables they use: no I/O" },
  { name: "contracts", dirs: ["lib/contracts"], mayImport: ["engine"], why: "one zod schema per boundary: API bodies and answers, stored JSON, the facts file" },
  { name: "collect", dirs: ["lib/collect"], mayImport: ["contracts", "engine", "foundation"], why: "collectors: the only code that talks to clusters, tenants, registries, Azure" },
  { name: "checks", dirs: ["lib/checks"], mayImport: ["contracts", "engine"], why: "one pure check per file, over facts (collectors' fact types imported as types only)" },
  { name: "runs", dirs: ["lib/runs"], mayImport: ["checks", "collect", "contracts", "engine", "foundation"], why: "composition: which collectors and checks, the target built once, replay" },
  { name: "report", dirs: ["lib/report"], mayImport: ["checks", "collect", "contracts", "engine"], why: "exports, comparison, install plan, report hash: pure functions over reports" },
  { name: "db", dirs: ["lib/db", "lib/generated"], mayImport: ["runs", "report", "checks", "collect", "contracts", "engine", "foundation"], why: "storage, one module per aggregate" },
  { name: "jobs", dirs: ["lib/jobs"], mayImport: ["db", "runs", "report", "checks", "collect", "contracts", "engine", "foundation"], why: "runs executed in the background, live events" },
  { name: "api", dirs: ["lib/api"], mayImport: ["jobs", "db", "runs", "report", "checks", "collect", "contracts", "engine", "foundation"], why: "route plumbing: endpoints to handlers, errors to answers" },
  { name: "cli", dirs: ["lib/cli"], mayImport: ["db", "runs", "report", "checks", "collect", "contracts", "engine", "foundation"], why: "dtready check, replay, fleet" },
  { name: "web", dirs: ["lib/web", "components"], mayImport: ["report", "checks", "contracts", "engine"], why: "what runs in the browser: the API client, hooks, components" },
  { name: "app", dirs: ["app"], mayImport: ["web", "api", "jobs", "db", "runs", "report", "checks", "collect", "contracts", "engine", "foundation"], why: "Next.js pages and route handlers, thin" },
];

/** The `@/...` import prefixes of a layer's directories. */
export function prefixesOf(layer) {
  return layer.dirs.map((d) => `@/${d.replace(/\.ts$/, "")}`);
}
