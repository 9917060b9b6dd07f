// The prerequisites document's structure: its sections (1-6) and its section 7 checklist.
import type { ChecklistItemId, SectionId } from "@/lib/engine/types";

export const DOCS = {
  tokens: { title: "Tokens and permissions", url: "https://docs.dynatrace.com/docs/ingest-from/setup-on-k8s/deployment/tokens-permissions/tokens-permissions" },
  supportMatrix: {
    title: "Kubernetes support matrix",
    url: "https://docs.dynatrace.com/docs/ingest-from/technology-support/support-model-for-kubernetes",
  },
  deployment: { title: "Deployment options", url: "https://docs.dynatrace.com/docs/ingest-from/setup-on-k8s/deployment" },
  network: { title: "Network traffic", url: "https://docs.dynatrace.com/docs/ingest-from/setup-on-k8s/reference/network" },
  security: { title: "Security", url: "https://docs.dynatrace.com/docs/ingest-from/setup-on-k8s/reference/security" },
  podSecurity: {
    title: "Pod Security Standards",
    url: "https://docs.dynatrace.com/docs/ingest-from/setup-on-k8s/guides/networking-security-compliance/pod-security-standards",
  },
  components: {
    title: "Dynatrace Operator components",
    url: "https://docs.dynatrace.com/docs/ingest-from/setup-on-k8s/how-it-works/components/dynatrace-operator",
  },
  storage: { title: "Storage requirements", url: "https://docs.dynatrace.com/docs/ingest-from/setup-on-k8s/reference/storage" },
  tokenLookup: {
    title: "Tokens API: look up a token",
    url: "https://docs.dynatrace.com/docs/dynatrace-api/environment-api/tokens-v2/api-tokens/post-token-lookup",
  },
  dynakubeMigration: {
    title: "DynaKube API migration",
    url: "https://docs.dynatrace.com/docs/ingest-from/setup-on-k8s/guides/migration/dynakube",
  },
} as const;

export interface Section {
  id: SectionId;
  number: number;
  title: string;
}

export const SECTIONS: readonly Section[] = [
  { id: "tenant", number: 1, title: "Dynatrace environment and tokens" },
  { id: "cluster", number: 2, title: "Kubernetes / AKS cluster" },
  { id: "network", number: 3, title: "Network and security" },
  { id: "resources", number: 4, title: "Resources and storage" },
  { id: "deployment-mode", number: 5, title: "Deployment mode" },
  { id: "additional", number: 6, title: "Additional technical requirements" },
];

export interface ChecklistItem {
  id: ChecklistItemId;
  title: string;
  text: string;
}

/** Section 7, "Pre-Deployment Checklist", in the document's order. */
export const CHECKLIST: readonly ChecklistItem[] = [
  { id: "environment", title: "Dynatrace Environment", text: "SaaS/Managed environment is accessible" },
  { id: "tokens", title: "Tokens Created", text: "Operator and Data Ingest tokens generated with correct scopes" },
  { id: "kubernetes-version", title: "Kubernetes Version", text: "Cluster runs supported Kubernetes version" },
  { id: "network-access", title: "Network Access", text: "Outbound connectivity to Dynatrace APIs and registries verified" },
  { id: "permissions", title: "Permissions", text: "Administrative access to deploy cluster-wide resources confirmed" },
  { id: "deployment-mode", title: "Deployment Mode", text: "Selected appropriate observability mode for your requirements" },
  { id: "storage-planning", title: "Storage Planning", text: "Node storage capacity assessed for CSI driver requirements" },
  { id: "resource-limits", title: "Resource Limits", text: "Resource quotas and limits reviewed for Operator components" },
];
