import { describe, expect, it } from "vitest";
import { applyAttestations, applyWaivers, countByStatus, verdictOf, type WaiverRecord } from "./verdict";
import type { CheckResult } from "./types";

const r = (status: CheckResult["status"], severity: CheckResult["severity"] = "blocking", id: string = status): CheckResult => ({
  id,
  title: id,
  section: "cluster",
  status,
  severity,
  summary: "",
  evidence: [],
  remediation: { text: "", commands: [], docs: [] },
  durationMs: 0,
});

describe("verdictOf", () => {
  it("is not-ready when a blocking check fails, whatever else", () => {
    expect(verdictOf([r("pass"), r("unknown"), r("manual"), r("fail")])).toBe("not-ready");
  });
  it("is incomplete when a blocking check is unknown or a manual item is open", () => {
    expect(verdictOf([r("pass"), r("unknown")])).toBe("incomplete");
    expect(verdictOf([r("pass"), r("manual", "advisory")])).toBe("incomplete");
  });
  it("never counts unknown as a pass: an advisory unknown still warns", () => {
    expect(verdictOf([r("pass"), r("unknown", "advisory")])).toBe("ready-with-warnings");
  });
  it("is ready-with-warnings on a warn and ready when all pass or do not apply", () => {
    expect(verdictOf([r("pass"), r("warn")])).toBe("ready-with-warnings");
    expect(verdictOf([r("pass"), r("not-applicable")])).toBe("ready");
  });
  it("an attestation turns an open manual item into a pass and changes the verdict", () => {
    const results = [r("pass"), r("manual", "blocking", "manual.tokens")];
    expect(verdictOf(results)).toBe("incomplete");
    const attested = applyAttestations(results, [{ checkId: "manual.tokens", by: "ana", at: "2026-11-23T10:00:00Z", note: "checked" }]);
    expect(attested[1]!.status).toBe("pass");
    expect(attested[1]!.attestation?.by).toBe("ana");
    expect(verdictOf(attested)).toBe("ready");
  });
});

describe("applyWaivers", () => {
  const now = new Date("2026-11-24T12:00:00Z");
  const waiver = (checkId: string, over: Partial<WaiverRecord> = {}): WaiverRecord => ({
    id: `w-${checkId}`,
    checkId,
    owner: "platform team",
    justification: "accepted until the node pool is replaced",
    createdAt: "2026-11-20T09:00:00Z",
    expiresAt: "2026-12-24T23:59:59.999Z",
    ...over,
  });

  it("a waived blocking fail keeps its status and the verdict becomes ready-with-warnings", () => {
    const results = [r("pass"), r("fail", "blocking", "cluster.version")];
    expect(verdictOf(results)).toBe("not-ready");
    const waived = applyWaivers(results, [waiver("cluster.version")], now);
    expect(waived[1]!.status).toBe("fail");
    expect(waived[1]!.waiver).toMatchObject({ id: "w-cluster.version", owner: "platform team", expiresAt: "2026-12-24T23:59:59.999Z" });
    expect(verdictOf(waived)).toBe("ready-with-warnings");
    expect(countByStatus(waived).fail).toBe(1);
  });

  it("a waiver never makes a run ready: a waived warn still warns", () => {
    const waived = applyWaivers([r("pass"), r("warn", "advisory", "net.proxy")], [waiver("net.proxy")], now);
    expect(waived[1]!.waiver).toBeDefined();
    expect(verdictOf(waived)).toBe("ready-with-warnings");
  });

  it("an expired waiver stops applying: the fail blocks again", () => {
    const results = [r("fail", "blocking", "cluster.version")];
    const expired = applyWaivers(results, [waiver("cluster.version", { expiresAt: "2026-11-24T11:59:59Z" })], now);
    expect(expired[0]!.waiver).toBeUndefined();
    expect(verdictOf(expired)).toBe("not-ready");
    // Exactly at the expiry it has ended.
    expect(applyWaivers(results, [waiver("cluster.version", { expiresAt: now.toISOString() })], now)[0]!.waiver).toBeUndefined();
  });

  it("a revoked waiver stops applying", () => {
    const revoked = applyWaivers([r("fail", "blocking", "a")], [waiver("a", { revokedAt: "2026-11-23T00:00:00Z" })], now);
    expect(verdictOf(revoked)).toBe("not-ready");
  });

  it("only waives the waived check, and another blocking fail still blocks", () => {
    const waived = applyWaivers([r("fail", "blocking", "a"), r("fail", "blocking", "b")], [waiver("a")], now);
    expect(waived.map((c) => Boolean(c.waiver))).toEqual([true, false]);
    expect(verdictOf(waived)).toBe("not-ready");
  });

  it("never waives unknown, manual, pass or not-applicable (an unknown is not a known risk)", () => {
    const statuses = ["unknown", "manual", "pass", "not-applicable"] as const;
    const results = statuses.map((s) => r(s, "blocking", s));
    const waived = applyWaivers(results, statuses.map((s) => waiver(s)), now);
    expect(waived.every((c) => c.waiver === undefined)).toBe(true);
    expect(waived.map((c) => c.status)).toEqual([...statuses]);
    expect(verdictOf(waived)).toBe("incomplete");
    // And verdictOf ignores a waiver that somehow sits on an unknown.
    expect(verdictOf([{ ...r("unknown"), waiver: waived[0]!.waiver ?? waiver("x") }])).toBe("incomplete");
  });

  it("a waiver that ended is removed from a result that carried it", () => {
    const once = applyWaivers([r("fail", "blocking", "a")], [waiver("a")], now);
    const later = applyWaivers(once, [waiver("a")], new Date("2027-01-01T00:00:00Z"));
    expect(later[0]!.waiver).toBeUndefined();
    expect("waiver" in later[0]!).toBe(false);
  });
});
