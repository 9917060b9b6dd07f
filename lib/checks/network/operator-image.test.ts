import { describe, expect, it } from "vitest";
import type { OperatorImageFact } from "@/lib/collect/registry/operator-image";
import { credentialsFor } from "@/lib/collect/registry/operator-image";
import { parseChallenge } from "@/lib/collect/registry/oci";
import { evaluateCheck, nodeFact } from "@/lib/checks/kubernetes/fixtures";
import { operatorImageCheck } from "./operator-image";

const IMAGE = "public.ecr.aws/dynatrace/dynatrace-operator:v1.10.2";
const resolved = (archs: string[], over: Partial<OperatorImageFact> = {}): OperatorImageFact => ({
  image: IMAGE,
  source: "public",
  resolved: true,
  auth: "anonymous-token",
  status: 200,
  mediaType: "application/vnd.oci.image.index.v1+json",
  platforms: archs.map((a) => ({ os: "linux", architecture: a })),
  requests: [],
  ...over,
});
const nodes = [nodeFact("aks-user-000000"), nodeFact("aks-arm-000000", { arch: "arm64", pool: "arm" }), nodeFact("akswin000000", { os: "windows", pool: "win" })];

describe("registry.operator-image", () => {
  it("passes when the index covers every Linux node architecture (Windows nodes ignored)", () => {
    const r = evaluateCheck(operatorImageCheck, { "registry.operatorImage": resolved(["amd64", "arm64"]), "k8s.nodes": nodes });
    expect(r.status).toBe("pass");
    expect(r.summary).toContain("amd64, arm64");
  });

  it("fails naming the architecture and pool the image lacks", () => {
    const r = evaluateCheck(operatorImageCheck, { "registry.operatorImage": resolved(["amd64"]), "k8s.nodes": nodes });
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("no linux/arm64 image");
    expect(r.summary).toContain('"arm"');
  });

  it("fails when its own evidence predicts a rejection: the registry answers that the tag does not exist", () => {
    const fact: OperatorImageFact = { ...resolved([]), resolved: false, status: 404, problem: "dynatrace/dynatrace-operator:v9.9.9 does not exist in public.ecr.aws (HTTP 404, MANIFEST_UNKNOWN: manifest unknown)" };
    const r = evaluateCheck(operatorImageCheck, { "registry.operatorImage": fact, "k8s.nodes": nodes });
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("MANIFEST_UNKNOWN");
    expect(r.remediation.commands[0]).toBe(`docker buildx imagetools inspect ${IMAGE}`);
  });

  it("fails when the plan's pull secret is missing, with a create command for the namespace", () => {
    const fact = resolved(["amd64"], { source: "private", image: "myacr.azurecr.io/dynatrace/dynatrace-operator:v1.10.2", pullSecret: { name: "acr-pull", exists: false } });
    const r = evaluateCheck(operatorImageCheck, { "registry.operatorImage": fact, "k8s.nodes": nodes });
    expect(r.status).toBe("fail");
    expect(r.remediation.commands[0]).toContain("-n dynatrace create secret docker-registry acr-pull --docker-server=myacr.azurecr.io");
  });

  it("suggests az acr import for a private ACR missing an architecture", () => {
    const fact = resolved(["amd64"], { source: "private", image: "myacr.azurecr.io/dynatrace/dynatrace-operator:v1.10.2" });
    const r = evaluateCheck(operatorImageCheck, { "registry.operatorImage": fact, "k8s.nodes": nodes });
    expect(r.remediation.commands).toContain("az acr import --name myacr --source public.ecr.aws/dynatrace/dynatrace-operator:v1.10.2 --image dynatrace/dynatrace-operator:v1.10.2");
  });

  it("warns about a pull secret of the wrong type or without credentials for the registry", () => {
    const priv = { source: "private" as const, image: "myacr.azurecr.io/dynatrace/dynatrace-operator:v1.10.2" };
    const opaque = evaluateCheck(operatorImageCheck, {
      "registry.operatorImage": resolved(["amd64", "arm64"], { ...priv, pullSecret: { name: "acr-pull", exists: true, type: "Opaque", hasCredentialsForRegistry: true } }),
      "k8s.nodes": nodes,
    });
    expect(opaque.status).toBe("warn");
    expect(opaque.summary).toContain("has type Opaque");
    const noCreds = evaluateCheck(operatorImageCheck, {
      "registry.operatorImage": resolved([], { ...priv, resolved: false, status: 401, problem: "the token service refused a pull token", pullSecret: { name: "acr-pull", exists: true, type: "kubernetes.io/dockerconfigjson", hasCredentialsForRegistry: false } }),
      "k8s.nodes": nodes,
    });
    expect(noCreds.status).toBe("fail");
    expect(noCreds.summary).toContain("has no credentials for myacr.azurecr.io");
  });

  it("is unknown when the node list could not be read", () => {
    const r = evaluateCheck(operatorImageCheck, { "registry.operatorImage": resolved(["amd64"]), "k8s.nodes": { kind: "forbidden", message: "nodes forbidden" } });
    expect(r.status).toBe("unknown");
  });

  it("is unknown with the layer when the registry is unreachable", () => {
    const r = evaluateCheck(operatorImageCheck, { "registry.operatorImage": { kind: "unreachable", message: "DNS: public.ecr.aws does not resolve (ENOTFOUND)" }, "k8s.nodes": nodes });
    expect(r.status).toBe("unknown");
    expect(r.reason).toContain("DNS: public.ecr.aws does not resolve");
  });
});

describe("registry helpers", () => {
  it("parses the ECR Public bearer challenge", () => {
    expect(parseChallenge('Bearer realm="https://public.ecr.aws/token/",service="public.ecr.aws",scope="aws"')).toEqual({
      scheme: "bearer",
      params: { realm: "https://public.ecr.aws/token/", service: "public.ecr.aws", scope: "aws" },
    });
  });

  it("finds credentials in a .dockerconfigjson by host, in either form", () => {
    const auth = Buffer.from("user:p:ss").toString("base64");
    expect(credentialsFor(JSON.stringify({ auths: { "https://myacr.azurecr.io/v1/": { auth } } }), "myacr.azurecr.io")).toEqual({ username: "user", password: "p:ss" });
    expect(credentialsFor(JSON.stringify({ auths: { "other.io": { auth } } }), "myacr.azurecr.io")).toBeUndefined();
  });
});
