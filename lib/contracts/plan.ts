// The plan as it crosses boundaries. Input is validated by the engine's planSchema (known releases, DNS names); a
// stored plan is read back leniently, so a run stays readable after its release leaves the known list.
import { z } from "zod";
import { planSchema, type Plan } from "@/lib/engine/plan";
import { sameAs } from "./results";

export { planSchema };
export type { Plan, PlanInput } from "@/lib/engine/plan";

export const storedPlanSchema = planSchema.safeExtend({ operatorVersion: z.string() });
sameAs<z.output<typeof storedPlanSchema>, Plan>(true);

/** A plan in a request body: any object; the server validates it with planSchema and names the field at fault. */
export const planInputSchema = z.record(z.string(), z.unknown());
