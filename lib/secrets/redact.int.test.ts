// Redaction must not touch ordinary facts: stored facts are replayed through the checks, so anything it
// changed would change a replayed verdict. Checked on every fact the real collectors gather today.
import { describe, expect, it } from "vitest";
import { checkCluster } from "@/lib/runs/compose";
import { adminKubeconfig } from "@/test/cluster/testing";
import { redact } from "./redact";

describe("redact over real facts", () => {
  it("leaves every fact of a full-stack run against the test cluster unchanged", async () => {
    const { facts } = await checkCluster({ kubeconfig: adminKubeconfig(), plan: { mode: "full-stack" } });
    const plain = JSON.parse(JSON.stringify(Object.fromEntries(facts))) as Record<string, unknown>;
    const redacted = redact(plain);
    for (const key of Object.keys(plain)) expect({ [key]: redacted[key] }).toEqual({ [key]: plain[key] });
  });
});
