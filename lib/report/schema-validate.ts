// A small JSON Schema validator: exactly the keywords docs/report.schema.json and the SARIF 2.1.0 schema
// (draft-04: definitions, anyOf/oneOf, minItems, uniqueItems) use, so tests can check real reports against
// published schemas without another dependency. Unknown keywords are an error
// here, so the schema cannot silently start using something this does not enforce.
type Schema = { [keyword: string]: unknown };

const KNOWN = new Set([
  "$schema", "$id", "$defs", "$ref", "title", "description", "type", "const", "enum", "properties", "required",
  "additionalProperties", "items", "minimum", "minLength", "pattern", "format",
  "id", "definitions", "default", "maximum", "minItems", "uniqueItems", "anyOf", "oneOf",
]);

/** Returns the problems found, each as "<json path>: <what>"; empty when the value is valid. */
export function validateAgainstSchema(root: Schema, value: unknown): string[] {
  const errors: string[] = [];
  const visit = (schema: Schema, v: unknown, path: string, errors: string[]) => {
    for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`unsupported schema keyword ${k} at ${path}`);
    if (typeof schema.$ref === "string") {
      const [, defs = "$defs", name = ""] = /^#\/(\$defs|definitions)\/(.+)$/.exec(schema.$ref) ?? [];
      const target = (root[defs] as Record<string, Schema> | undefined)?.[name];
      if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
      visit(target, v, path, errors);
      return;
    }
    if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s) => matches(s as Schema, v))) errors.push(`${path}: matches none of anyOf`);
    if (Array.isArray(schema.oneOf)) {
      const n = schema.oneOf.filter((s) => matches(s as Schema, v)).length;
      if (n !== 1) errors.push(`${path}: matches ${n} of oneOf, must match exactly 1`);
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
      if (schema.format === "uri" && !URL.canParse(v)) errors.push(`${path}: not an absolute URI`);
      if (schema.format === "uri-reference" && !URL.canParse(v, "http://base.invalid/")) errors.push(`${path}: not a URI reference`);
    }
    if (typeof v === "number" && typeof schema.minimum === "number" && v < schema.minimum) errors.push(`${path}: below ${schema.minimum}`);
    if (typeof v === "number" && typeof schema.maximum === "number" && v > schema.maximum) errors.push(`${path}: above ${schema.maximum}`);
    if (Array.isArray(v) && typeof schema.minItems === "number" && v.length < schema.minItems) errors.push(`${path}: fewer than ${schema.minItems} items`);
    if (Array.isArray(v) && schema.uniqueItems === true && new Set(v.map((x) => JSON.stringify(x))).size !== v.length) errors.push(`${path}: items are not unique`);
    if (Array.isArray(v) && schema.items) v.forEach((item, i) => visit(schema.items as Schema, item, `${path}[${i}]`, errors));
    if (typeOf(v) === "object") {
      const obj = v as Record<string, unknown>;
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      for (const req of (schema.required ?? []) as string[]) if (!(req in obj)) errors.push(`${path}: missing ${req}`);
      for (const [k, child] of Object.entries(obj)) {
        if (props[k]) visit(props[k], child, `${path}.${k}`, errors);
        else if (schema.additionalProperties === false) errors.push(`${path}: unexpected property ${k}`);
        else if (typeof schema.additionalProperties === "object") visit(schema.additionalProperties as Schema, child, `${path}.${k}`, errors);
      }
    }
  };
  // anyOf/oneOf branches are tried on their own, their errors discarded.
  const matches = (schema: Schema, v: unknown): boolean => {
    const branch: string[] = [];
    visit(schema, v, "$", branch);
    return branch.length === 0;
  };
  visit(root, value, "$", errors);
  return errors;
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}
