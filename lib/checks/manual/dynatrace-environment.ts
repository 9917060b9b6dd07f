// Checklist "Dynatrace Environment": a SaaS or Managed environment is reachable. Tenant checks come with the
// Dynatrace connection; until then a person confirms it.
import { defineManualCheck } from "@/lib/engine/check";
import { DOCS } from "@/lib/checks/sections";
import { ENV_API } from "./placeholders";

export const dynatraceEnvironment = defineManualCheck({
  id: "manual.dynatrace-environment",
  title: "Dynatrace environment is accessible",
  section: "tenant",
  severity: "blocking",
  checklistItem: "environment",
  docs: [DOCS.deployment],
  notApplicable: ({ target }) =>
    target.tenant ? "Verified automatically by dt.tenant-reachable and dt.deployment-api against the connected tenant." : undefined,
  instructions: () => ({
    summary: "Confirm that the SaaS or Managed environment the cluster will report to is active and its API answers.",
    remediation:
      "Call the environment's API with the operator token from the machine you install from (and, ideally, from inside the cluster). " +
      "A JSON timestamp means the environment is up and the token is accepted; 401 means a wrong token, a connection error means a network path problem. " +
      "For Managed, the API URL is https://<managed-host>/e/<environment-id>/api. Keep the token in an environment variable, never on the command line history.",
    commands: [`curl -sS -H "Authorization: Api-Token $DT_OPERATOR_TOKEN" ${ENV_API}/v1/time`],
  }),
});
