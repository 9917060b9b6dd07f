// The Helm chart as a cluster administrator meets it: `helm lint`; `helm template` with the SQLite and the
// PostgreSQL values (charts/dtready/ci/), every object sent as a server-side dry run to the real test
// kube-apiserver in a namespace that enforces Pod Security "restricted"; bad values refused with a message.
// helm is built from the Go module proxy (test/helm/build.sh, cached); the HTTPRoute needs the Gateway API
// CRDs, installed from the same proxy's sigs.k8s.io/gateway-api module.
import { execFile, execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { V1Deployment, V1Pod } from "@kubernetes/client-node";
import { beforeAll, describe, expect, it } from "vitest";
import { loadObjects } from "@/test/cluster/apply";
import { applyObjects, createTestNamespace, dryRunAsAdmin } from "@/test/cluster/testing";

const run = promisify(execFile);
const chart = path.resolve("charts/dtready");
const values = (name: string) => path.join(chart, "ci", `${name}-values.yaml`);
let helm = "";
let crds = "";

beforeAll(async () => {
  // Cached after the first build; the first one takes minutes.
  [helm, crds] = execFileSync("bash", ["test/helm/build.sh"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim().split("\n") as [string, string];
  const definitions = readdirSync(crds)
    .filter((f) => f.endsWith(".yaml"))
    .flatMap((f) => loadObjects(readFileSync(path.join(crds, f), "utf8")));
  await applyObjects(definitions);
  // The API server serves a new CRD's resource once it is established.
  const probe = { apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: "probe", namespace: "default" }, spec: {} };
  for (let i = 0; i < 60; i++) {
    const r = await dryRunAsAdmin(probe).catch(() => undefined);
    if (r && r.status !== 404) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}, 1_200_000);

async function helmRun(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(helm, args, { maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

function template(namespace: string, ...args: string[]) {
  return helmRun(["template", "dtready", chart, "--namespace", namespace, ...args]);
}

const RESTRICTED = {
  "pod-security.kubernetes.io/enforce": "restricted",
  "pod-security.kubernetes.io/enforce-version": "latest",
  "pod-security.kubernetes.io/warn": "restricted",
  "pod-security.kubernetes.io/warn-version": "latest",
};

function podOf(deployment: V1Deployment, namespace: string): V1Pod {
  const t = deployment.spec!.template;
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "from-template", namespace, labels: t.metadata?.labels }, spec: t.spec! };
}

describe("charts/dtready", () => {
  it("helm lint is clean (strict) with the SQLite and the PostgreSQL values", async () => {
    for (const v of ["sqlite", "postgresql"]) {
      const r = await helmRun(["lint", chart, "--strict", "-f", values(v)]);
      expect(r.stdout + r.stderr, v).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
      expect(r.stdout, v).not.toMatch(/\[(WARNING|ERROR)\]/);
      expect(r.code, v).toBe(0);
    }
  });

  it.each([
    ["sqlite", ["Deployment", "NetworkPolicy", "PersistentVolumeClaim", "PodDisruptionBudget", "Service", "ServiceAccount", "Ingress"]],
    ["postgresql", ["Deployment", "HTTPRoute", "NetworkPolicy", "PodDisruptionBudget", "Service", "ServiceAccount"]],
  ])("renders with the %s values; every object passes a server-side dry run in a restricted namespace", async (mode, kinds) => {
    const namespace = await createTestNamespace(`helm-${mode}`, RESTRICTED);
    const rendered = await template(namespace, "-f", values(mode));
    expect(rendered.stderr).toBe("");
    const objects = loadObjects(rendered.stdout);
    expect(objects.map((o) => o.kind).sort()).toEqual([...kinds].sort());

    for (const obj of objects) {
      const r = await dryRunAsAdmin({ ...obj, metadata: { ...obj.metadata, namespace } });
      expect({ kind: obj.kind, status: r.status, message: r.status >= 300 ? r.text : "" }).toEqual({ kind: obj.kind, status: 201, message: "" });
      expect(r.warnings, `${obj.kind}: ${r.warnings.join("; ")}`).toEqual([]);
    }
    // Pod Security enforcement applies to pods: the Deployment's pod, as its ReplicaSet would create it.
    const deployment = objects.find((o) => o.kind === "Deployment") as V1Deployment;
    const pod = await dryRunAsAdmin(podOf(deployment, namespace));
    expect({ status: pod.status, text: pod.status >= 300 ? pod.text : "" }).toEqual({ status: 201, text: "" });
    // The namespace does enforce: the same pod allowed to escalate privileges is refused.
    const escalating = podOf(deployment, namespace);
    escalating.spec!.containers[0]!.securityContext = { ...escalating.spec!.containers[0]!.securityContext, allowPrivilegeEscalation: true };
    const refused = await dryRunAsAdmin(escalating);
    expect(refused.status).toBe(403);
    expect((refused.json as { message: string }).message).toMatch(/violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false/);
  });

  it("SQLite: one replica that stops before the next starts, its data on the claim, no database URL", async () => {
    const objects = loadObjects((await template("dtready", "-f", values("sqlite"))).stdout);
    const d = objects.find((o) => o.kind === "Deployment") as V1Deployment;
    const pod = d.spec!.template.spec!;
    const env = Object.fromEntries(pod.containers[0]!.env!.map((e) => [e.name, e.value ?? e.valueFrom]));
    expect(d.spec!.replicas).toBe(1);
    expect(d.spec!.strategy!.type).toBe("Recreate");
    expect(pod.volumes!.find((v) => v.name === "data")!.persistentVolumeClaim!.claimName).toBe("dtready-data");
    expect(env).not.toHaveProperty("DATABASE_URL");
    expect(env).not.toHaveProperty("DTREADY_SECRET_KEY");
    expect(env.DTREADY_ALLOWED_HOSTS).toBe("dtready.example.com");
    expect(pod.containers[0]!.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(objects.find((o) => o.kind === "Ingress")).toMatchObject({ spec: { tls: [{ secretName: "dtready-tls", hosts: ["dtready.example.com"] }] } });
  });

  it("PostgreSQL: several replicas, DATABASE_URL and the encryption key from Secrets, sign-in and workload identity wired", async () => {
    const objects = loadObjects((await template("dtready", "-f", values("postgresql"))).stdout);
    const d = objects.find((o) => o.kind === "Deployment") as V1Deployment;
    const pod = d.spec!.template.spec!;
    const env = Object.fromEntries(pod.containers[0]!.env!.map((e) => [e.name, e.value ?? e.valueFrom]));
    expect(d.spec!.replicas).toBe(3);
    expect(env.DATABASE_URL).toEqual({ secretKeyRef: { name: "dtready-database", key: "DATABASE_URL" } });
    expect(env.DTREADY_SECRET_KEY).toEqual({ secretKeyRef: { name: "dtready-encryption-key", key: "DTREADY_SECRET_KEY" } });
    expect(env).toMatchObject({
      DTREADY_OIDC_ISSUER: "https://login.microsoftonline.com/00000000-0000-0000-0000-00000000000a/v2.0",
      DTREADY_OIDC_CLIENT_ID: "00000000-0000-0000-0000-000000000002",
      DTREADY_OIDC_CLIENT_SECRET_FILE: "/var/run/secrets/dtready/oidc/client-secret",
    });
    expect(pod.volumes!.find((v) => v.name === "oidc-client-secret")!.secret).toMatchObject({ secretName: "dtready-oidc", items: [{ key: "client-secret", path: "client-secret" }] });
    expect(pod.containers[0]!.image).toBe("myacr.azurecr.io/dtready@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    // Workload identity: the client ID on the ServiceAccount, the label the AKS webhook reads on the pod.
    expect(objects.find((o) => o.kind === "ServiceAccount")!.metadata!.annotations).toEqual({ "azure.workload.identity/client-id": "00000000-0000-0000-0000-000000000001" });
    expect(d.spec!.template.metadata!.labels).toMatchObject({ "azure.workload.identity/use": "true" });
    expect(pod.serviceAccountName).toBe("dtready");
    // The HTTPRoute's host name is one the server answers for.
    expect(env.DTREADY_ALLOWED_HOSTS).toBe("dtready.example.com");
  });

  it.each([
    ["more than one replica on SQLite", ["-f", values("sqlite"), "--set", "replicas=2"], /replicas: 2 replicas need database\.type=postgresql/],
    ["no image repository", [], /at '\/image\/repository': minLength: got 0, want 1/],
    ["an unknown database type", ["-f", values("sqlite"), "--set", "database.type=mysql"], /at '\/database\/type': value must be one of 'sqlite', 'postgresql'/],
    ["a misspelt value", ["-f", values("sqlite"), "--set", "replica=2"], /additional properties 'replica' not allowed/],
    ["an issuer that is not https", ["-f", values("sqlite"), "--set", "auth.oidc.issuer=http://login.example.com"], /at '\/auth\/oidc\/issuer': 'http:\/\/login.example.com' does not match pattern/],
    ["PostgreSQL without a shared encryption key", ["-f", values("postgresql"), "--set", "encryptionKey.existingSecret="], /encryptionKey\.existingSecret: with database\.type=postgresql/],
    ["PostgreSQL without the database Secret", ["-f", values("postgresql"), "--set", "database.postgresql.existingSecret="], /database\.postgresql\.existingSecret: name the Secret/],
    ["sign-in without the client secret", ["-f", values("sqlite"), "--set", "auth.oidc.clientSecret.existingSecret="], /auth\.oidc\.clientSecret\.existingSecret/],
    ["a drain longer than the grace period", ["-f", values("sqlite"), "--set", "runs.drainTimeoutSeconds=90"], /runs\.drainTimeoutSeconds: 90 must be less than terminationGracePeriodSeconds \(90\)/],
    ["an extra variable the chart sets itself", ["-f", values("sqlite"), "--set", "extraEnv[0].name=DATABASE_URL"], /at '\/extraEnv\/0\/name': 'not' failed/],
  ])("refuses %s with a message naming the value, and renders nothing", async (_what, args, message) => {
    const r = await template("dtready", ...args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });
});
