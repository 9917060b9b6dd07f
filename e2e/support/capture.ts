// What a spec inspects for leaks: every response body the browser received, and every file the server wrote.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Page, Response } from "@playwright/test";

/** Collects the bodies of every response the page receives (the event stream is read separately). */
export function recordResponses(page: Page): { bodies: () => Promise<{ url: string; body: string }[]> } {
  const pending: Promise<{ url: string; body: string }>[] = [];
  page.on("response", (r: Response) => {
    if ((r.headers()["content-type"] ?? "").includes("text/event-stream")) return;
    pending.push(
      r
        .body()
        .then((b) => ({ url: r.url(), body: b.toString("utf8") }))
        .catch(() => ({ url: r.url(), body: "" })), // redirects and aborted requests have no body
    );
  });
  return { bodies: () => Promise.all(pending) };
}

/** Every file below `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}
