import { describe, expect, it } from "vitest";
import { aksHttpProxy } from "./http-proxy";
import { cluster, evaluateAks, TENANT } from "./testing";

const proxied = cluster({ httpProxy: { httpProxy: "http://proxy.corp:3128/", httpsProxy: "http://proxy.corp:3128/", noProxy: ["localhost", ".svc"], trustedCa: false } });

describe("az.http-proxy", () => {
  it("passes with no proxy anywhere", () => {
    expect(evaluateAks(aksHttpProxy, { "az.managedCluster": cluster() }, {}, { tenant: TENANT }).status).toBe("pass");
  });

  it("passes when the tenant connection uses the cluster's proxy", () => {
    const r = evaluateAks(aksHttpProxy, { "az.managedCluster": proxied }, {}, { tenant: { ...TENANT, proxy: "http://proxy.corp:3128" } });
    expect(r.status).toBe("pass");
  });

  it("warns when the cluster has a proxy and the tenant connection none", () => {
    const r = evaluateAks(aksHttpProxy, { "az.managedCluster": proxied }, {}, { tenant: TENANT });
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("routes egress through http://proxy.corp:3128/ but the tenant connection sets no proxy");
  });

  it("warns when the proxies differ, or noProxy bypasses the proxy for the tenant", () => {
    const c = cluster({ httpProxy: { httpsProxy: "http://proxy.corp:3128/", noProxy: ["dynatrace.com"], trustedCa: true } });
    const r = evaluateAks(aksHttpProxy, { "az.managedCluster": c }, {}, { tenant: { ...TENANT, proxy: "http://other:8080" } });
    expect(r.status).toBe("warn");
    const text = r.evidence.map((e) => e.value).join("\n");
    expect(text).toContain("differs from the tenant connection's http://other:8080");
    expect(text).toContain('noProxy entry "dynatrace.com"');
    expect(text).toContain("spec.trustedCAs");
    expect(r.evidence.find((e) => e.label === "AKS trusted CA")?.value).not.toMatch(/LS0t/);
  });

  it("warns when only the tenant connection has a proxy: the nodes pull images directly", () => {
    const r = evaluateAks(aksHttpProxy, { "az.managedCluster": cluster() }, {}, { tenant: { ...TENANT, proxy: "http://proxy.corp:3128" } });
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("nodes pull images");
  });

  it("is unknown when the managed cluster could not be read", () => {
    expect(evaluateAks(aksHttpProxy, { "az.managedCluster": { error: { kind: "forbidden", message: "403" } } }).status).toBe("unknown");
  });
});
