// Every collector. The engine runs only those whose facts the planned checks need.
import type { CollectorDefinition } from "@/lib/engine/collector";
import { serverVersionCollector } from "./kubernetes/version";

export const COLLECTORS: readonly CollectorDefinition[] = [serverVersionCollector];
