// Defence in depth: collectors should never put secrets into facts, but whatever is stored, logged or
// shown goes through here first. Redacts by key name (token, password, secret, certificate, *-data, ...)
// and by value shape (Dynatrace tokens, JWTs, PEM blocks, bearer credentials, URL passwords).

export const REDACTED = "[redacted]";

const VALUE_PATTERNS: [RegExp, string | ((m: string, ...g: string[]) => string)][] = [
  // PEM blocks (certificates, private keys), also when cut off.
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g, REDACTED],
  // Base64 of "-----BEGIN" (kubeconfig *-data fields).
  [/LS0tLS1CRUdJTi[A-Za-z0-9+/=]*/g, REDACTED],
  // Dynatrace tokens: dt0c01.<public part>.<secret part>
  [/\bdt0[a-z][0-9]{2}\.[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)?/g, REDACTED],
  // JWTs (service-account tokens, Entra ID tokens).
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*)?/g, REDACTED],
  // Authorization header values.
  [/\b(Bearer|Basic|Api-Token)\s+[A-Za-z0-9._~+/=-]{6,}/gi, (_m, scheme) => `${scheme} ${REDACTED}`],
  // Passwords in URLs: scheme://user:password@host
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi, (_m, head) => `${head}:${REDACTED}@`],
];

/**
 * Text every pattern above needs (case aside): a string with none of them is returned as is, without running the six
 * replacements. With the key memo and the ancestor stack below, redacting a 2,000-node run's facts (11,500 objects,
 * 33,000 strings, on the server's event loop at the end of each run) went from 110–480 ms to 20–80 ms (2 vCPU,
 * load average 10–15).
 */
const ANY_PATTERN = /-----BEGIN |LS0tLS1CRUdJTi|dt0[a-z]|eyJ|bearer|basic|api-token|:\/\//i;

/** Redacts secret-looking parts of free text (messages, log lines, error strings). */
export function redactText(text: string): string {
  if (!ANY_PATTERN.test(text)) return text;
  let out = text;
  for (const [re, replacement] of VALUE_PATTERNS) {
    out = out.replace(re, replacement as never);
  }
  return out;
}

/** Splits a key into lower-case words: "client-key-data" and "clientKeyData" both give client,key,data. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const SECRET_LAST_WORDS = new Set([
  "token",
  "tokens",
  "password",
  "passwd",
  "passphrase",
  "secret",
  "secrets",
  "credential",
  "credentials",
  "certificate",
  "cert",
  "apikey",
  "kubeconfig",
  "authorization",
  "cookie",
]);

/** isSecretKey, remembered per key: facts repeat the same few hundred keys (labels, field names) thousands of times. */
const secretKeys = new Map<string, boolean>();
function isSecretKey(key: string): boolean {
  let secret = secretKeys.get(key);
  if (secret === undefined) {
    secret = classifyKey(key);
    if (secretKeys.size < 10_000) secretKeys.set(key, secret);
  }
  return secret;
}

/** Whether a string value under this key must not be kept. */
function classifyKey(key: string): boolean {
  const w = words(key);
  const last = w[w.length - 1];
  if (!last) return false;
  if (SECRET_LAST_WORDS.has(last)) return true;
  // kubeconfig style: client-key-data, certificate-authority-data, caData, keyData, ...
  if (last === "data" && w.length > 1) return true;
  if (last === "key" && w.length > 1 && ["private", "client", "api", "access", "secret", "signing", "encryption"].includes(w[w.length - 2]!)) {
    return true;
  }
  return false;
}

// A plain "key" is usually a label or taint key; it is redacted only when its value looks like key material.
const KEY_MATERIAL = /^[A-Za-z0-9+/_-]{32,}={0,2}$/;

function redactString(key: string | undefined, value: string): string {
  if (key !== undefined) {
    if (isSecretKey(key)) return value === "" ? value : REDACTED;
    if (key.toLowerCase() === "key" && KEY_MATERIAL.test(value)) return REDACTED;
  }
  return redactText(value);
}

/**
 * Deep copy of `value` with secrets replaced by "[redacted]". Maps become objects, Errors their message;
 * cycles are cut. Keys are kept so the shape (and evidence) stays readable.
 */
export function redact<T>(value: T): T {
  return walk(value, undefined, []) as T;
}

/**
 * `ancestors` holds the objects being copied above this one: a value among them closes a cycle. (A stack rather
 * than a WeakSet: giving each of a run's 10,000 fact objects an identity hash made redaction several times slower.)
 */
function walk(value: unknown, key: string | undefined, ancestors: object[]): unknown {
  if (typeof value === "string") return redactString(key, value);
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return new Date(value.getTime());
  if (ancestors.includes(value)) return "[circular]";
  ancestors.push(value);
  try {
    if (value instanceof Error) return redactText(value.message);
    if (Array.isArray(value)) return value.map((v) => walk(v, key, ancestors));
    if (value instanceof Map) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of value) out[String(k)] = walk(v, String(k), ancestors);
      return out;
    }
    const obj = value as Record<string, unknown>;
    // A Kubernetes Secret's payload never survives, whatever its keys are called.
    const isSecretObject = obj.kind === "Secret";
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      if ((k === "stringData" || (k === "data" && isSecretObject)) && v && typeof v === "object") {
        out[k] = Object.fromEntries(Object.keys(v).map((name) => [name, REDACTED]));
        continue;
      }
      out[k] = walk(v, k, ancestors);
    }
    return out;
  } finally {
    ancestors.pop();
  }
}
