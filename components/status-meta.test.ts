import { describe, expect, it } from "vitest";
import { STATUSES } from "@/lib/engine/types";
import { NOT_CHECKED_TONE, STATUS_TONES, VERDICT_TONES } from "./status-meta";

// Status must never be told by color alone: each one needs its own word and its own icon too.
describe("status and verdict tones", () => {
  const statusTones = [...STATUSES.map((s) => STATUS_TONES[s]), NOT_CHECKED_TONE];

  it("give every check status (and 'not checked') a distinct label, icon and color", () => {
    for (const key of ["label", "icon", "dot"] as const) {
      expect(new Set(statusTones.map((t) => t[key])).size).toBe(statusTones.length);
    }
  });

  it("give every verdict a distinct label and icon", () => {
    const verdicts = Object.values(VERDICT_TONES);
    expect(new Set(verdicts.map((t) => t.label)).size).toBe(4);
    expect(new Set(verdicts.map((t) => t.icon)).size).toBe(4);
  });
});
