// Every item of the prerequisites document's section 7 checklist is answered by at least one registered check,
// and every registered check sits in a known section with documentation.
import { describe, expect, it } from "vitest";
import { CHECKS } from "./registry";
import { CHECKLIST, SECTIONS } from "./sections";

describe("registry covers the pre-deployment checklist", () => {
  it("maps each of the eight checklist items to a registered check", () => {
    const covered = new Set(CHECKS.map((c) => c.checklistItem).filter(Boolean));
    expect(CHECKLIST.filter((i) => !covered.has(i.id)).map((i) => i.id)).toEqual([]);
  });

  it("keeps checks grouped in the document's section order", () => {
    const order = CHECKS.map((c) => SECTIONS.findIndex((s) => s.id === c.section));
    expect(order.every((n) => n >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("has unique ids and at least one documentation link per check", () => {
    expect(new Set(CHECKS.map((c) => c.id)).size).toBe(CHECKS.length);
    for (const c of CHECKS) expect(c.docs.length, c.id).toBeGreaterThan(0);
  });
});
