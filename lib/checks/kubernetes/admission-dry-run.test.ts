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
