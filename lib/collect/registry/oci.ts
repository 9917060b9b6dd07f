// Resolving an image through the OCI distribution API (the same calls a container runtime makes before a pull):
// GET /v2/, the bearer-token challenge (anonymous, or with pull-secret credentials), then the manifest by tag with
// every manifest media type accepted. Only what the checks need is returned: media type, digest, platforms.
import { CollectError } from "@/lib/engine/errors";
import { httpsRequest, type HttpsResponse } from "@/lib/collect/network/https";

export const MANIFEST_ACCEPT = [
  "application/vnd.oci.image.index.v1+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
].join(", ");

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface ImageResolution {
  /** host[:port]/path:tag */
  image: string;
  resolved: boolean;
  /** How the registry let us in: no auth, anonymous bearer token, or the pull secret's credentials. */
  auth: "none" | "anonymous-token" | "credentials";
  /** HTTP status of the answer that decided (the manifest, or the step that failed). */
  status: number;
  /** Why it did not resolve, in words; the registry's own error code when it sent one. */
  problem?: string;
  mediaType?: string;
  digest?: string;
  /** Platforms the image provides (from the index, or from the single manifest's config). */
  platforms: Platform[];
  requests: string[];
}

export interface ImageRef {
  registry: string; // host[:port]
  repository: string; // path
  tag: string;
}

/** "host[:port]/path" + tag. The first path element is the registry host (every supported form names it). */
export function parseRepository(repository: string, tag: string): ImageRef {
  const slash = repository.indexOf("/");
  if (slash < 0) throw new CollectError("invalid", `"${repository}" does not name a registry host`);
  return { registry: repository.slice(0, slash), repository: repository.slice(slash + 1), tag };
}

export interface ResolveOptions {
  credentials?: { username: string; password: string };
  ca?: string;
  proxyUrl?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  note?: (description: string) => void;
}

/** Parses `Bearer realm="…",service="…",scope="…"` (RFC 6750 style parameters; values may contain commas). */
export function parseChallenge(header: string | undefined): { scheme: string; params: Record<string, string> } | undefined {
  if (!header) return undefined;
  const m = /^\s*(\w+)\s*(.*)$/.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (const p of m[2]!.matchAll(/(\w+)="([^"]*)"|(\w+)=([^,\s]+)/g)) params[(p[1] ?? p[3])!.toLowerCase()] = (p[2] ?? p[4])!;
  return { scheme: m[1]!.toLowerCase(), params };
}

function registryError(body: string): string | undefined {
  try {
    const e = (JSON.parse(body) as { errors?: { code?: string; message?: string }[] }).errors?.[0];
    return e ? `${e.code ?? "ERROR"}${e.message ? `: ${e.message}` : ""}` : undefined;
  } catch {
    return undefined;
  }
}

export async function resolveImage(ref: ImageRef, opts: ResolveOptions): Promise<ImageResolution> {
  const base = `https://${ref.registry}`;
  const image = `${ref.registry}/${ref.repository}:${ref.tag}`;
  const requests: string[] = [];
  const get = async (path: string, headers: Record<string, string> = {}, description = `GET ${base}${path.split("?")[0]}`): Promise<HttpsResponse> => {
    requests.push(description);
    opts.note?.(description);
    return httpsRequest({ url: path.startsWith("https://") ? path : `${base}${path}`, method: "GET", headers, ca: opts.ca, proxyUrl: opts.proxyUrl, timeoutMs: opts.timeoutMs, signal: opts.signal, maxBodyBytes: 1024 * 1024 });
  };
  const basic = opts.credentials ? `Basic ${Buffer.from(`${opts.credentials.username}:${opts.credentials.password}`).toString("base64")}` : undefined;
  const outcome = (status: number, problem: string, auth: ImageResolution["auth"] = "none"): ImageResolution => ({ image, resolved: false, auth, status, problem, platforms: [], requests });

  const ping = await get("/v2/");
  let authorization: string | undefined;
  let auth: ImageResolution["auth"] = "none";
  if (ping.status === 401) {
    const challenge = parseChallenge(headerOf(ping, "www-authenticate"));
    if (challenge?.scheme === "bearer" && challenge.params.realm) {
      const realm = new URL(challenge.params.realm);
      if (realm.protocol !== "https:") return outcome(401, `the registry's token service ${realm.origin} is not HTTPS`);
      if (challenge.params.service) realm.searchParams.set("service", challenge.params.service);
      realm.searchParams.set("scope", `repository:${ref.repository}:pull`);
      const tok = await get(realm.toString(), basic ? { Authorization: basic } : {}, `GET ${realm.origin}${realm.pathname} (pull token for ${ref.repository})`);
      auth = basic ? "credentials" : "anonymous-token";
      if (tok.status !== 200) {
        return outcome(tok.status, `the token service refused a pull token for ${ref.repository} (HTTP ${tok.status}${basic ? ", with the pull secret's credentials" : ", anonymously"})`, auth);
      }
      const token = parseToken(tok.body);
      if (!token) return outcome(tok.status, "the token service answered without a token", auth);
      authorization = `Bearer ${token}`;
    } else if (challenge?.scheme === "basic") {
      if (!basic) return outcome(401, "the registry requires credentials (Basic auth) and no pull secret with credentials for it was given");
      authorization = basic;
      auth = "credentials";
    } else {
      return outcome(401, "the registry answered 401 without a usable WWW-Authenticate challenge");
    }
  } else if (ping.status >= 300) {
    return outcome(ping.status, `GET /v2/ answered HTTP ${ping.status}: this is not an OCI registry endpoint`);
  }

  const headers: Record<string, string> = { Accept: MANIFEST_ACCEPT, ...(authorization ? { Authorization: authorization } : {}) };
  const res = await get(`/v2/${ref.repository}/manifests/${encodeURIComponent(ref.tag)}`, headers);
  if (res.status !== 200) {
    const code = registryError(res.body);
    const what =
      res.status === 404
        ? `${ref.repository}:${ref.tag} does not exist in ${ref.registry}`
        : res.status === 401 || res.status === 403
          ? `pulling ${ref.repository} is denied`
          : `the manifest request failed`;
    return outcome(res.status, `${what} (HTTP ${res.status}${code ? `, ${code}` : ""})`, auth);
  }
  let manifest: { mediaType?: string; manifests?: { platform?: Platform }[]; config?: { digest?: string } };
  try {
    manifest = JSON.parse(res.body) as typeof manifest;
  } catch {
    return outcome(res.status, "the manifest is not JSON", auth);
  }
  const mediaType = manifest.mediaType ?? headerOf(res, "content-type")?.split(";")[0];
  const digest = headerOf(res, "docker-content-digest");
  let platforms: Platform[] = [];
  if (Array.isArray(manifest.manifests)) {
    platforms = manifest.manifests
      .map((m) => m.platform)
      .filter((p): p is Platform => Boolean(p?.architecture) && p!.os !== "unknown") // attestation manifests say unknown/unknown
      .map((p) => (p.variant ? { os: p.os, architecture: p.architecture, variant: p.variant } : { os: p.os, architecture: p.architecture }));
  } else if (manifest.config?.digest) {
    let cfg = await get(`/v2/${ref.repository}/blobs/${manifest.config.digest}`, authorization ? { Authorization: authorization } : {});
    const location = headerOf(cfg, "location");
    // Registries serve blobs from a CDN: follow one redirect, without our credentials.
    if ([301, 302, 303, 307, 308].includes(cfg.status) && location?.startsWith("https://")) cfg = await get(location, {}, `GET ${new URL(location).origin} (config blob)`);
    if (cfg.status === 200) {
      try {
        const c = JSON.parse(cfg.body) as { os?: string; architecture?: string; variant?: string };
        if (c.architecture) platforms = [{ os: c.os ?? "linux", architecture: c.architecture, ...(c.variant ? { variant: c.variant } : {}) }];
      } catch {
        /* platforms stay unknown */
      }
    }
  }
  return { image, resolved: true, auth, status: 200, ...(mediaType ? { mediaType } : {}), ...(digest ? { digest } : {}), platforms, requests };
}

function headerOf(res: HttpsResponse, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function parseToken(body: string): string | undefined {
  try {
    const t = JSON.parse(body) as { token?: string; access_token?: string };
    return t.token ?? t.access_token;
  } catch {
    return undefined;
  }
}
