import { describe, expect, it } from "vitest";
import { formatDuration, formatRelative } from "./format";

describe("formatDuration", () => {
  it("reads naturally from milliseconds to minutes", () => {
    expect(formatDuration(340)).toBe("340 ms");
    expect(formatDuration(4_230)).toBe("4.2 s");
    expect(formatDuration(42_000)).toBe("42 s");
    expect(formatDuration(65_000)).toBe("1 min 05 s");
  });
  it("shows a dash when there is no duration yet (a running run)", () => {
    expect(formatDuration(null)).toBe("–");
  });
});

describe("formatRelative", () => {
  it("is relative to now", () => {
    const now = Date.parse("2026-11-23T12:00:00Z");
    expect(formatRelative("2026-11-23T11:57:00Z", now)).toBe("3 min ago");
    expect(formatRelative("2026-11-23T11:59:58Z", now)).toBe("just now");
    expect(formatRelative(null, now)).toBe("–");
  });
});
