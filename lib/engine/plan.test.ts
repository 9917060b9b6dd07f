import { describe, expect, it } from "vitest";
import { codeModuleDelivery, parsePlan, planSchema } from "./plan";

describe("plan: code-module delivery and the csiDriver boolean", () => {
  it("maps plans that only have csiDriver (stored plans, the form, --no-csi-driver)", () => {
    expect(parsePlan({})).toMatchObject({ csiDriver: true, codeModules: "csi-driver" });
    expect(parsePlan({ csiDriver: false })).toMatchObject({ csiDriver: false, codeModules: "ephemeral-volume" });
  });

  it("lets codeModules decide whether the chart installs the CSI driver", () => {
    expect(parsePlan({ codeModules: "image-volume" })).toMatchObject({ csiDriver: false, codeModules: "image-volume" });
    expect(parsePlan({ codeModules: "csi-driver", csiDriver: true })).toMatchObject({ csiDriver: true });
  });

  it("reads a stored plan that was never re-parsed (no codeModules) the same way", () => {
    expect(codeModuleDelivery({ csiDriver: false })).toBe("ephemeral-volume");
    expect(codeModuleDelivery({ csiDriver: true })).toBe("csi-driver");
    expect(codeModuleDelivery({ csiDriver: false, codeModules: "image-volume" })).toBe("image-volume");
  });

  it("refuses csiDriver false with codeModules csi-driver, naming the field", () => {
    const r = planSchema.safeParse({ csiDriver: false, codeModules: "csi-driver" });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ["codeModules"], message: expect.stringContaining("contradicts csiDriver: false") });
    expect(planSchema.safeParse({ codeModules: "nfs" }).error!.issues[0]!.path).toEqual(["codeModules"]);
  });

  it("knows operator 1.11.0", () => {
    expect(parsePlan({ operatorVersion: "1.11.0" }).operatorVersion).toBe("1.11.0");
  });
});
