import { describe, expect, it } from "vitest";
import { applyAttestations, verdictOf } from "./verdict";
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
