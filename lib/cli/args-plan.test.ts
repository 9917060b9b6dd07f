import { describe, expect, it } from "vitest";
import { parseCommand, UsageError } from "./args";

const env = { KUBECONFIG: "/tmp/kubeconfig" };
const plan = (...args: string[]) => {
  const c = parseCommand(["check", ...args], env);
  if (c.command !== "check") throw new Error("not check");
  return c.plan;
};

describe("CLI plan flags for registry and egress probe", () => {
  it("the probe is off unless asked for", () => {
    expect(plan().egressProbe).toBe(false);
    expect(plan("--egress-probe", "--egress-probe-image", "mirror.corp/curl:8")).toMatchObject({ egressProbe: true, egressProbeImage: "mirror.corp/curl:8" });
  });

  it("a private registry with its pull secret", () => {
    expect(plan("--private-registry", "myacr.azurecr.io/dynatrace/dynatrace-operator", "--pull-secret", "acr-pull").privateRegistry).toEqual({
      repository: "myacr.azurecr.io/dynatrace/dynatrace-operator",
      pullSecret: "acr-pull",
    });
  });

  it("refuses a registry URL with a scheme, naming the flag, and a pull secret without a registry", () => {
    expect(() => plan("--private-registry", "https://myacr.azurecr.io/x")).toThrow(/--private-registry: must be host\[:port\]\/path/);
    expect(() => plan("--pull-secret", "acr-pull")).toThrow(UsageError);
  });
});

describe("CLI plan flags for code-module delivery", () => {
  it("keeps --no-csi-driver meaning ephemeral volumes, and --code-modules decides the CSI driver", () => {
    expect(plan()).toMatchObject({ csiDriver: true, codeModules: "csi-driver" });
    expect(plan("--no-csi-driver")).toMatchObject({ csiDriver: false, codeModules: "ephemeral-volume" });
    expect(plan("--code-modules", "image-volume")).toMatchObject({ csiDriver: false, codeModules: "image-volume" });
    expect(plan("--code-modules", "ephemeral-volume", "--no-csi-driver")).toMatchObject({ csiDriver: false, codeModules: "ephemeral-volume" });
  });

  it("refuses an unknown delivery and a contradiction, naming the flags", () => {
    expect(() => plan("--code-modules", "hostpath")).toThrow("--code-modules must be one of csi-driver, image-volume, ephemeral-volume");
    expect(() => plan("--code-modules", "csi-driver", "--no-csi-driver")).toThrow("--no-csi-driver contradicts --code-modules csi-driver");
  });
});
