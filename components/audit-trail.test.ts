import { describe, expect, it } from "vitest";
import type { AuditEntry, AuditKind } from "@/lib/contracts";
import { describeAuditEntry } from "./audit-trail";

const entry = (kind: AuditKind, actor: string | null, detail: string | null): AuditEntry => ({
  id: 1,
  kind,
  actor,
  detail,
  shareLinkId: null,
  at: "2026-11-24T10:00:00.000Z",
});

describe("describeAuditEntry", () => {
  it("reads each kind of event as a sentence naming who did it", () => {
    expect(describeAuditEntry(entry("share-created", "Ana", "expires 2026-12-08, label: CAB 123"))).toBe(
      "Share link created by Ana, expires 2026-12-08, label: CAB 123",
    );
    expect(describeAuditEntry(entry("share-viewed", null, "label: CAB 123"))).toBe("Shared report viewed (label: CAB 123)");
    expect(describeAuditEntry(entry("share-revoked", null, null))).toBe("Share link revoked");
    expect(describeAuditEntry(entry("approved", "Bea", "Fine for CAB 123"))).toBe('Approved by Bea: "Fine for CAB 123"');
    expect(describeAuditEntry(entry("rejected", "Cid", "Quota too tight"))).toBe('Rejected by Cid: "Quota too tight"');
    expect(describeAuditEntry(entry("waiver-created", "Platform team", "k8s.version (fail) waived until 2026-12-31"))).toBe(
      "Waiver created by Platform team: k8s.version (fail) waived until 2026-12-31",
    );
    expect(describeAuditEntry(entry("waiver-revoked", "Dana", null))).toBe("Waiver revoked by Dana");
    expect(describeAuditEntry(entry("attested", "Pat", "manual.proxy: no proxy in this network"))).toBe(
      "Manual item attested by Pat: manual.proxy: no proxy in this network",
    );
  });
});
