import { describe, expect, it } from "vitest";
import type { DryRunResult } from "@/lib/collect/kubernetes/admission-dry-run";
import { admissionDryRun, classifyRejection } from "./admission-dry-run";
import { evaluateCheck } from "./fixtures";

const ok = (kind: DryRunResult["kind"], name: string, warnings: string[] = []): DryRunResult => ({
  workload: name.includes("csi") ? "csi-driver" : "webhook",
  kind,
  name,
  request: `POST /x?dryRun=All (${name})`,
  allowed: true,
  statusCode: 201,
  warnings,
});
const rejected = (kind: DryRunResult["kind"], name: string, statusCode: number, message: string, reason = "Forbidden"): DryRunResult => ({
  ...ok(kind, name),
  allowed: false,
  statusCode,
  reason,
  message,
});
const allAdmitted = [
  ok("DaemonSet", "dynatrace-oneagent-csi-driver"),
  ok("Pod", "dynatrace-oneagent-csi-driver-dtready-dryrun"),
  ok("Deployment", "dynatrace-webhook"),
  ok("Pod", "dynatrace-webhook-dtready-dryrun"),
];
const PSA_MSG =
  'pods "dynatrace-oneagent-csi-driver-dtready-dryrun" is forbidden: violates PodSecurity "restricted:latest": privileged (containers "server", "provisioner" must not set securityContext.privileged=true), restricted volume types (volumes "registration-dir", "plugin-dir" use restricted volume type "hostPath")';

describe("classifyRejection", () => {
  it("tells admission rejections from RBAC denials by the message", () => {
    expect(classifyRejection({ statusCode: 403, message: PSA_MSG })).toEqual({ kind: "pod-security", by: "restricted:latest" });
    expect(classifyRejection({ statusCode: 403, message: 'daemonsets.apps is forbidden: User "reader" cannot create resource "daemonsets" in API group "apps" in the namespace "dynatrace"' })).toEqual({ kind: "rbac" });
    expect(classifyRejection({ statusCode: 403, message: 'pods "x" is forbidden: exceeded quota: compute, requested: requests.cpu=300m, used: requests.cpu=0, limited: requests.cpu=100m' })).toEqual({ kind: "quota", by: "compute" });
    expect(classifyRejection({ statusCode: 403, message: 'pods "x" is forbidden: failed quota: compute: must specify limits.cpu for: provisioner' })).toEqual({ kind: "quota", by: "compute" });
    expect(classifyRejection({ statusCode: 400, message: 'admission webhook "validation.gatekeeper.sh" denied the request: [psp-privileged] Privileged container is not allowed: server' })).toEqual({ kind: "webhook", by: "validation.gatekeeper.sh" });
    expect(classifyRejection({ statusCode: 403, message: "pods \"x\" is forbidden: ValidatingAdmissionPolicy 'deny-privileged' with binding 'b' denied request: no" })).toEqual({ kind: "policy", by: "deny-privileged" });
    expect(classifyRejection({ statusCode: 403, message: 'pods "x" is forbidden: maximum cpu usage per Container is 100m, but limit is 300m' })).toEqual({ kind: "limit-range" });
    expect(classifyRejection({ statusCode: 404, message: 'namespaces "dynatrace" not found' })).toEqual({ kind: "namespace-missing" });
    expect(
      classifyRejection({ statusCode: 500, message: 'Internal error occurred: failed calling webhook "policy.example.com": Post "https://svc.ns:443/validate?timeout=10s": context deadline exceeded' }),
    ).toEqual({ kind: "webhook-error", by: "policy.example.com" });
    expect(classifyRejection({ statusCode: 400, message: 'admission webhook "legacy.example.com" does not support dry run' })).toEqual({ kind: "webhook-no-dry-run", by: "legacy.example.com" });
  });

  // Bodies as the test kube-apiserver v1.36.3 sends them (recorded with curl against it).
  it("tells the authorizer's 403 (no object name) from an admission plugin's 403 (the object named)", () => {
    const rbac = { statusCode: 403, reason: "Forbidden", message: 'pods is forbidden: User "reader" cannot create resource "pods" in API group "" in the namespace "probe-lr"' };
    expect(classifyRejection(rbac)).toEqual({ kind: "rbac" });
    // AKS with Azure RBAC appends the webhook authorizer's reason to the same message.
    expect(classifyRejection({ ...rbac, message: `${rbac.message}: User does not have access to the resource in Azure. Update role assignment to allow access.` })).toEqual({ kind: "rbac" });
    const terminating = { statusCode: 403, reason: "Forbidden", detailsName: "p2", message: 'pods "p2" is forbidden: unable to create new content in namespace probe-term because it is being terminated' };
    expect(classifyRejection(terminating)).toEqual({ kind: "namespace-terminating" });
    expect(classifyRejection({ statusCode: 403, reason: "Forbidden", detailsName: "p", message: 'pods "p" is forbidden: pod rejected by a custom admission plugin' })).toEqual({ kind: "admission" });
    // A message mentioning a user but naming the object is still admission (e.g. a webhook quoting RBAC language).
    expect(classifyRejection({ statusCode: 403, detailsName: "p", message: 'pods "p" is forbidden: User "x" cannot create resource "pods" here by policy' })).toEqual({ kind: "admission" });
  });

  it("reads 422 Invalid as a decided rejection, and names a LimitRange default below a request", () => {
    const msg = 'Pod "p1" is invalid: spec.containers[0].resources.requests: Invalid value: "300m": must be less than or equal to cpu limit of 100m';
    expect(classifyRejection({ statusCode: 422, reason: "Invalid", detailsName: "p1", message: msg })).toEqual({ kind: "invalid", note: "a LimitRange default limit is below the container's request" });
    expect(classifyRejection({ statusCode: 422, reason: "Invalid", message: 'Pod "p1" is invalid: spec.volumes[0].hostPath.type: Unsupported value' })).toEqual({ kind: "invalid" });
  });

  it("leaves authentication failures and server errors undecided", () => {
    expect(classifyRejection({ statusCode: 401, reason: "Unauthorized", message: "Unauthorized" })).toEqual({ kind: "unauthenticated" });
    expect(classifyRejection({ statusCode: 429, reason: "TooManyRequests", message: "Too many requests, please try again later." })).toEqual({ kind: "server-error" });
    expect(classifyRejection({ statusCode: 503, reason: "ServiceUnavailable", message: "the server is currently unable to handle the request" })).toEqual({ kind: "server-error" });
  });
});

describe("k8s.admission-dry-run", () => {
  it("passes when every workload and its Pod is admitted", () => {
    const r = evaluateCheck(admissionDryRun, { "k8s.admissionDryRun": { namespace: "dynatrace", results: allAdmitted } });
    expect(r.status).toBe("pass");
    expect(r.summary).toContain("admitted DaemonSet dynatrace-oneagent-csi-driver");
    expect(r.evidence[0]).toMatchObject({ label: "DaemonSet dynatrace-oneagent-csi-driver", value: "admitted (HTTP 201)" });
  });

  it("fails naming Pod Security as the rejecter, with the label command", () => {
    const results = [allAdmitted[0]!, rejected("Pod", "dynatrace-oneagent-csi-driver-dtready-dryrun", 403, PSA_MSG), ...allAdmitted.slice(2)];
    const r = evaluateCheck(admissionDryRun, { "k8s.admissionDryRun": { namespace: "dynatrace", results } });
    expect(r.status).toBe("fail");
    expect(r.summary).toBe(`In namespace "dynatrace": Pod dynatrace-oneagent-csi-driver-dtready-dryrun was rejected by Pod Security "restricted:latest".`);
    expect(r.remediation.commands[0]).toContain("label namespace dynatrace pod-security.kubernetes.io/enforce=privileged");
    expect(r.evidence[1]!.value).toBe("rejected (HTTP 403 Forbidden, pod-security)");
    expect(r.evidence[1]!.detail).toContain("privileged (containers");
  });

  it("fails naming the webhook that denied the request", () => {
    const results = [rejected("Pod", "dynatrace-webhook-dtready-dryrun", 400, 'admission webhook "validate.kyverno.svc-fail" denied the request: policy disallow-host-path', "BadRequest")];
    const r = evaluateCheck(admissionDryRun, { "k8s.admissionDryRun": { namespace: "dt", results } });
    expect(r.status).toBe("fail");
    expect(r.summary).toContain(`denied by admission webhook "validate.kyverno.svc-fail"`);
    expect(r.remediation.commands).toEqual(["kubectl --context aks-prod-admin get validatingwebhookconfigurations,mutatingwebhookconfigurations"]);
  });

  it("fails when a webhook with failurePolicy Fail cannot be called, and is unknown when a webhook does not support dry runs", () => {
    const down = evaluateCheck(admissionDryRun, {
      "k8s.admissionDryRun": { namespace: "dynatrace", results: [rejected("Pod", "dynatrace-webhook-dtready-dryrun", 500, 'Internal error occurred: failed calling webhook "policy.example.com": connection refused', "InternalError")] },
    });
    expect(down.status).toBe("fail");
    expect(down.summary).toContain(`admission webhook "policy.example.com" could not be called`);
    const noDry = evaluateCheck(admissionDryRun, {
      "k8s.admissionDryRun": { namespace: "dynatrace", results: [rejected("Pod", "dynatrace-webhook-dtready-dryrun", 400, 'admission webhook "legacy.example.com" does not support dry run', "BadRequest")] },
    });
    expect(noDry.status).toBe("unknown");
    expect(noDry.reason).toContain(`admission webhook "legacy.example.com" does not support dry runs`);
  });

  it("fails when its own evidence predicts a rejection: 422 Invalid from a LimitRange default limit, quoting the server", () => {
    const msg = 'Pod "dynatrace-webhook-dtready-dryrun" is invalid: spec.containers[0].resources.requests: Invalid value: "300m": must be less than or equal to cpu limit of 100m';
    const results = [
      ...allAdmitted.slice(0, 3),
      { ...rejected("Pod", "dynatrace-webhook-dtready-dryrun", 422, msg, "Invalid"), detailsName: "dynatrace-webhook-dtready-dryrun", causes: ['spec.containers[0].resources.requests: Invalid value: "300m": must be less than or equal to cpu limit of 100m'] },
    ];
    const r = evaluateCheck(admissionDryRun, { "k8s.admissionDryRun": { namespace: "dynatrace", results } });
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("Pod dynatrace-webhook-dtready-dryrun was rejected as invalid (HTTP 422; a LimitRange default limit is below the container's request)");
    expect(r.summary).toContain(`the API server answered "${msg}"`);
    expect(r.evidence[3]!.detail).toContain("Cause: spec.containers[0].resources.requests");
    expect(r.remediation.commands).toEqual(["kubectl --context aks-prod-admin -n dynatrace describe resourcequota,limitrange"]);
  });

  it("fails on an admission plugin's 403 it has no name for, quoting the server", () => {
    const msg = 'pods "dynatrace-webhook-dtready-dryrun" is forbidden: node selector conflicts with the namespace\'s node selector';
    const results = [{ ...rejected("Pod", "dynatrace-webhook-dtready-dryrun", 403, msg), detailsName: "dynatrace-webhook-dtready-dryrun" }];
    const r = evaluateCheck(admissionDryRun, { "k8s.admissionDryRun": { namespace: "dynatrace", results } });
    expect(r.status).toBe("fail");
    expect(r.summary).toContain(`was rejected by an admission plugin (HTTP 403): the API server answered "${msg}"`);
  });

  it("is unknown, not failed, when the credentials are rejected (401) or the server cannot answer (503)", () => {
    const r401 = evaluateCheck(admissionDryRun, { "k8s.admissionDryRun": { namespace: "dynatrace", results: [rejected("Pod", "dynatrace-webhook-dtready-dryrun", 401, "Unauthorized", "Unauthorized")] } });
    expect(r401.status).toBe("unknown");
    expect(r401.reason).toContain("did not accept the credentials (401)");
    expect(r401.remediation.text).toContain("refresh them");
    const r503 = evaluateCheck(admissionDryRun, { "k8s.admissionDryRun": { namespace: "dynatrace", results: [rejected("Pod", "dynatrace-webhook-dtready-dryrun", 503, "unavailable", "ServiceUnavailable")] } });
    expect(r503.status).toBe("unknown");
    expect(r503.reason).toContain("could not answer for Pod dynatrace-webhook-dtready-dryrun (HTTP 503)");
  });

  it("is unknown, not failed, when the identity may not create the objects (RBAC)", () => {
    const results = allAdmitted.map((x) =>
      rejected(x.kind, x.name, 403, `${x.kind.toLowerCase()}s is forbidden: User "reader" cannot create resource "${x.kind.toLowerCase()}s" in API group "" in the namespace "dynatrace"`),
    );
    const r = evaluateCheck(admissionDryRun, { "k8s.admissionDryRun": { namespace: "dynatrace", results } });
    expect(r.status).toBe("unknown");
    expect(r.reason).toContain("the identity may not create daemonsets");
    expect(r.remediation.text).toContain("identity that will install the operator");
  });

  it("warns when admitted with Pod Security warnings", () => {
    const results = [ok("DaemonSet", "dynatrace-oneagent-csi-driver", ['would violate PodSecurity "baseline:latest": hostPath volumes']), ...allAdmitted.slice(1)];
    const r = evaluateCheck(admissionDryRun, { "k8s.admissionDryRun": { namespace: "dynatrace", results } });
    expect(r.status).toBe("warn");
    expect(r.summary).toContain('would violate PodSecurity "baseline:latest"');
  });

  it("warns that admission cannot be proven while the namespace is absent, with the create commands", () => {
    const r = evaluateCheck(admissionDryRun, {
      "k8s.admissionDryRun": { namespace: "dynatrace", skipped: { reason: "namespace-absent", detail: "namespace dynatrace does not exist" }, results: [] },
    });
    expect(r.status).toBe("warn");
    expect(r.summary).toContain(`cannot be proven until namespace "dynatrace" exists`);
    expect(r.remediation.commands[0]).toBe("kubectl --context aks-prod-admin create namespace dynatrace");
  });

  it("is unknown when whether the namespace exists is unknown", () => {
    const r = evaluateCheck(admissionDryRun, {
      "k8s.admissionDryRun": { namespace: "dynatrace", skipped: { reason: "namespace-unknown", detail: "GET /api/v1/namespaces/dynatrace timed out" }, results: [] },
    });
    expect(r.status).toBe("unknown");
    expect(r.reason).toContain("timed out");
  });
});
