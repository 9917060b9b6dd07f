// registry.operatorImage: the operator image of the plan's version resolved from the registry the install will pull
// from (public.ecr.aws by default, or the plan's private registry with its pull secret), with its platforms.
// Test hooks (README "Run every test"): DTREADY_PUBLIC_REGISTRY replaces the public.ecr.aws host for the
// default image, DTREADY_REGISTRY_CA_FILE adds a CA (PEM file) trusted for registry requests.
import { readFileSync } from "node:fs";
import type { V1Secret } from "@kubernetes/client-node";
import { defineCollector, type CollectContext } from "@/lib/engine/collector";
import { CollectError } from "@/lib/engine/errors";
import { operatorImage } from "@/lib/data/operator-workloads";
import { kube } from "@/lib/collect/kubernetes/context";
import { parseRepository, resolveImage, type ImageResolution } from "./oci";
import { env } from "@/lib/env";

export interface PullSecretFact {
  name: string;
  /** false: not found; undefined: could not be read (forbidden or no cluster). */
  exists?: boolean;
  type?: string;
  /** The secret has an entry for the registry host with a username/password (values are never kept). */
  hasCredentialsForRegistry?: boolean;
  problem?: string;
}

export interface OperatorImageFact extends ImageResolution {
  source: "public" | "private";
  pullSecret?: PullSecretFact;
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "registry.operatorImage": OperatorImageFact;
  }
}

export const PUBLIC_OPERATOR_REPOSITORY = "public.ecr.aws/dynatrace/dynatrace-operator";

/** Credentials for `registry` from a .dockerconfigjson document (keys may be host, https://host or host/v1/). */
export function credentialsFor(dockerConfigJson: string, registry: string): { username: string; password: string } | undefined {
  let auths: Record<string, { auth?: string; username?: string; password?: string }>;
  try {
    auths = (JSON.parse(dockerConfigJson) as { auths?: typeof auths }).auths ?? {};
  } catch {
    return undefined;
  }
  for (const [key, entry] of Object.entries(auths)) {
    const host = key.replace(/^https?:\/\//, "").split("/")[0];
    if (host !== registry) continue;
    if (entry.username && entry.password) return { username: entry.username, password: entry.password };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
      const i = decoded.indexOf(":");
      if (i > 0) return { username: decoded.slice(0, i), password: decoded.slice(i + 1) };
    }
  }
  return undefined;
}

async function readPullSecret(ctx: CollectContext, name: string, registry: string): Promise<{ fact: PullSecretFact; credentials?: { username: string; password: string } }> {
  const namespace = ctx.plan.namespace;
  const k = ctx.clients.kubernetes;
  if (!k) return { fact: { name, problem: "this run has no Kubernetes connection" } };
  let secret: V1Secret;
  try {
    secret = await kube(ctx).request(ctx, `GET /api/v1/namespaces/${namespace}/secrets/${name}`, (o) => k.api.core.readNamespacedSecret({ name, namespace }, o));
  } catch (err) {
    if (err instanceof CollectError && err.kind === "not-found") return { fact: { name, exists: false } };
    if (err instanceof CollectError) return { fact: { name, problem: err.message } };
    throw err;
  }
  const raw = secret.data?.[".dockerconfigjson"] ?? secret.data?.[".dockercfg"];
  const credentials = raw ? credentialsFor(Buffer.from(raw, "base64").toString("utf8"), registry) : undefined;
  return { fact: { name, exists: true, ...(secret.type ? { type: secret.type } : {}), hasCredentialsForRegistry: Boolean(credentials) }, credentials };
}

function extraCa(ctx: CollectContext): string | undefined {
  const file = env("registryCaFile");
  const fromFile = file ? readFileSync(file, "utf8") : undefined;
  const parts = [fromFile, ctx.clients.tenant?.caBundle].filter((x): x is string => Boolean(x));
  return parts.length ? parts.join("\n") : undefined;
}

export const operatorImageCollector = defineCollector({
  id: "registry.operator-image",
  produces: ["registry.operatorImage"],
  reads: ["namespace", "operatorVersion", "privateRegistry"],
  // The pull secret is read through the run's Kubernetes client once the access collector has made it.
  uses: ["k8s.access"],
  async collect(ctx) {
    const tag = operatorImage(ctx.plan.operatorVersion).split(":").pop()!;
    const priv = ctx.plan.privateRegistry;
    const testRegistry = env("publicRegistry");
    const publicRepo = testRegistry ? `${testRegistry}/dynatrace/dynatrace-operator` : PUBLIC_OPERATOR_REPOSITORY;
    const ref = parseRepository(priv?.repository ?? publicRepo, tag);
    let pullSecret: PullSecretFact | undefined;
    let credentials: { username: string; password: string } | undefined;
    if (priv?.pullSecret) ({ fact: pullSecret, credentials } = await readPullSecret(ctx, priv.pullSecret, ref.registry));
    const resolution = await resolveImage(ref, {
      credentials,
      ca: extraCa(ctx),
      proxyUrl: ctx.clients.tenant?.proxyUrl,
      timeoutMs: 10_000,
      signal: ctx.signal,
      note: (d) => ctx.noteRequest(d),
    });
    return { "registry.operatorImage": { ...resolution, source: priv ? "private" : "public", ...(pullSecret ? { pullSecret } : {}) } };
  },
});
