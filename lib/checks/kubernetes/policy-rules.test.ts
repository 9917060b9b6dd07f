// The templates' rules over the exact pods the plan installs (operator-workloads.ts). Expected findings follow the
// templates' Rego (sources in lib/data/policy-templates.ts) applied by hand to those pods.
import { describe, expect, it } from "vitest";
import { injectedApplicationPod, operatorPods } from "@/lib/data/operator-workloads";
import { findPolicyTemplate } from "@/lib/data/policy-templates";
import { parsePlan, type PlanInput } from "@/lib/engine/plan";
import { judgePod, pathMatches } from "./policy-rules";

function judge(kind: string, params: Record<string, unknown> | undefined, plan: PlanInput = { mode: "full-stack" }) {
  const p = parsePlan(plan);
  const pods = [...operatorPods(p), { workload: "injected application", template: injectedApplicationPod(p) }];
  const t = findPolicyTemplate(kind)!;
  return Object.fromEntries(pods.map((x) => [x.workload, judgePod(t, params, x.template)]));
}
const violations = (r: ReturnType<typeof judge>) => Object.fromEntries(Object.entries(r).filter(([, j]) => "violations" in j && j.violations.length).map(([w, j]) => [w, (j as { violations: string[] }).violations]));

describe("host paths", () => {
  it("matches prefixes by path segment", () => {
    expect(pathMatches("/var/lib/kubelet", "/var/lib/kubelet/pods/")).toBe(true);
    expect(pathMatches("/var/lib/kubelet/", "/var/lib/kubelet")).toBe(true);
    expect(pathMatches("/var/lib/kube", "/var/lib/kubelet")).toBe(false);
    expect(pathMatches("/", "/etc")).toBe(true);
  });

  it("K8sPSPHostFilesystem: /var/lib/kubelet writable admits the CSI driver, not OneAgent's host root; read-only catches the CSI mounts", () => {
    expect(violations(judge("K8sPSPHostFilesystem", { allowedHostPaths: [{ pathPrefix: "/var/lib/kubelet", readOnly: false }] }))).toEqual({
      // With the CSI driver OneAgent's storage is a CSI volume; the host root "/" is what remains.
      "DaemonSet dynakube-oneagent": ["hostPath / (volume host-root) is not allowed"],
    });
    const ro = violations(judge("K8sPSPHostFilesystem", { allowedHostPaths: [{ pathPrefix: "/var/lib/kubelet", readOnly: true }, { pathPrefix: "/", readOnly: true }] }));
    expect(ro["DaemonSet dynatrace-oneagent-csi-driver"]).toEqual([
      "hostPath /var/lib/kubelet/plugins_registry/ (volume registration-dir) is not allowed writable",
      "hostPath /var/lib/kubelet/plugins/csi.oneagent.dynatrace.com/ (volume plugin-dir) is not allowed writable",
      "hostPath /var/lib/kubelet/plugins/csi.oneagent.dynatrace.com/data (volume data-dir) is not allowed writable",
      "hostPath /var/lib/kubelet/pods/ (volume mountpoint-dir) is not allowed writable",
    ]);
    // OneAgent mounts the host root read-only: allowed.
    expect(ro["DaemonSet dynakube-oneagent"]).toBeUndefined();
    // No allowed paths at all: every hostPath is denied.
    expect(Object.keys(violations(judge("K8sPSPHostFilesystem", {})))).toEqual(["DaemonSet dynatrace-oneagent-csi-driver", "DaemonSet dynakube-oneagent"]);
  });

  it("K8sAzureV3HostFilesystem: judges only mounted volumes of containers it does not exclude", () => {
    const params = { allowedHostPaths: [{ pathPrefix: "/var/lib/kubelet", readOnly: false }], excludedContainers: [], excludedImages: ["public.ecr.aws/dynatrace/dynatrace-oneagent"] };
    expect(violations(judge("K8sAzureV3HostFilesystem", params))).toEqual({});
  });
});

describe("volume types (the example of issue 13)", () => {
  const restricted = { volumes: ["configMap", "emptyDir", "projected", "secret", "downwardAPI", "persistentVolumeClaim", "ephemeral"] };

  it("an allow-list without hostPath and csi denies the CSI driver, OneAgent and every injected pod", () => {
    const v = violations(judge("K8sPSPVolumeTypes", restricted));
    expect(v["DaemonSet dynatrace-oneagent-csi-driver"]).toContain("volume registration-dir is of type hostPath");
    expect(v["DaemonSet dynakube-oneagent"]).toEqual(["volume host-root is of type hostPath", "volume osagent-storage is of type csi"]);
    expect(v["injected application"]).toEqual(["volume oneagent-bin is of type csi"]);
    expect(v["Deployment dynatrace-webhook"]).toBeUndefined();
  });

  it("without the CSI driver the injected pod's code modules are an emptyDir, and with image volumes an image volume", () => {
    expect(violations(judge("K8sPSPVolumeTypes", restricted, { mode: "application", csiDriver: false }))["injected application"]).toBeUndefined();
    expect(violations(judge("K8sPSPVolumeTypes", restricted, { mode: "application", codeModules: "image-volume" }))["injected application"]).toEqual(["volume oneagent-bin is of type image"]);
    expect(violations(judge("K8sPSPVolumeTypes", { volumes: ["*"] }))).toEqual({});
  });
});

describe("privileges", () => {
  it("privileged: the CSI server and provisioner; exempt by image prefix", () => {
    expect(violations(judge("K8sPSPPrivilegedContainer", {}))).toEqual({ "DaemonSet dynatrace-oneagent-csi-driver": ['container "server" is privileged', 'container "provisioner" is privileged'] });
    expect(violations(judge("K8sPSPPrivilegedContainer", { exemptImages: ["public.ecr.aws/dynatrace/dynatrace-operator:*"] }))).toEqual({});
    expect(violations(judge("K8sAzureV2NoPrivilege", { excludedContainers: ["server", "provisioner"] }))).toEqual({});
  });

  it("privilege escalation: the library flags a missing false, Azure V3 only non-root users without it", () => {
    expect(violations(judge("K8sPSPAllowPrivilegeEscalationContainer", {}))["DaemonSet dynakube-oneagent"]).toEqual(['container "dynatrace-oneagent" does not set allowPrivilegeEscalation: false']);
    const az = violations(judge("K8sAzureV3NoPrivilegeEscalation", {}));
    // OneAgent runs as 1000 without allowPrivilegeEscalation: false, the CSI driver sets it true.
    expect(az["DaemonSet dynakube-oneagent"]).toEqual(['container "dynatrace-oneagent" does not set allowPrivilegeEscalation: false']);
    expect(az["DaemonSet dynatrace-oneagent-csi-driver"]).toEqual(['container "server" allows privilege escalation', 'container "provisioner" allows privilege escalation']);
  });

  it("capabilities: OneAgent's added ones and the CSI driver's missing drop ALL; allowed lists and * admit them", () => {
    const v = violations(judge("K8sPSPCapabilities", { allowedCapabilities: [], requiredDropCapabilities: ["ALL"] }));
    expect(v["DaemonSet dynakube-oneagent"]![0]).toMatch(/^container "dynatrace-oneagent" adds CHOWN, .*SYS_ADMIN/);
    expect(v["DaemonSet dynatrace-oneagent-csi-driver"]).toContain('container "server" does not drop ALL');
    expect(violations(judge("K8sAzureV3AllowedCapabilities", { allowedCapabilities: ["*"] }))).toEqual({});
    expect(violations(judge("K8sAzureV3DisallowedCapabilities", { disallowedCapabilities: ["SYS_ADMIN"] }))).toEqual({ "DaemonSet dynakube-oneagent": ['container "dynatrace-oneagent" adds SYS_ADMIN'] });
  });

  it("host namespaces and network: OneAgent shares the host PID and network", () => {
    expect(violations(judge("K8sPSPHostNamespace", {}))).toEqual({ "DaemonSet dynakube-oneagent": ["the pod shares the host's hostPID"] });
    expect(violations(judge("K8sPSPHostNetworkingPorts", { hostNetwork: false }))).toEqual({ "DaemonSet dynakube-oneagent": ["the pod uses the host network"] });
    expect(violations(judge("K8sAzureV3HostNetworkingPorts", { allowHostNetwork: true, minPort: 0, maxPort: 0 }))).toEqual({});
  });
});

describe("users, seccomp, AppArmor, SELinux, read-only root", () => {
  it("MustRunAsNonRoot catches the CSI driver's root containers only", () => {
    expect(Object.keys(violations(judge("K8sPSPAllowedUsers", { runAsUser: { rule: "MustRunAsNonRoot" } })))).toEqual(["DaemonSet dynatrace-oneagent-csi-driver"]);
    const ranged = violations(judge("K8sAzureV3AllowedUsersGroups", { runAsUser: { rule: "MustRunAs", ranges: [{ min: 1000, max: 1000 }] } }));
    // The operator, webhook and ActiveGate run as 1001.
    expect(ranged["Deployment dynatrace-webhook"]).toEqual(['container "webhook" runs as user 1001 (MustRunAs)']);
    expect(ranged["DaemonSet dynakube-oneagent"]).toBeUndefined();
  });

  it("seccomp RuntimeDefault only: OneAgent has none; the library compares types literally, Azure translates names", () => {
    expect(violations(judge("K8sPSPSeccompV2", { allowedProfiles: ["RuntimeDefault"] }))).toEqual({ "DaemonSet dynakube-oneagent": ['container "dynatrace-oneagent" has seccomp profile not configured'] });
    // "runtime/default" is not a type: the library rejects every container then.
    expect(Object.keys(violations(judge("K8sPSPSeccompV2", { allowedProfiles: ["runtime/default"] }))).length).toBe(6);
    expect(Object.keys(violations(judge("K8sAzureV3AllowedSeccomp", { allowedProfiles: ["runtime/default"] })))).toEqual(["DaemonSet dynakube-oneagent"]);
  });

  it("AppArmor runtime/default: OneAgent's unconfined profile is caught by both dialects", () => {
    expect(violations(judge("K8sPSPAppArmor", { allowedProfiles: ["runtime/default"] }))).toEqual({ "DaemonSet dynakube-oneagent": ['container "dynatrace-oneagent" has AppArmor profile unconfined'] });
    expect(violations(judge("K8sAzureV3EnforceAppArmor", { allowedProfiles: ["runtime/default"] }))).toEqual({ "DaemonSet dynakube-oneagent": ['container "dynatrace-oneagent" has AppArmor profile unconfined'] });
  });

  it("SELinux: the CSI driver's level s0 must be allowed", () => {
    expect(Object.keys(violations(judge("K8sPSPSELinuxV2", { allowedSELinuxOptions: [{ type: "container_t" }] })))).toEqual(["DaemonSet dynatrace-oneagent-csi-driver"]);
    expect(violations(judge("K8sPSPSELinuxV2", { allowedSELinuxOptions: [{ level: "s0" }] }))).toEqual({});
  });

  it("read-only root filesystem: the ActiveGate writes to its root", () => {
    expect(violations(judge("K8sPSPReadOnlyRootFilesystem", {}))).toEqual({ "StatefulSet dynakube-activegate": ['container "activegate" has a writable root filesystem'] });
  });
});

describe("what cannot be judged", () => {
  it("an unknown parameter, a malformed one, or parameters not recorded", () => {
    const r = judge("K8sPSPVolumeTypes", { volumes: ["*"], allowedFlexVolumes: [] });
    expect(r["Deployment dynatrace-webhook"]).toEqual({ cannotJudge: "parameter allowedFlexVolumes is not understood by this check" });
    expect(judge("K8sPSPVolumeTypes", { volumes: "hostPath" })["Deployment dynatrace-webhook"]).toEqual({ cannotJudge: "parameter volumes is not a list" });
    expect(judge("K8sPSPAllowedUsers", { runAsUser: { rule: "MustRunAsRoot" } })["Deployment dynatrace-webhook"]).toMatchObject({ cannotJudge: expect.stringContaining("runAsUser.rule") });
    expect(judge("K8sPSPPrivilegedContainer", undefined)["Deployment dynatrace-webhook"]).toMatchObject({ cannotJudge: expect.stringContaining("not recorded") });
  });
});
