// Prerequisites section 6 "FIPS Compliance (Optional)": a regulatory requirement only the team can state.
import { defineManualCheck } from "@/lib/engine/check";
import { DOCS } from "@/lib/checks/sections";

export const fips = defineManualCheck({
  id: "manual.fips",
  title: "FIPS-compliant images, if required",
  section: "additional",
  severity: "advisory",
  docs: [DOCS.security],
  instructions: () => ({
    summary: "Confirm whether the cluster must run FIPS-validated images (government or regulated environments).",
    remediation:
      "If FIPS is required, use Dynatrace's FIPS-compliant operator and component images (set the image references in the Helm values and the DynaKube) " +
      "and run them on FIPS-enabled node pools (AKS: --enable-fips-image). Expect some features and performance to differ. If FIPS is not required, attest this item as not needed.",
    commands: ["az aks nodepool list --resource-group <resource-group> --cluster-name <cluster> --query \"[].{name:name, fips:enableFips}\" -o table"],
  }),
});
