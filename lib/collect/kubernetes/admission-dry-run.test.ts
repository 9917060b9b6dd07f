import { describe, expect, it } from "vitest";
import { csiDriverDaemonSet, podFromTemplate, webhookDeployment } from "@/lib/data/operator-workloads";
import { parseWarnings } from "./admission-dry-run";

describe("parseWarnings", () => {
  it("reads one or several Warning headers", () => {
    expect(parseWarnings('299 - "would violate PodSecurity \\"restricted:latest\\": privileged"')).toEqual(['would violate PodSecurity "restricted:latest": privileged']);
    expect(parseWarnings('299 - "a", 299 - "b, c"')).toEqual(["a", "b, c"]);
    expect(parseWarnings(undefined)).toEqual([]);
  });
});

describe("operator workloads", () => {
  const plan = { namespace: "dt-prod", operatorVersion: "1.10.2" };
  it("renders the CSI DaemonSet like the chart: privileged root server/provisioner, hostPaths under /var/lib/kubelet", () => {
    const ds = csiDriverDaemonSet(plan);
    expect(ds.metadata?.namespace).toBe("dt-prod");
    const spec = ds.spec!.template.spec!;
    const server = spec.containers.find((c) => c.name === "server")!;
    expect(server.image).toBe("public.ecr.aws/dynatrace/dynatrace-operator:v1.10.2");
    expect(server.securityContext).toMatchObject({ privileged: true, runAsUser: 0 });
    expect(server.volumeMounts!.some((m) => m.mountPropagation === "Bidirectional")).toBe(true);
    expect(spec.volumes!.map((v) => v.hostPath?.path)).toEqual([
      "/var/lib/kubelet/plugins_registry/",
      "/var/lib/kubelet/plugins/csi.oneagent.dynatrace.com/",
      "/var/lib/kubelet/plugins/csi.oneagent.dynatrace.com/data",
      "/var/lib/kubelet/pods/",
    ]);
    expect(spec.containers.find((c) => c.name === "provisioner")!.resources).toEqual({ requests: { cpu: "300m", memory: "100Mi" } });
  });
  it("renders the webhook Deployment: 2 replicas, nonroot, read-only root FS, drop ALL, port 8443", () => {
    const d = webhookDeployment(plan);
    expect(d.spec!.replicas).toBe(2);
    const c = d.spec!.template.spec!.containers[0]!;
    expect(c.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } });
    expect(c.ports!.find((p) => p.name === "server-port")!.containerPort).toBe(8443);
  });
  it("turns a template into a Pod without the not-yet-existing service account and priority class", () => {
    const ds = csiDriverDaemonSet(plan);
    const pod = podFromTemplate("p", "dt-prod", ds.spec!.template);
    expect(pod.spec!.serviceAccountName).toBeUndefined();
    expect(pod.spec!.priorityClassName).toBeUndefined();
    expect(pod.spec!.automountServiceAccountToken).toBe(false);
    expect(ds.spec!.template.spec!.serviceAccountName).toBe("dynatrace-oneagent-csi-driver"); // template untouched
  });
});
