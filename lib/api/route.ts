import "server-only";
// Route handlers are built from the endpoint contracts (lib/contracts/endpoints.ts): the host and origin are checked,
// the body is read (bounded while streaming) and validated with the endpoint's schema, the handler's answer is sent with
// the endpoint's status, and errors become `{error}` (with `field` when the input at fault is known).
import { ZodError, type z } from "zod";
import { AzureInputError } from "@/lib/collect/azure/connection";
import { TenantInputError } from "@/lib/collect/dynatrace/tenant";
import { KubeconfigError } from "@/lib/collect/kubernetes/kubeconfig";
import type { Endpoint, ParamsOf } from "@/lib/contracts/endpoints";
import { ValidationError } from "@/lib/contracts/validation";
import { DataError } from "@/lib/db/errors";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

export const MAX_BODY_BYTES = 2 * 1024 * 1024;

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

/** The body as text, refused with 413 as soon as it passes the limit (it is never read whole first). */
async function readBodyText(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (declared > MAX_BODY_BYTES) throw new HttpError(413, "The request body is larger than 2 MiB.");
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new HttpError(413, "The request body is larger than 2 MiB.");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Reads a JSON body and validates it. Requiring `Content-Type: application/json` also means a cross-site page cannot
 * post to the local dashboard without a CORS preflight (which is never granted).
 */
export async function readJson<S extends z.ZodType>(request: Request, schema: S, opts: { optional?: boolean } = {}): Promise<z.output<S>> {
  const text = await readBodyText(request);
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
  if (!parsed.success) throw ValidationError.of(parsed.error);
  return parsed.data;
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
  if (!LOOPBACK.has(name) && !env("allowedHosts").includes(name)) {
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

/** The answer for an error: known ones with their status; anything else a 500 without details (logged). */
export function errorResponse(err: unknown, name: string): Response {
  if (err instanceof HttpError) return errorJson(err.status, err.message);
  if (err instanceof DataError) return errorJson(err.status, err.message);
  if (err instanceof KubeconfigError) return errorJson(400, err.message);
  // The field lets the form show the message next to the input; the message never quotes a token.
  if (err instanceof ValidationError) return json({ error: err.message, ...(err.field ? { field: err.field } : {}) }, 400);
  if (err instanceof TenantInputError || err instanceof AzureInputError) return json({ error: err.message, field: err.field }, 400);
  if (err instanceof ZodError) return errorResponse(ValidationError.of(err), name);
  log.error(`${name} failed`, { err });
  return errorJson(500, "Internal error; the server log has the details.");
}

/** Runs a handler and maps known errors to their status; anything else is a 500 without details. */
export async function handle(request: Request, name: string, fn: () => Promise<Response>): Promise<Response> {
  const refused = hostProblem(request);
  if (refused) return errorJson(403, refused);
  try {
    return await fn();
  } catch (err) {
    return errorResponse(err, name);
  }
}

type BodyOf<E extends Endpoint> = E["body"] extends z.ZodType ? z.output<E["body"]> : undefined;
type AnswerOf<E extends Endpoint> = E["response"] extends z.ZodType ? z.input<E["response"]> | Response : Response | void;

export interface RouteInput<E extends Endpoint> {
  request: Request;
  params: ParamsOf<E["path"]>;
  body: BodyOf<E>;
  query: URLSearchParams;
}

/** What Next calls: the request and the path's parameters (tests call paths without parameters with the request alone). */
export type RouteHandler<E extends Endpoint> = (request: Request, context?: { params: Promise<ParamsOf<E["path"]>> }) => Promise<Response>;

/**
 * A route handler for an endpoint. The handler returns the answer's body (sent as JSON with the endpoint's status), a
 * Response of its own (a stream, a download, another status), or nothing for a 204.
 */
export function route<E extends Endpoint>(endpoint: E, handler: (input: RouteInput<E>) => Promise<AnswerOf<E>>): RouteHandler<E> {
  const name = `${endpoint.method} ${endpoint.path}`;
  return (request, context) =>
    handle(request, name, async () => {
      const params = ((await context?.params) ?? {}) as ParamsOf<E["path"]>;
      const body = (endpoint.body ? await readJson(request, endpoint.body, { optional: endpoint.bodyOptional }) : undefined) as BodyOf<E>;
      const answer = await handler({ request, params, body, query: new URL(request.url).searchParams });
      if (answer instanceof Response) return answer;
      if (endpoint.status === 204 || answer === undefined) return new Response(null, { status: 204 });
      return json(answer, endpoint.status);
    });
}
