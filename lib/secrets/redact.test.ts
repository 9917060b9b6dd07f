import { describe, expect, it } from "vitest";
import { REDACTED, redact, redactText } from "./redact";

const DT_TOKEN = `dt0c01.ABCDEFGHIJKLMNOPQRSTUVWX.${"A1B2C3D4".repeat(8)}`;
const JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJlLXBhcnQ";
const PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----";

describe("redact", () => {
  it("redacts values under secret-named keys, in any spelling", () => {
    const out = redact({
      token: "abc123",
      apiToken: "abc123",
      password: "hunter2",
      clientSecret: "s3cr3t",
      "client-key-data": "QUJD",
      "certificate-authority-data": "QUJD",
      caData: "QUJD",
      certificate: "QUJD",
      privateKey: "QUJD",
      name: "dynakube",
    });
    expect(out).toEqual({
      token: REDACTED,
      apiToken: REDACTED,
      password: REDACTED,
      clientSecret: REDACTED,
      "client-key-data": REDACTED,
      "certificate-authority-data": REDACTED,
      caData: REDACTED,
      certificate: REDACTED,
      privateKey: REDACTED,
      name: "dynakube",
    });
  });

  it("keeps taint and label keys (evidence) but redacts key material under 'key'", () => {
    const taints = [{ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" }];
    expect(redact({ taints })).toEqual({ taints });
    expect(redact({ key: "kubernetes.azure.com/agentpool" })).toEqual({ key: "kubernetes.azure.com/agentpool" });
    expect(redact({ key: "c2VjcmV0LWtleS1tYXRlcmlhbC10aGF0LWlzLWxvbmctZW5vdWdo" })).toEqual({ key: REDACTED });
  });

  it("redacts secret-shaped values wherever they appear", () => {
    const out = redact({
      message: `lookup of ${DT_TOKEN} failed`,
      header: `Authorization: Bearer ${JWT}`,
      notes: [`ca: ${PEM}`, "nothing here"],
      proxy: "http://user:p4ss@proxy.example.com:3128",
      b64pem: Buffer.from(PEM).toString("base64"),
    });
    const text = JSON.stringify(out);
    expect(text).not.toContain("ABCDEFGHIJKLMNOPQRSTUVWX");
    expect(text).not.toContain("eyJhbGci");
    expect(text).not.toContain("MIIBszCCAVmgAwIBAgIU");
    expect(text).not.toContain("p4ss");
    expect(text).not.toContain("LS0tLS1CRUdJTi");
    expect(out.notes[1]).toBe("nothing here");
    expect(out.proxy).toBe(`http://user:${REDACTED}@proxy.example.com:3128`);
  });

  it("drops a Secret's payload whatever its keys are called", () => {
    const out = redact({ kind: "Secret", metadata: { name: "dynakube" }, data: { apiToken: "QUJD", foo: "YmFy" }, stringData: { x: "y" } });
    expect(out).toEqual({ kind: "Secret", metadata: { name: "dynakube" }, data: { apiToken: REDACTED, foo: REDACTED }, stringData: { x: REDACTED } });
  });

  it("keeps non-secret facts intact, turns Maps into objects, and does not modify its input", () => {
    const input = { nodes: [{ name: "aks-user-000000", arch: "amd64", ready: true, cpuMillis: 7820 }], at: new Date(0) };
    const copy = structuredClone(input);
    expect(redact(input)).toEqual(input);
    expect(input).toEqual(copy);
    const m = new Map<string, unknown>([["k8s.version", { ok: true, value: { gitVersion: "v1.36.3" } }]]);
    expect(redact(m)).toEqual({ "k8s.version": { ok: true, value: { gitVersion: "v1.36.3" } } });
  });

  it("cuts cycles instead of overflowing", () => {
    const a: Record<string, unknown> = { name: "a" };
    a.self = a;
    expect(redact(a)).toEqual({ name: "a", self: "[circular]" });
  });

  it("copies an object reached twice (not a cycle) both times, and still cuts a cycle deeper down", () => {
    const shared = { token: "abc", pool: "user" };
    const b: Record<string, unknown> = { left: shared, right: [shared] };
    b.down = { up: b };
    expect(redact(b)).toEqual({ left: { token: REDACTED, pool: "user" }, right: [{ token: REDACTED, pool: "user" }], down: { up: "[circular]" } });
  });

  it("judges a key the same way each time it is seen (the verdict is remembered per key)", () => {
    const facts = Array.from({ length: 3 }, () => ({ clientKeyData: "x", "kubernetes.azure.com/agentpool": "user", key: "a".repeat(40) }));
    expect(redact(facts)).toEqual(Array(3).fill({ clientKeyData: REDACTED, "kubernetes.azure.com/agentpool": "user", key: REDACTED }));
  });
});

describe("redactText", () => {
  it("leaves ordinary messages alone", () => {
    expect(redactText("GET /api/v1/nodes returned 403 Forbidden")).toBe("GET /api/v1/nodes returned 403 Forbidden");
  });
  it("redacts tokens inside messages", () => {
    expect(redactText(`token ${DT_TOKEN} rejected`)).toBe(`token ${REDACTED} rejected`);
    expect(redactText(`Bearer ${JWT}`)).toBe(`Bearer ${REDACTED}`);
  });
});
