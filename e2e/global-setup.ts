// The e2e needs the real test cluster: start it unless it is already up (as the vitest global setup does).
// Only a cluster this setup started is stopped at the end; a running one (shared with other test runs,
// or started by scripts/test-all.sh) is left alone.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isUp } from "../test/cluster/cluster";

export default async function globalSetup(): Promise<() => void> {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const dir = process.env.DTREADY_TEST_CLUSTER_DIR ?? join(root, ".test-cluster");
  const cli = (cmd: "up" | "down") => execFileSync(process.execPath, ["--import", "tsx", "test/cluster/cli.ts", cmd], { cwd: root, stdio: "inherit" });
  const wasUp = Boolean(await isUp(dir));
  if (!wasUp) cli("up");
  for (const f of ["admin.kubeconfig", "restricted.kubeconfig"]) {
    if (!existsSync(join(dir, f))) throw new Error(`the test cluster did not write ${join(dir, f)}`);
  }
  return () => {
    if (!wasUp && !process.env.DTREADY_KEEP_TEST_CLUSTER) cli("down");
  };
}
