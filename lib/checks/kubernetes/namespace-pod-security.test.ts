import { describe, expect, it } from "vitest";
import { evaluateCheck } from "./fixtures";
import { namespacePodSecurity } from "./namespace-pod-security";

const ns = (labels: Record<string, string>, phase = "Active") => ({ name: "dynatrace", exists: true, labels, uid: "u1", phase });
const psa = (enforce?: string, audit?: string, warn?: string) => ({
  ...(enforce ? { "pod-security.kubernetes.io/enforce": enforce } : {}),
  ...(audit ? { "pod-security.kubernetes.io/audit": audit } : {}),
  ...(warn ? { "pod-security.kubernetes.io/warn": warn } : {}),
});
const LABEL =
  "kubectl --context aks-prod-admin label namespace dynatrace pod-security.kubernetes.io/enforce=privileged pod-security.kubernetes.io/audit=privileged pod-security.kubernetes.io/warn=privileged --overwrite";

describe("k8s.namespace-pod-security", () => {
  it("passes for an absent namespace and offers the create + label commands", () => {
    const r = evaluateCheck(namespacePodSecurity, { "k8s.namespace": { name: "dynatrace", exists: false, labels: {} } });
    expect(r.status).toBe("pass");
    expect(r.summary).toContain("does not exist yet");
    expect(r.remediation.commands).toEqual(["kubectl --context aks-prod-admin create namespace dynatrace", LABEL]);
  });

  it("passes for enforce=privileged", () => {
    const r = evaluateCheck(namespacePodSecurity, { "k8s.namespace": ns(psa("privileged", "privileged", "privileged")) });
    expect(r.status).toBe("pass");
    expect(r.evidence.find((e) => e.label === "pod-security.kubernetes.io/enforce")!.value).toBe("privileged");
  });

  it("fails when its own evidence predicts a rejection: enforce=restricted rejects the CSI driver (and OneAgent in full-stack)", () => {
    const app = evaluateCheck(namespacePodSecurity, { "k8s.namespace": ns(psa("restricted")) }, { mode: "application" });
    expect(app.status).toBe("fail");
    expect(app.summary).toContain(`enforces Pod Security "restricted"`);
    expect(app.summary).toContain("CSI driver DaemonSet");
    expect(app.summary).not.toContain("OneAgent DaemonSet");
    expect(app.remediation.commands).toEqual([LABEL]);
    const full = evaluateCheck(namespacePodSecurity, { "k8s.namespace": ns(psa("baseline")) }, { mode: "full-stack" });
    expect(full.status).toBe("fail");
    expect(full.summary).toContain("OneAgent DaemonSet (hostNetwork, hostPID");
  });

  it("still fails for baseline without CSI in application mode: only privileged is supported", () => {
    const r = evaluateCheck(namespacePodSecurity, { "k8s.namespace": ns(psa("baseline")) }, { mode: "application", csiDriver: false });
    expect(r.status).toBe("fail");
    expect(r.summary).toContain(`supports only the "privileged" level`);
  });

  it("warns when audit or warn are below privileged", () => {
    const r = evaluateCheck(namespacePodSecurity, { "k8s.namespace": ns(psa("privileged", "restricted", "baseline")) });
    expect(r.status).toBe("warn");
    expect(r.summary).toContain(`audits at "restricted" and warns at "baseline"`);
  });

  it("passes without labels but says the cluster default applies", () => {
    const r = evaluateCheck(namespacePodSecurity, { "k8s.namespace": ns({}) });
    expect(r.status).toBe("pass");
    expect(r.summary).toContain("cluster default applies");
  });

  it("fails for a terminating namespace", () => {
    expect(evaluateCheck(namespacePodSecurity, { "k8s.namespace": ns({}, "Terminating") }).status).toBe("fail");
  });

  it("is unknown when the namespace could not be read", () => {
    const r = evaluateCheck(namespacePodSecurity, { "k8s.namespace": { kind: "forbidden", message: "GET /api/v1/namespaces/dynatrace is forbidden" } });
    expect(r.status).toBe("unknown");
  });
});
