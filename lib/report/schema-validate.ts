// A small JSON Schema validator: exactly the keywords docs/report.schema.json uses, so tests can check
// real reports against the published schema without another dependency. Unknown keywords are an error
// here, so the schema cannot silently start using something this does not enforce.
type Schema = { [keyword: string]: unknown };

const KNOWN = new Set([
  "$schema", "$id", "$defs", "$ref", "title", "description", "type", "const", "enum", "properties", "required",
  "additionalProperties", "items", "minimum", "minLength", "pattern", "format",
]);

/** Returns the problems found, each as "<json path>: <what>"; empty when the value is valid. */
export function validateAgainstSchema(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  const visit = (schema: Schema, v: unknown, path: string) => {
    for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`unsupported schema keyword ${k} at ${path}`);
    if (typeof schema.$ref === "string") {
      const name = schema.$ref.replace(/^#\/\$defs\//, "");
      const target = (root.$defs as Record<string, Schema> | undefined)?.[name];
      if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
      visit(target, v, path);
      return;
    }
    if ("const" in schema && v !== schema.const) errors.push(`${path}: must be ${JSON.stringify(schema.const)}`);
    if (Array.isArray(schema.enum) && !schema.enum.includes(v)) errors.push(`${path}: must be one of ${schema.enum.join(", ")}, got ${JSON.stringify(v)}`);
    if (typeof schema.type === "string" && typeOf(v) !== schema.type && !(schema.type === "number" && typeOf(v) === "integer")) {
      errors.push(`${path}: must be ${schema.type}, got ${typeOf(v)}`);
      return;
    }
    if (typeof v === "string") {
      if (typeof schema.minLength === "number" && v.length < schema.minLength) errors.push(`${path}: shorter than ${schema.minLength}`);
      if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(v)) errors.push(`${path}: does not match ${schema.pattern}`);
      if (schema.format === "date-time" && Number.isNaN(Date.parse(v))) errors.push(`${path}: not a date-time`);
    }
    if (typeof v === "number" && typeof schema.minimum === "number" && v < schema.minimum) errors.push(`${path}: below ${schema.minimum}`);
    if (Array.isArray(v) && schema.items) v.forEach((item, i) => visit(schema.items as Schema, item, `${path}[${i}]`));
    if (typeOf(v) === "object") {
      const obj = v as Record<string, unknown>;
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      for (const req of (schema.required ?? []) as string[]) if (!(req in obj)) errors.push(`${path}: missing ${req}`);
      for (const [k, child] of Object.entries(obj)) {
        if (props[k]) visit(props[k], child, `${path}.${k}`);
        else if (schema.additionalProperties === false) errors.push(`${path}: unexpected property ${k}`);
        else if (typeof schema.additionalProperties === "object") visit(schema.additionalProperties as Schema, child, `${path}.${k}`);
      }
    }
  };
  visit(root, value, "$");
  return errors;
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}
