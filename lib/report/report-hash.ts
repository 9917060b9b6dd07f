// The fingerprint an approval is bound to: SHA-256 over the report the approver reviewed. Keys are sorted
// so the hash depends on the content only, never on the order a reader or a Prisma version builds objects in.
import { createHash } from "node:crypto";
import type { RunReport } from "@/lib/engine/types";

/** JSON with object keys sorted at every level; undefined members are left out, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const source = (value as { toJSON?: () => unknown }).toJSON ? (value as { toJSON: () => unknown }).toJSON() : value;
    if (source === null || typeof source !== "object") return source;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(source).sort()) out[key] = sortKeys((source as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** SHA-256 (hex) of the canonical JSON of a run's report: verdict, target, plan, checks with evidence, attestations, waivers. */
export function reportHash(report: RunReport): string {
  return createHash("sha256").update(canonicalJson(report), "utf8").digest("hex");
}
