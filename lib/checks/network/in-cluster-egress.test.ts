import { describe, expect, it } from "vitest";
import { parseProbeMessage, probePod, probeProxy, probeTargets, type InClusterEgressFact } from "@/lib/collect/kubernetes/egress-probe";
import { evaluateCheck, TEST_TARGET } from "@/lib/checks/kubernetes/fixtures";
import { evaluateAll } from "@/lib/engine/run";
import { parsePlan } from "@/lib/engine/plan";
import { storeOf } from "@/lib/checks/kubernetes/testing";
import type { Target } from "@/lib/engine/types";
import { inClusterEgress } from "./in-cluster-egress";

const TENANT = "abc12345.live.dynatrace.com:443";
const EP = "sg-eu-1.dynatrace.com:443";
const target: Target = { ...TEST_TARGET, tenant: { apiUrl: "https://abc12345.live.dynatrace.com/api", operatorTokenPublic: "dt0c01.ABC…", customCa: false } };
const base: InClusterEgressFact = { namespace: "dynatrace", image: "curlimages/curl:8.11.1", podName: "dtready-egress-probe-x1", node: "aks-user-000000", targets: [TENANT, EP], via: "direct", completed: true, waitedMs: 4000, results: [], deleted: true };

function judge(message: string, over: Partial<InClusterEgressFact> = {}) {
  const results = parseProbeMessage(message) ?? [];
  const fact = { ...base, results, ...over };
  return evaluateAll([inClusterEgress], storeOf({ "k8s.inClusterEgress": fact }), { plan: parsePlan({ egressProbe: true }), target })[0]!;
}
const msg = (...r: [string, number, string, string][]) => JSON.stringify({ v: 1, results: r.map(([t, c, h, ip]) => ({ target: t, curlExit: c, http: h, ip })) });

describe("k8s.in-cluster-egress", () => {
  it("is not applicable (and creates nothing) without opt-in", () => {
    const r = evaluateCheck(inClusterEgress, {});
    expect(r.status).toBe("not-applicable");
    expect(r.reason).toContain("opt-in");
  });

  it("passes when the tenant and the endpoints answer over TLS, and says what was not proven", () => {
    const r = judge(msg([TENANT, 0, "401", "20.1.2.3"], [EP, 0, "404", "20.1.2.4"]));
    expect(r.status).toBe("pass");
    expect(r.evidence.find((e) => e.label === "Proven from inside the pod network")?.value).toBe(`DNS, TCP and TLS to ${TENANT}, ${EP}`);
    expect(r.evidence.find((e) => e.label === "Not proven")?.value).toContain("image pulls");
    expect(r.evidence.find((e) => e.label === "Probe pod")?.detail).toContain("only object dtready writes");
  });

  it("fails when its own evidence predicts the connection is refused: the tenant does not resolve from inside the pod, naming the layer", () => {
    const r = judge(msg([TENANT, 6, "000", ""], [EP, 0, "404", "20.1.2.4"]));
    expect(r.status).toBe("fail");
    expect(r.summary).toContain(`${TENANT} failed at DNS`);
  });

  it("warns when only some communication endpoints are reachable", () => {
    const r = judge(msg([TENANT, 0, "401", "20.1.2.3"], [EP, 7, "000", "20.1.2.4"]));
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("1 of 2 targets are reachable");
  });

  it("an untrusted certificate (TLS inspection) warns instead of passing", () => {
    const r = judge(msg([TENANT, 60, "000", "10.9.9.9"], [EP, 0, "404", "20.1.2.4"]));
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("not trusted");
  });

  it("direct failures while the operator will use a credentialed proxy only warn, saying the proxy path was not tested", () => {
    const r = judge(msg([TENANT, 28, "000", ""], [EP, 28, "000", ""]), { proxySkipped: "the proxy http://***@proxy.corp:3128 has credentials, which are never put into a pod spec; the probe connected directly" });
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("the operator will use the proxy instead");
    expect(r.evidence.find((e) => e.label === "Not proven")?.value).toContain("egress through the proxy (the proxy http://***@proxy.corp:3128 has credentials");
  });

  it("through a proxy: a pass says so", () => {
    const r = judge(msg([TENANT, 0, "401", "10.1.1.1"], [EP, 0, "404", "10.1.1.1"]), { via: "proxy", proxy: "http://proxy.corp:3128" });
    expect(r.status).toBe("pass");
    expect(r.summary).toContain("through the proxy http://proxy.corp:3128");
  });

  it("a pod that never ran is unknown with the reason, and shows that it was deleted", () => {
    const r = judge("", { completed: false, node: undefined, results: [], problem: "the probe pod did not start within 45 s (no node ran it)" });
    expect(r.status).toBe("unknown");
    expect(r.reason).toBe("the probe pod did not start within 45 s (no node ran it)");
    expect(r.evidence.find((e) => e.label === "Probe pod deleted")?.value).toBe("yes");
  });

  it("a pod that could not be deleted is named with the delete command", () => {
    const r = judge("", { completed: false, results: [], problem: "x", deleted: false, deleteProblem: "DELETE failed" });
    expect(r.remediation.commands).toContain("kubectl --context aks-prod-admin -n dynatrace delete pod dtready-egress-probe-x1");
  });
});

describe("egress probe pod and message", () => {
  it("a proxy with credentials is never written into the pod; one without is passed as HTTPS_PROXY", () => {
    const withCreds = probeProxy("http://alice:hunter2@proxy.corp:3128");
    expect(withCreds.proxy).toBeUndefined();
    expect(withCreds.skipped).not.toContain("hunter2");
    const plain = probeProxy("http://proxy.corp:3128");
    expect(probePod("dynatrace", "img", [TENANT], 60, plain.proxy).spec?.containers[0]?.env).toContainEqual({ name: "HTTPS_PROXY", value: "http://proxy.corp:3128" });
  });

  it("rejects messages that are not the probe's", () => {
    expect(parseProbeMessage("Error: something")).toBeUndefined();
    expect(parseProbeMessage('{"v":2,"results":[]}')).toBeUndefined();
  });

  it("targets: tenant first, endpoints deduplicated, ports kept", () => {
    expect(probeTargets("https://abc.live.dynatrace.com/api", ["https://abc.live.dynatrace.com:443/communication", "https://ag.corp:9999/communication"])).toEqual(["abc.live.dynatrace.com:443", "ag.corp:9999"]);
  });

  it("the pod is labelled, has a deadline, and is restricted-compliant", () => {
    const p = probePod("dynatrace", "curlimages/curl:8.11.1", [TENANT], 60);
    expect(p.metadata?.labels?.["app.kubernetes.io/managed-by"]).toBe("dtready");
    expect(p.spec?.activeDeadlineSeconds).toBe(60);
    expect(p.spec?.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(p.spec?.containers[0]?.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    expect(p.spec?.containers[0]?.terminationMessagePath).toBe("/dev/termination-log");
  });
});
