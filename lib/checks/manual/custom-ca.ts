// Prerequisites section 6 "Certificate Management": custom CAs (Managed, TLS-inspecting proxies) cannot be detected
// from the cluster; a person confirms whether one is needed and where it goes.
import { defineManualCheck } from "@/lib/engine/check";
import { DOCS } from "@/lib/checks/sections";

export const customCa = defineManualCheck({
  id: "manual.custom-ca",
  title: "Custom CA certificates, if the environment uses them",
  section: "additional",
  severity: "advisory",
  docs: [DOCS.security],
  instructions: ({ plan, target }) => ({
    summary: "If the Dynatrace environment or a TLS-inspecting proxy presents a certificate from a private CA, confirm that the operator and the nodes trust it.",
    remediation:
      `Put the CA bundle (PEM) into a ConfigMap in ${plan.namespace} under the key "certs" and reference it as spec.trustedCAs in the DynaKube; it applies to the operator, OneAgent and ActiveGate. ` +
      "The nodes' container runtime must trust it too for pulls from the tenant registry (AKS: custom CA trust on the node pools). " +
      "The webhook's own TLS certificates are generated and rotated by the operator; nothing to do there. If no private CA is involved, attest this item as not needed.",
    commands: [`kubectl --context ${target.context} -n ${plan.namespace} create configmap dynatrace-trusted-cas --from-file=certs=./ca-bundle.pem`],
  }),
});
