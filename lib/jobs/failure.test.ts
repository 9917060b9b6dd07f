import { describe, expect, it } from "vitest";
import { KubeconfigError } from "@/lib/collect/kubernetes/kubeconfig";
import { DecryptError } from "@/lib/secrets/encryption";
import { failureMessage } from "./service";

describe("failureMessage", () => {
  it("keeps the advice of known errors", () => {
    expect(failureMessage(new KubeconfigError("This user runs an exec credential plugin"))).toBe(
      "The stored kubeconfig cannot be used: This user runs an exec credential plugin",
    );
    expect(failureMessage(new DecryptError("wrong key"))).toBe("The stored kubeconfig cannot be read: wrong key");
  });

  it("never repeats a token from an unexpected error", () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl";
    const msg = failureMessage(new Error(`request with Bearer ${jwt} failed`));
    expect(msg).toBe("The run failed: request with Bearer [redacted] failed");
  });
});
