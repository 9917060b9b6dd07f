import { describe, expect, it } from "vitest";
import type { DynatraceObjectsFact } from "@/lib/collect/kubernetes/dynatrace-objects";
import type { WebhookConfigurationFact } from "@/lib/collect/kubernetes/webhooks";
import { DYNATRACE_OBJECT_NAMES } from "@/lib/data/operator-components";
import { existingInstallation } from "./existing-installation";
import { evaluateCheck } from "./testing";

const clean: DynatraceObjectsFact = {
  names: DYNATRACE_OBJECT_NAMES,
  dynakubeCrd: { state: "absent" },
  oneAgentCrd: { state: "absent" },
  csiDriver: { state: "absent" },
  priorityClass: { state: "absent" },
};
const helm = { managedBy: "Helm", releaseName: "dynatrace-operator", releaseNamespace: "dynatrace" };
const dtWebhook: WebhookConfigurationFact = { kind: "mutating", name: "dynatrace-webhook", labels: {}, annotations: {}, webhooks: [] };

describe("k8s.existing-installation", () => {
  it("passes on a clean cluster", () => {
    const r = evaluateCheck(existingInstallation, { "k8s.dynatraceObjects": clean, "k8s.webhooks": [], "k8s.oneAgentDaemonSets": [] });
    expect(r.status).toBe("pass");
    expect(r.summary).toMatch(/clean install/);
  });

  it("warns when the operator is already installed by Helm, showing served and stored versions", () => {
    const facts = {
      ...clean,
      dynakubeCrd: { state: "present" as const, object: { name: "dynakubes.dynatrace.com", servedVersions: ["v1beta5", "v1beta6"], storageVersion: "v1beta6", storedVersions: ["v1beta6"], helm } },
    };
    const r = evaluateCheck(existingInstallation, { "k8s.dynatraceObjects": facts, "k8s.webhooks": [dtWebhook], "k8s.oneAgentDaemonSets": [] });
    expect(r.status).toBe("warn");
    expect(r.summary).toMatch(/A DynaKube CRD already exists \(Helm release dynatrace-operator in dynatrace\)/);
    expect(r.evidence.find((e) => e.label === "CRD dynakubes.dynatrace.com")?.value).toBe(
      "served v1beta5, v1beta6; stored v1beta6; Helm release dynatrace-operator in dynatrace",
    );
    expect(r.evidence.find((e) => e.label.startsWith("Webhook configurations"))?.value).toBe("mutating (0 webhooks)");
  });

  it("fails when its own evidence predicts a rejection: storedVersions holds a version the planned release does not serve (the CRD upgrade is rejected)", () => {
    const facts = {
      ...clean,
      dynakubeCrd: { state: "present" as const, object: { name: "dynakubes.dynatrace.com", servedVersions: ["v1beta3", "v1beta4"], storedVersions: ["v1beta3", "v1beta4"], helm: {} } },
    };
    const r = evaluateCheck(existingInstallation, { "k8s.dynatraceObjects": facts, "k8s.webhooks": [], "k8s.oneAgentDaemonSets": [] }, { operatorVersion: "1.10.2" });
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/stored versions v1beta3, v1beta4 that operator 1.10.2 does not serve \(v1beta5, v1beta6\)/);
    expect(r.remediation.commands[0]).toBe("kubectl --context aks-test get crd dynakubes.dynatrace.com -o jsonpath='{.status.storedVersions}'");
  });

  it("warns about objects Helm cannot adopt and about a running OneAgent", () => {
    const facts = { ...clean, csiDriver: { state: "present" as const, object: { name: "csi.oneagent.dynatrace.com", helm: {} } } };
    const r = evaluateCheck(existingInstallation, {
      "k8s.dynatraceObjects": facts,
      "k8s.webhooks": [],
      "k8s.oneAgentDaemonSets": [{ namespace: "legacy", name: "oneagent", images: ["docker.io/dynatrace/oneagent:1.2"], helm: {} }],
    });
    expect(r.status).toBe("warn");
    expect(r.summary).toMatch(/CSIDriver csi.oneagent.dynatrace.com exists and is not owned by Helm release dynatrace-operator/);
    expect(r.evidence.find((e) => e.label === "DaemonSets running OneAgent images")?.value).toBe("legacy/oneagent");
  });

  it("is unknown when nothing was found but some objects could not be read", () => {
    const facts = { ...clean, dynakubeCrd: { state: "unreadable" as const, kind: "forbidden" as const, message: "customresourcedefinitions is forbidden" } };
    const r = evaluateCheck(existingInstallation, { "k8s.dynatraceObjects": facts, "k8s.webhooks": [], "k8s.oneAgentDaemonSets": [] });
    expect(r.status).toBe("unknown");
    expect(r.reason).toMatch(/CRD dynakubes.dynatrace.com/);
  });
});
