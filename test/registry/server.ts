// An OCI distribution test registry on 127.0.0.1 over HTTPS (CA made at start): GET /v2/, the bearer-token flow
// (WWW-Authenticate: Bearer realm/service/scope, GET /token), manifests by tag (index or single manifest), config
// blobs, and the registry error envelope {"errors":[{code,message}]} for 401 and 404.
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { makeTestCertificates } from "@/test/network/certs";

export interface RegistryScenario {
  /** "none": open; "bearer": token flow, anonymous tokens allowed unless `credentials` are set; "basic": Basic auth. */
  auth: "none" | "bearer" | "basic";
  /** Required for tokens (bearer) or requests (basic) when set. */
  credentials?: { username: string; password: string };
  /** repository → tag → architectures (an index), or { single: arch } for a single-platform manifest. */
  images: Record<string, Record<string, string[] | { single: string }>>;
  /** Every manifest request answers 401 UNAUTHORIZED even with a token (a repository the token may not read). */
  denyManifests?: boolean;
}

export interface TestRegistry {
  /** host:port, as used in image references. */
  host: string;
  caPem: string;
  requests: { method: string; path: string; authorization?: string }[];
  setScenario(s: RegistryScenario): void;
  close(): Promise<void>;
}

const INDEX = "application/vnd.oci.image.index.v1+json";
const MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const digestOf = (s: string) => `sha256:${createHash("sha256").update(s).digest("hex")}`;

export async function startTestRegistry(scenario: RegistryScenario): Promise<TestRegistry> {
  const certs = makeTestCertificates("dtready test registry");
  let current = scenario;
  const tokens = new Set<string>();
  const blobs = new Map<string, string>();
  const requests: TestRegistry["requests"] = [];
  let host = "";

  const error = (res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(JSON.stringify({ errors: [{ code, message }] }));
  };
  const basicOk = (req: IncomingMessage) => {
    const c = current.credentials;
    if (!c) return true;
    return req.headers.authorization === `Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}`;
  };
  const authorized = (req: IncomingMessage) => {
    if (current.auth === "none") return true;
    if (current.auth === "basic") return Boolean(req.headers.authorization) && basicOk(req);
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? "");
    return Boolean(m && tokens.has(m[1]!));
  };
  const challenge = (repo?: string): Record<string, string> =>
    current.auth === "basic"
      ? { "WWW-Authenticate": 'Basic realm="dtready-test-registry"' }
      : { "WWW-Authenticate": `Bearer realm="https://${host}/token",service="dtready-test-registry"${repo ? `,scope="repository:${repo}:pull"` : ""}` };

  const server = createServer({ cert: certs.certPem, key: certs.keyPem }, (req, res) => {
    const url = new URL(req.url ?? "/", `https://${host}`);
    requests.push({ method: req.method ?? "GET", path: url.pathname + url.search, authorization: req.headers.authorization?.split(" ")[0] });
    if (url.pathname === "/token") {
      if (current.auth !== "bearer") return error(res, 404, "NOT_FOUND", "no token service");
      if (current.credentials && !basicOk(req)) return error(res, 401, "UNAUTHORIZED", "authentication required");
      const token = randomBytes(16).toString("hex");
      tokens.add(token);
      res.writeHead(200, { "Content-Type": "application/json" });
      return res.end(JSON.stringify({ token, expires_in: 300 }));
    }
    if (url.pathname === "/v2/" || url.pathname === "/v2") {
      if (!authorized(req)) return error(res, 401, "UNAUTHORIZED", "authentication required", challenge());
      res.writeHead(200, { "Content-Type": "application/json", "Docker-Distribution-API-Version": "registry/2.0" });
      return res.end("{}");
    }
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    if (!m) return error(res, 404, "NOT_FOUND", "unknown endpoint");
    const [, repo, kind, ref] = m as unknown as [string, string, string, string];
    if (!authorized(req) || current.denyManifests) return error(res, 401, "UNAUTHORIZED", "authentication required", challenge(repo));
    if (kind === "blobs") {
      const blob = blobs.get(decodeURIComponent(ref));
      if (!blob) return error(res, 404, "BLOB_UNKNOWN", "blob unknown to registry");
      res.writeHead(200, { "Content-Type": "application/vnd.oci.image.config.v1+json" });
      return res.end(blob);
    }
    const tags = current.images[repo];
    if (!tags) return error(res, 404, "NAME_UNKNOWN", "repository name not known to registry");
    const spec = tags[decodeURIComponent(ref)];
    if (!spec) return error(res, 404, "MANIFEST_UNKNOWN", "manifest unknown");
    let body: string;
    let type: string;
    const singleManifest = (arch: string) => {
      const config = JSON.stringify({ architecture: arch, os: "linux", config: {} });
      blobs.set(digestOf(config), config);
      return JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST, config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: digestOf(config), size: config.length }, layers: [] });
    };
    if (Array.isArray(spec)) {
      type = INDEX;
      body = JSON.stringify({
        schemaVersion: 2,
        mediaType: INDEX,
        manifests: [
          ...spec.map((arch) => {
            const mf = singleManifest(arch);
            return { mediaType: MANIFEST, digest: digestOf(mf), size: mf.length, platform: { os: "linux", architecture: arch } };
          }),
          // Like real build output: an attestation manifest with platform unknown/unknown.
          { mediaType: MANIFEST, digest: digestOf("attestation"), size: 10, platform: { os: "unknown", architecture: "unknown" } },
        ],
      });
    } else {
      type = MANIFEST;
      body = singleManifest(spec.single);
    }
    const accepted = (req.headers.accept ?? "").includes(type);
    if (!accepted) return error(res, 404, "MANIFEST_UNKNOWN", `manifest not available in the accepted media types (${type} not accepted)`);
    res.writeHead(200, { "Content-Type": type, "Docker-Content-Digest": digestOf(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    caPem: certs.caPem,
    requests,
    setScenario: (s) => {
      current = s;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
