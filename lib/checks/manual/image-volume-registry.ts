// Image-volume delivery (operator 1.11+) cannot use the tenant's built-in registry: the code modules image must come
// from a supported public registry or a mirror of it. The plan does not carry the DynaKube's codeModulesImage, so a
// person confirms it.
import { defineManualCheck } from "@/lib/engine/check";
import { IMAGE_VOLUME } from "@/lib/data/code-module-delivery";
import { codeModuleDelivery } from "@/lib/engine/plan";

export const imageVolumeRegistry = defineManualCheck({
  id: "manual.image-volume-registry",
  title: "Code modules image for image volumes from a public or mirrored registry",
  section: "deployment-mode",
  severity: "blocking",
  docs: [IMAGE_VOLUME.docs],
  notApplicable: ({ plan }) =>
    plan.mode === "platform" ? "Platform monitoring injects no code modules." : codeModuleDelivery(plan) !== "image-volume" ? "The plan does not deliver code modules by image volume." : undefined,
  instructions: ({ plan }) => ({
    summary: `Confirm that the DynaKube's codeModulesImage points to ${IMAGE_VOLUME.publicRepository} (or your mirror of it), not the tenant registry: image-volume injection does not work with the built-in tenant registry.`,
    remediation:
      `Set spec.oneAgent.${plan.mode === "full-stack" ? "cloudNativeFullStack" : "applicationMonitoring"}.codeModulesImage to ${IMAGE_VOLUME.publicRepository}:<version> ` +
      `or ${plan.privateRegistry ? `your mirror next to ${plan.privateRegistry.repository}` : "a private mirror of it"}, and add the annotation ${IMAGE_VOLUME.dynakubeAnnotation} to the DynaKube. ` +
      "The nodes pull the image themselves: their credentials (e.g. the AKS kubelet identity with AcrPull) must reach the registry.",
    commands: [],
  }),
});
