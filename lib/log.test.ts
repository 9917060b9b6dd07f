import { afterEach, describe, expect, it, vi } from "vitest";
import { log } from "./log";

describe("log", () => {
  afterEach(() => vi.restoreAllMocks());

  it("never prints a token, in the message or in the fields", () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((s) => (lines.push(String(s)), true));
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl";
    log.error(`request failed with Bearer ${jwt}`, { token: "plain-secret-value", err: new Error(`bad ${jwt}`), runId: "r1" });
    const out = lines.join("");
    expect(out).toContain("ERROR request failed with Bearer [redacted]");
    expect(out).toContain('"runId":"r1"');
    expect(out).not.toContain("eyJhbGci");
    expect(out).not.toContain("plain-secret-value");
  });
});
