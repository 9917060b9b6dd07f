// Helpers for integration tests against the real test cluster (started by global-setup.ts).
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { KubernetesObject } from "@kubernetes/client-node";
import { createKubeClient, type KubeClient } from "@/lib/collect/kubernetes/client";
import { resolveKubeconfig } from "@/lib/collect/kubernetes/kubeconfig";
import type { CollectContext } from "@/lib/engine/collector";
import { parsePlan, type PlanInput } from "@/lib/engine/plan";
import { adminKubeConfig, applyObjects as apply, dryRunCreate, loadObjects } from "./apply";
import { adminKubeconfigPath, DEFAULT_DIR, readState, restrictedKubeconfigPath } from "./cluster";

function dir() {
  return process.env.DTREADY_TEST_CLUSTER_DIR ?? DEFAULT_DIR;
}

function requireCluster() {
  const s = readState(dir());
  if (!s) throw new Error(`no test cluster in ${dir()}: run integration tests through vitest (global setup) or \`npm run test:cluster:up\``);
  return s;
}

export function adminKubeconfig(): string {
  requireCluster();
  return readFileSync(adminKubeconfigPath(dir()), "utf8");
}

export function restrictedKubeconfig(): string {
  requireCluster();
  return readFileSync(restrictedKubeconfigPath(dir()), "utf8");
}

export function adminClient(): KubeClient {
  return createKubeClient(resolveKubeconfig(adminKubeconfig()));
}

export function restrictedClient(): KubeClient {
  return createKubeClient(resolveKubeconfig(restrictedKubeconfig()));
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`.toLowerCase().slice(0, 63);
}

/** Creates a namespace with a unique name (and optional labels) as admin; returns the name. */
export async function createTestNamespace(prefix: string, labels: Record<string, string> = {}): Promise<string> {
  const name = uniqueName(prefix);
  await applyObjects([{ apiVersion: "v1", kind: "Namespace", metadata: { name, labels } }]);
  return name;
}

/** Create-or-replace as admin; accepts objects or multi-document YAML. */
export async function applyObjects(objs: object[] | string): Promise<void> {
  const objects = typeof objs === "string" ? loadObjects(objs) : (objs as KubernetesObject[]);
  await apply(adminKubeConfig(adminKubeconfigPath(dir())), objects);
}

/** A server-side dry run (`dryRun=All`) of creating the object as admin: status, body and `Warning` headers. */
export function dryRunAsAdmin(obj: KubernetesObject) {
  return dryRunCreate(adminKubeConfig(adminKubeconfigPath(dir())), obj);
}

/** A collect context for calling one collector directly. */
export function testCollectContext(client: KubeClient, plan: PlanInput = {}): CollectContext & { requests: string[] } {
  const requests: string[] = [];
  const p = parsePlan(plan);
  return {
    plan: p,
    target: { kind: "kubeconfig", name: "dtready-test", context: "test", server: client.server },
    signal: AbortSignal.timeout(30_000),
    clients: { kubernetes: client },
    noteRequest: (d) => requests.push(d),
    requests,
  };
}
