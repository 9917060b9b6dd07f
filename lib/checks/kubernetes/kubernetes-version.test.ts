import { describe, expect, it } from "vitest";
import { kubernetesVersion } from "./kubernetes-version";
import { evaluateCheck } from "./fixtures";

const v = (minor: string) => ({ gitVersion: `v1.${minor}.2`, major: "1", minor, platform: "linux/amd64" });

describe("k8s.version", () => {
  it("passes inside the release's tested range, for 1.11.0 too", () => {
    expect(evaluateCheck(kubernetesVersion, { "k8s.version": v("33") }).status).toBe("pass");
    expect(evaluateCheck(kubernetesVersion, { "k8s.version": v("36") }, { operatorVersion: "1.11.0" }).status).toBe("pass");
  });

  it("fails when its own evidence predicts a rejection: below the chart's kubeVersion floor Helm refuses the install", () => {
    const r = evaluateCheck(kubernetesVersion, { "k8s.version": v("24") }, { operatorVersion: "1.10.2" });
    expect(r.status).toBe("fail");
    expect(r.summary).toBe("Kubernetes 1.24 is below the minimum 1.25 of operator 1.10.2.");
  });

  it("warns outside the tested range", () => {
    expect(evaluateCheck(kubernetesVersion, { "k8s.version": v("37") }).summary).toContain("newer than the range operator 1.10.2 was tested on (1.29–1.36)");
    expect(evaluateCheck(kubernetesVersion, { "k8s.version": v("27") }).status).toBe("warn");
  });
});
