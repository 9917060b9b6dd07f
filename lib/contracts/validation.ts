// The one way a validation failure becomes a message: "<field>: <what is wrong>", naming the first problem. The API
// answers it as 400 {error, field}, the data layer raises it, the CLI maps the field to its flag.
import type { z } from "zod";

export interface ValidationProblem {
  /** Dotted path of the input at fault ("plan.namespace"); empty for the whole input. */
  field: string;
  message: string;
}

export function problemOf(err: z.ZodError): ValidationProblem {
  const issue = err.issues[0];
  if (!issue) return { field: "", message: "The input is not valid." };
  return { field: issue.path.map(String).join("."), message: issue.message };
}

/** "field: message", or the message alone when the whole input is at fault or the message already names its field. */
export function describeProblem(p: ValidationProblem): string {
  const leaf = p.field.split(".").pop() ?? "";
  const named = leaf !== "" && new RegExp(`\\b${leaf.replace(/[^A-Za-z0-9]/g, "")}\\b`, "i").test(p.message);
  return p.field && !named ? `${p.field}: ${p.message}` : p.message;
}

/** A validation failure with the field it is about; the API answers it as 400 `{error, field}`. */
export class ValidationError extends Error {
  readonly status = 400;
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ValidationError";
  }

  static of(err: z.ZodError, prefix?: string): ValidationError {
    const p = problemOf(err);
    const field = prefix ? [prefix, p.field].filter(Boolean).join(".") : p.field;
    return new ValidationError(describeProblem({ field, message: p.message }), field || undefined);
  }
}

/** Parses or throws ValidationError naming the field (under `prefix`, e.g. "plan"). */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw ValidationError.of(parsed.error, prefix);
  return parsed.data;
}
