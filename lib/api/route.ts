import "server-only";
// Shared plumbing of the API route handlers: JSON in (zod-validated), JSON out, errors as `{error}`.
import { ZodError, type z } from "zod";
import { AzureInputError } from "@/lib/collect/azure/connection";
import { TenantInputError } from "@/lib/collect/dynatrace/tenant";
import { KubeconfigError } from "@/lib/collect/kubernetes/kubeconfig";
import { DataError } from "@/lib/db/errors";
import { log } from "@/lib/log";

const MAX_BODY_BYTES = 2 * 1024 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

export function errorJson(status: number, error: string): Response {
  return json({ error }, status);
}

/**
 * Reads a JSON body and validates it. Requiring `Content-Type: application/json` also means a
 * cross-site page cannot post to the local dashboard without a CORS preflight (which is never granted).
 */
export async function readJson<S extends z.ZodType>(request: Request, schema: S, opts: { optional?: boolean } = {}): Promise<z.infer<S>> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new HttpError(413, "The request body is larger than 2 MiB.");
  let raw: unknown = {};
  if (text.trim() || !opts.optional) {
    const type = request.headers.get("content-type") ?? "";
    if (!/^application\/json\b/i.test(type)) throw new HttpError(415, "Send the body as JSON (Content-Type: application/json).");
    try {
      raw = JSON.parse(text);
    } catch {
      throw new HttpError(400, "The request body is not valid JSON.");
    }
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new HttpError(400, describeZod(parsed.error));
  return parsed.data;
}

export function describeZod(err: ZodError): string {
  const issue = err.issues[0];
  if (!issue) return "The request is not valid.";
  const path = issue.path.join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

function hostnameOf(host: string): string {
  return host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0]!;
}

/**
 * Refuses requests addressed to a name the dashboard was not told about. A web page on another site
 * could otherwise point its own DNS name at 127.0.0.1 (DNS rebinding) and use the API as same-origin.
 * Loopback names always work; others must be listed in DTREADY_ALLOWED_HOSTS (comma-separated).
 */
export function hostProblem(request: Request): string | undefined {
  const host = request.headers.get("host") ?? new URL(request.url).host;
  const name = hostnameOf(host).toLowerCase();
  const allowed = (process.env.DTREADY_ALLOWED_HOSTS ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  if (!LOOPBACK.has(name) && !allowed.includes(name)) {
    return `Requests for host "${name}" are refused; to serve the dashboard under this name, add it to DTREADY_ALLOWED_HOSTS.`;
  }
  const origin = request.headers.get("origin");
  if (origin && request.method !== "GET" && request.method !== "HEAD") {
    let originHost: string | undefined;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = undefined;
    }
    if (originHost?.toLowerCase() !== host.toLowerCase()) return "Cross-site requests are refused.";
  }
  return undefined;
}

/** Runs a handler and maps known errors to their status; anything else is a 500 without details. */
export async function handle(request: Request, name: string, fn: () => Promise<Response>): Promise<Response> {
  const refused = hostProblem(request);
  if (refused) return errorJson(403, refused);
  try {
    return await fn();
  } catch (err) {
    if (err instanceof HttpError) return errorJson(err.status, err.message);
    if (err instanceof DataError) return errorJson(err.status, err.message);
    if (err instanceof KubeconfigError) return errorJson(400, err.message);
    // The field lets the form show the message next to the input; the message never quotes a token.
    if (err instanceof TenantInputError || err instanceof AzureInputError) return json({ error: err.message, field: err.field }, 400);
    if (err instanceof ZodError) return errorJson(400, describeZod(err));
    log.error(`${name} failed`, { err });
    return errorJson(500, "Internal error; the server log has the details.");
  }
}

export type IdParams = { params: Promise<{ id: string }> };
