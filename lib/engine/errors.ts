import type { FactErrorKind } from "./types";

/** An outside-world failure, already classified. Collectors' clients throw it; the engine records it. */
export class CollectError extends Error {
  constructor(
    readonly kind: FactErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "CollectError";
  }
}
