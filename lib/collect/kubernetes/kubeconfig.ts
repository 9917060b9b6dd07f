// Parses and validates a kubeconfig before anything else touches it. Only self-contained, non-executing
// credentials are accepted: the server must never spawn an exec plugin or read local files named in it.
import { parseDocument } from "yaml";
import { z } from "zod";

export type AuthKind = "token" | "client-certificate" | "none";

export interface KubeContextInfo {
  name: string;
  cluster: string;
  server: string;
  user: string;
  namespace?: string;
  authKind: AuthKind;
  /** Set when this context cannot be used; says why and what to do instead. */
  unsupported?: string;
}

/** The minimal, validated connection material for one context. Secret: never log or return it. */
export interface ResolvedKubeconfig {
  context: string;
  cluster: { name: string; server: string; caData?: string; skipTLSVerify: boolean; tlsServerName?: string; proxyUrl?: string };
  user: { name: string; token?: string; certData?: string; keyData?: string };
}

export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KubeconfigError";
  }
}

const entryName = z.string().min(1, "every entry needs a name");

const clusterSchema = z
  .object({
    server: z.string().min(1, "cluster.server is empty"),
    "certificate-authority-data": z.string().optional(),
    "certificate-authority": z.string().optional(),
    "insecure-skip-tls-verify": z.boolean().optional(),
    "tls-server-name": z.string().optional(),
    "proxy-url": z.string().optional(),
  })
  .passthrough();

const userSchema = z
  .object({
    token: z.string().optional(),
    tokenFile: z.string().optional(),
    "client-certificate-data": z.string().optional(),
    "client-key-data": z.string().optional(),
    "client-certificate": z.string().optional(),
    "client-key": z.string().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    exec: z.unknown().optional(),
    "auth-provider": z.unknown().optional(),
  })
  .passthrough()
  .nullable()
  .transform((u) => u ?? {});

const contextSchema = z.object({
  cluster: z.string().min(1),
  user: z.string().min(1),
  namespace: z.string().optional(),
});

const kubeconfigSchema = z.object({
  clusters: z.array(z.object({ name: entryName, cluster: clusterSchema })).min(1, "the kubeconfig has no clusters"),
  users: z.array(z.object({ name: entryName, user: userSchema })).nullable().transform((u) => u ?? []).default([]),
  contexts: z.array(z.object({ name: entryName, context: contextSchema })).min(1, "the kubeconfig has no contexts"),
  "current-context": z.string().optional(),
});

type Kubeconfig = z.infer<typeof kubeconfigSchema>;

const MAX_BYTES = 1024 * 1024;

function load(text: string): Kubeconfig {
  if (!text.trim()) throw new KubeconfigError("The kubeconfig is empty.");
  if (Buffer.byteLength(text) > MAX_BYTES) throw new KubeconfigError("The kubeconfig is larger than 1 MiB; that is not a kubeconfig.");
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const where = e.linePos?.[0] ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : "";
    throw new KubeconfigError(`The kubeconfig is not valid YAML${where}: ${e.message.split("\n")[0]}`);
  }
  const raw: unknown = doc.toJS();
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new KubeconfigError("The kubeconfig must be a YAML mapping with clusters, users and contexts.");
  }
  const parsed = kubeconfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.join(".");
    throw new KubeconfigError(`The kubeconfig is not valid${path ? ` at ${path}` : ""}: ${issue.message}`);
  }
  return parsed.data;
}

function authOf(user: z.infer<typeof userSchema>): { kind: AuthKind; unsupported?: string } {
  if (user.exec !== undefined) {
    return {
      kind: "none",
      unsupported:
        "This user runs an exec credential plugin (for example kubelogin or an aws/gcloud helper). The dashboard never runs programs named in a kubeconfig. For AKS with Microsoft Entra ID, connect the cluster through an Azure connection instead; otherwise use a kubeconfig with a service-account token or an embedded client certificate.",
    };
  }
  if (user["auth-provider"] !== undefined) {
    return {
      kind: "none",
      unsupported:
        "This user uses a legacy auth-provider plugin, which the dashboard does not run. Use a service-account token or an embedded client certificate instead.",
    };
  }
  if (user.tokenFile || user["client-certificate"] || user["client-key"]) {
    return {
      kind: "none",
      unsupported:
        "This user refers to credential files on disk, which the dashboard does not read. Embed them: kubectl config view --raw --flatten --minify",
    };
  }
  if (user.username || user.password) {
    return { kind: "none", unsupported: "Basic authentication (username/password) was removed in Kubernetes 1.19. Use a token or a client certificate." };
  }
  if (user.token) return { kind: "token" };
  if (user["client-certificate-data"] && user["client-key-data"]) return { kind: "client-certificate" };
  if (user["client-certificate-data"] || user["client-key-data"]) {
    return { kind: "none", unsupported: "This user has only half of a client certificate: both client-certificate-data and client-key-data are needed." };
  }
  return { kind: "none", unsupported: "This user has no credentials (no token and no client certificate)." };
}

function serverProblem(server: string): string | undefined {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return `The cluster server "${server}" is not a URL.`;
  }
  if (url.protocol !== "https:") return `The cluster server must use https://, not ${url.protocol}//.`;
  return undefined;
}

/** Lists the contexts, marking those the dashboard cannot use and why. Throws KubeconfigError. */
export function inspectKubeconfig(text: string): { contexts: KubeContextInfo[]; currentContext?: string } {
  const kc = load(text);
  const contexts = kc.contexts.map((c): KubeContextInfo => {
    const cluster = kc.clusters.find((x) => x.name === c.context.cluster);
    const user = kc.users.find((x) => x.name === c.context.user);
    const base = { name: c.name, cluster: c.context.cluster, user: c.context.user, namespace: c.context.namespace };
    if (!cluster) return { ...base, server: "", authKind: "none", unsupported: `Context "${c.name}" names cluster "${c.context.cluster}", which is not in the kubeconfig.` };
    const server = cluster.cluster.server;
    if (!user) return { ...base, server, authKind: "none", unsupported: `Context "${c.name}" names user "${c.context.user}", which is not in the kubeconfig.` };
    const auth = authOf(user.user);
    const unsupported =
      auth.unsupported ??
      serverProblem(server) ??
      (cluster.cluster["certificate-authority"] && !cluster.cluster["certificate-authority-data"]
        ? "The cluster's CA is a file path, which the dashboard does not read. Embed it: kubectl config view --raw --flatten --minify"
        : undefined);
    return { ...base, server, authKind: auth.kind, unsupported };
  });
  return { contexts, currentContext: kc["current-context"] || undefined };
}

/** Validates and extracts what is needed to connect with one context. Throws KubeconfigError. */
export function resolveKubeconfig(text: string, contextName?: string): ResolvedKubeconfig {
  const kc = load(text);
  const info = inspectKubeconfig(text);
  const name = contextName || info.currentContext || (info.contexts.length === 1 ? info.contexts[0]!.name : undefined);
  if (!name) {
    throw new KubeconfigError(
      `The kubeconfig has no current-context; choose one of: ${info.contexts.map((c) => c.name).join(", ")}.`,
    );
  }
  const ctx = info.contexts.find((c) => c.name === name);
  if (!ctx) {
    throw new KubeconfigError(`Context "${name}" is not in the kubeconfig; it has: ${info.contexts.map((c) => c.name).join(", ")}.`);
  }
  if (ctx.unsupported) throw new KubeconfigError(ctx.unsupported);
  const cluster = kc.clusters.find((x) => x.name === ctx.cluster)!.cluster;
  const user = kc.users.find((x) => x.name === ctx.user)!.user;
  return {
    context: ctx.name,
    cluster: {
      name: ctx.cluster,
      server: cluster.server,
      caData: cluster["certificate-authority-data"],
      skipTLSVerify: cluster["insecure-skip-tls-verify"] === true,
      tlsServerName: cluster["tls-server-name"],
      proxyUrl: cluster["proxy-url"],
    },
    user: {
      name: ctx.user,
      token: user.token,
      certData: user["client-certificate-data"],
      keyData: user["client-key-data"],
    },
  };
}
