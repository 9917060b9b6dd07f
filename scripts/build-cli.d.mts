// Types of build-cli.mjs (a plain ES module: npm's `prepare` runs it before anything can compile TypeScript).
export function buildCli(): Promise<{ ms: number; inputs: number }>;
