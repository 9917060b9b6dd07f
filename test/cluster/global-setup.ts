// Vitest global setup for integration tests: one real cluster per run, shared by all test files.
// A cluster already started with `npm run test:cluster:up` is reused and left running.
import { isUp, stopCluster } from "./cluster";
import { startTestCluster } from "./bootstrap";
import { buildCli } from "../../scripts/build-cli.mjs";

export default async function setup() {
  // The CLI tests spawn bin/dtready.mjs, which runs the compiled CLI: compile the sources under test once, here,
  // rather than in whichever test spawns it first (its stderr would carry the "compiling" note).
  await buildCli();
  const already = await isUp();
  const state = await startTestCluster();
  process.env.DTREADY_TEST_CLUSTER_DIR = state.dir;
  return async () => {
    if (!already && !process.env.DTREADY_KEEP_TEST_CLUSTER) await stopCluster(state.dir);
  };
}
