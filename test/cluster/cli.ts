// npm run test:cluster:up | test:cluster:down | test:cluster:apply -- FILE...
import { readFileSync } from "node:fs";
import { adminKubeConfig, applyObjects, loadObjects } from "./apply";
import { startTestCluster } from "./bootstrap";
import { adminKubeconfigPath, DEFAULT_DIR, isUp, restrictedKubeconfigPath, stopCluster } from "./cluster";

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case "up": {
      const s = await startTestCluster();
      console.log(`server:     ${s.server} (Kubernetes ${s.kubernetesVersion})`);
      console.log(`admin:      ${adminKubeconfigPath(s.dir)}`);
      console.log(`restricted: ${restrictedKubeconfigPath(s.dir)}`);
      return 0;
    }
    case "down":
      await stopCluster();
      console.log("test cluster stopped");
      return 0;
    case "apply": {
      if (!(await isUp())) {
        console.error(`no running test cluster in ${DEFAULT_DIR}; run npm run test:cluster:up first`);
        return 1;
      }
      if (rest.length === 0) {
        console.error("usage: npm run test:cluster:apply -- FILE...");
        return 1;
      }
      const objects = rest.flatMap((f) => loadObjects(readFileSync(f, "utf8")));
      const r = await applyObjects(adminKubeConfig(adminKubeconfigPath()), objects);
      console.log(`applied ${objects.length} objects (${r.created} created, ${r.replaced} replaced)`);
      return 0;
    }
    default:
      console.error("usage: test/cluster/cli.ts up|down|apply FILE...");
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`test-cluster: ${err.message}`);
    process.exit(1);
  },
);
