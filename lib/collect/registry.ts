// Every collector. The engine runs only those whose facts the planned checks need.
import type { CollectorDefinition } from "@/lib/engine/collector";
import { accessReviewsCollector } from "./kubernetes/access-reviews";
import { admissionDryRunCollector } from "./kubernetes/admission-dry-run";
import { namespaceCollector } from "./kubernetes/namespace";
import { nodesCollector } from "./kubernetes/nodes";
import { serverVersionCollector } from "./kubernetes/version";

export const COLLECTORS: readonly CollectorDefinition[] = [serverVersionCollector, nodesCollector, namespaceCollector, accessReviewsCollector, admissionDryRunCollector];
