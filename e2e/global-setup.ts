// The e2e needs the real test cluster: start it unless it is already up (the command reuses a running one).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export default function globalSetup() {
  const root = fileURLToPath(new URL("..", import.meta.url));
  execFileSync(process.execPath, ["--import", "tsx", "test/cluster/cli.ts", "up"], { cwd: root, stdio: "inherit" });
  for (const f of ["admin.kubeconfig", "restricted.kubeconfig"]) {
    const dir = process.env.DTREADY_TEST_CLUSTER_DIR ?? join(root, ".test-cluster");
    if (!existsSync(join(dir, f))) throw new Error(`the test cluster did not write ${join(dir, f)}`);
  }
}
