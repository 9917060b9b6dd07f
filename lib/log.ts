// A tiny server logger. Every message and field goes through redaction, so a token that slips into an
// error message is not printed. One line per entry: "<time> <level> <message> <fields as JSON>".
import { env } from "@/lib/env";
import { redact, redactText } from "@/lib/secrets/redact";

type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function write(level: Level, message: string, fields?: Record<string, unknown>): void {
  if (ORDER[level] < ORDER[env("logLevel")] || env("logOff")) return;
  const safeFields = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(redact(errorsToText(fields)))}` : "";
  const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${redactText(message)}${safeFields}\n`;
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line);
}

// Only the message of an Error: stacks are noise in an operator's log, and `cause` may carry request data.
function errorsToText(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = v instanceof Error ? `${v.name}: ${v.message}` : v;
  return out;
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
