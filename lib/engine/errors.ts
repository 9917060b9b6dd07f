import type { FactErrorKind } from "./types";

/**
 * Who failed, when it is not the system a fact's key names (e.g. Microsoft Entra ID refusing the token a Kubernetes
 * request needed), and what fixes that system. Collectors fill it in; the engine and checks put it in the reason and
 * the remediation, so an unknown or a failure blames the right party.
 */
export interface Blame {
  /** Display name of the failing system: "Microsoft Entra ID", "Azure Resource Manager", … */
  system?: string;
  /** What to do about it, with this connection's values filled in. */
  remedy?: string;
}

/** An outside-world failure, already classified. Collectors' clients throw it; the engine records it. */
export class CollectError extends Error {
  readonly system?: string;
  readonly remedy?: string;
  constructor(
    readonly kind: FactErrorKind,
    message: string,
    readonly status?: number,
    blame: Blame = {},
  ) {
    super(message);
    this.name = "CollectError";
    if (blame.system) this.system = blame.system;
    if (blame.remedy) this.remedy = blame.remedy;
  }
}
