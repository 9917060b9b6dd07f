// Checklist "Deployment Mode": the planned observability mode is the one the team wants.
import { defineManualCheck } from "@/lib/engine/check";
import { MODE_DYNAKUBE, MODE_LABELS, type Mode } from "@/lib/engine/plan";
import { DOCS } from "@/lib/checks/sections";

const WHAT_IT_BRINGS: Record<Mode, string> = {
  platform:
    "Kubernetes cluster health and performance through an ActiveGate with the kubernetes-monitoring capability; no application instrumentation and no OneAgent on the hosts: the least overhead.",
  application:
    "Platform monitoring plus automatic code-module injection into application pods of the selected namespaces (webhook; the CSI driver caches code modules per node). No host monitoring.",
  "full-stack":
    "Everything in application observability plus a OneAgent DaemonSet on every linux node for host and infrastructure monitoring: the most visibility and the highest resource use (privileged host access).",
};

export const deploymentMode = defineManualCheck({
  id: "manual.deployment-mode",
  title: "Observability mode fits the requirements",
  section: "deployment-mode",
  severity: "advisory",
  checklistItem: "deployment-mode",
  docs: [DOCS.deployment],
  instructions: ({ plan }) => ({
    summary: `Selected ${MODE_LABELS[plan.mode]} (${MODE_DYNAKUBE[plan.mode]}).`,
    remediation:
      `${WHAT_IT_BRINGS[plan.mode]} ` +
      "The prerequisites recommend starting with Application observability and moving to Full-stack when infrastructure monitoring is required. " +
      `CSI driver: ${plan.csiDriver ? "enabled" : "disabled (each injected pod downloads its own code modules)"}. Confirm the mode with the application owners, or change it in the plan and run again.`,
  }),
});
