// Gatekeeper's API as a cluster with Gatekeeper or the Azure Policy add-on serves it, without running Gatekeeper:
// the ConstraintTemplate CRD (templates.gatekeeper.sh), one template per kind, and for each the constraint CRD in
// constraints.gatekeeper.sh that Gatekeeper's controller would generate from the template (cluster-scoped, named
// after the kind, versions v1beta1 (storage), v1alpha1 and v1, categories constraint/constraints). The templates
// carry no Rego here: nothing evaluates them in the test cluster, the readiness check reads only the constraints.
import type { KubernetesObject } from "@kubernetes/client-node";

const openSchema = { type: "object", "x-kubernetes-preserve-unknown-fields": true };

export const CONSTRAINT_TEMPLATE_CRD: KubernetesObject = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "constrainttemplates.templates.gatekeeper.sh" },
  spec: {
    group: "templates.gatekeeper.sh",
    names: { kind: "ConstraintTemplate", plural: "constrainttemplates", singular: "constrainttemplate", listKind: "ConstraintTemplateList" },
    scope: "Cluster",
    versions: ["v1", "v1beta1", "v1alpha1"].map((name) => ({ name, served: true, storage: name === "v1", schema: { openAPIV3Schema: openSchema }, subresources: { status: {} } })),
  },
} as KubernetesObject;

export function constraintTemplate(kind: string): KubernetesObject {
  return {
    apiVersion: "templates.gatekeeper.sh/v1",
    kind: "ConstraintTemplate",
    metadata: { name: kind.toLowerCase() },
    spec: { crd: { spec: { names: { kind } } }, targets: [{ target: "admission.k8s.gatekeeper.sh" }] },
  } as KubernetesObject;
}

export function constraintCrd(kind: string): KubernetesObject {
  const plural = kind.toLowerCase();
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.constraints.gatekeeper.sh`, labels: { "gatekeeper.sh/constraint": "yes" } },
    spec: {
      group: "constraints.gatekeeper.sh",
      names: { kind, plural, singular: plural, listKind: `${kind}List`, categories: ["constraint", "constraints"] },
      scope: "Cluster",
      versions: ["v1beta1", "v1alpha1", "v1"].map((name) => ({
        name,
        served: true,
        storage: name === "v1beta1",
        schema: { openAPIV3Schema: { type: "object", properties: { spec: openSchema, status: openSchema } } },
        subresources: { status: {} },
      })),
    },
  } as KubernetesObject;
}

export function constraint(kind: string, name: string, spec: Record<string, unknown>): KubernetesObject {
  return { apiVersion: "constraints.gatekeeper.sh/v1beta1", kind, metadata: { name }, spec } as KubernetesObject;
}
