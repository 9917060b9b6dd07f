import "server-only";
// Clusters: a name plus the minimal kubeconfig of one context, encrypted at rest.
import { stringify } from "yaml";
import { KubeconfigError, resolveKubeconfig, type ResolvedKubeconfig } from "@/lib/collect/kubernetes/kubeconfig";
import { decrypt, encrypt } from "@/lib/secrets/encryption";
import { createClusterBody, parseInput, type ClusterInfo, type ClusterSummary, type CreateClusterInput, type RunStatus } from "@/lib/contracts";
import type { Verdict } from "@/lib/engine/types";
import { db } from "./client";
import { badRequest, notFound } from "./errors";
import { parseCounts } from "./run-reads";
import { verdictsWithWaivers } from "./waivers";

/** Only what is needed to connect with the chosen context, as a kubeconfig (no other contexts, no extras). */
export function minimalKubeconfig(r: ResolvedKubeconfig): string {
  const cluster: Record<string, unknown> = { server: r.cluster.server };
  if (r.cluster.caData) cluster["certificate-authority-data"] = r.cluster.caData;
  if (r.cluster.skipTLSVerify) cluster["insecure-skip-tls-verify"] = true;
  if (r.cluster.tlsServerName) cluster["tls-server-name"] = r.cluster.tlsServerName;
  if (r.cluster.proxyUrl) cluster["proxy-url"] = r.cluster.proxyUrl;
  const user: Record<string, unknown> = {};
  if (r.user.token) user.token = r.user.token;
  if (r.user.certData) user["client-certificate-data"] = r.user.certData;
  if (r.user.keyData) user["client-key-data"] = r.user.keyData;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: r.cluster.name, cluster }],
    users: [{ name: r.user.name, user }],
    contexts: [{ name: r.context, context: { cluster: r.cluster.name, user: r.user.name } }],
    "current-context": r.context,
  });
}

/** Validates the kubeconfig (throws DataError 400 with the KubeconfigError message); stores nothing on error. */
export async function createCluster(input: CreateClusterInput): Promise<{ id: string }> {
  const data = parseInput(createClusterBody, input);
  let resolved: ResolvedKubeconfig;
  try {
    resolved = resolveKubeconfig(data.kubeconfig, data.context);
  } catch (err) {
    if (err instanceof KubeconfigError) throw badRequest(err.message);
    throw err;
  }
  const row = await db().cluster.create({
    data: {
      name: data.name,
      context: resolved.context,
      server: resolved.cluster.server,
      kubeconfigEnc: encrypt(minimalKubeconfig(resolved)),
    },
    select: { id: true },
  });
  return { id: row.id };
}

const infoSelect = { id: true, name: true, context: true, server: true, createdAt: true } as const;

function toInfo(c: { id: string; name: string; context: string; server: string; createdAt: Date }): ClusterInfo {
  return { id: c.id, name: c.name, context: c.context, server: c.server, createdAt: c.createdAt.toISOString() };
}

export async function getCluster(id: string): Promise<ClusterInfo | null> {
  const c = await db().cluster.findUnique({ where: { id }, select: infoSelect });
  return c ? toInfo(c) : null;
}

export async function listClustersWithLatestRun(): Promise<ClusterSummary[]> {
  const clusters = await db().cluster.findMany({
    select: {
      ...infoSelect,
      runs: {
        orderBy: { startedAt: "desc" },
        take: 1,
        select: { id: true, clusterId: true, aksClusterId: true, status: true, verdict: true, startedAt: true, finishedAt: true, countsJson: true },
      },
    },
    orderBy: { name: "asc" },
  });
  // The list shows what each run page shows: with the clusters' active waivers applied.
  const verdicts = await verdictsWithWaivers(clusters.flatMap((c) => c.runs));
  return clusters.map((c) => {
    const r = c.runs[0];
    return {
      ...toInfo(c),
      latestRun: r
        ? {
            id: r.id,
            status: r.status as RunStatus,
            verdict: verdicts.get(r.id) ?? (r.verdict as Verdict | null) ?? null,
            startedAt: r.startedAt.toISOString(),
            finishedAt: r.finishedAt?.toISOString() ?? null,
            counts: parseCounts(r.countsJson),
          }
        : null,
    };
  });
}

export async function deleteCluster(id: string): Promise<void> {
  const { count } = await db().cluster.deleteMany({ where: { id } });
  if (count === 0) throw notFound("The cluster");
}

/** The decrypted kubeconfig of a cluster. Server-only: never return it from a route. */
export async function getClusterKubeconfig(id: string): Promise<{ kubeconfig: string; context: string; name: string }> {
  const c = await db().cluster.findUnique({ where: { id }, select: { kubeconfigEnc: true, context: true, name: true } });
  if (!c) throw notFound("The cluster");
  return { kubeconfig: decrypt(c.kubeconfigEnc), context: c.context, name: c.name };
}
