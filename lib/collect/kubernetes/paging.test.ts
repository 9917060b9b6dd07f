import { describe, expect, it } from "vitest";
import type { KubeClient } from "./client";
import { forEachPage } from "./paging";

describe("forEachPage", () => {
  it("follows continue tokens with limit 500 and hands every page to the caller", async () => {
    const pages: Record<string, { items: number[] | null; metadata?: { continue?: string } }> = {
      start: { items: [1, 2], metadata: { continue: "p/2" } },
      "p/2": { items: null, metadata: { continue: "p3" } },
      p3: { items: [3, 4], metadata: { continue: "" } },
    };
    const paths: string[] = [];
    const requests: string[] = [];
    // Only getJson is used: it records the description like the real client and answers by continue token.
    const k = {
      getJson: async (ctx: { noteRequest(d: string): void }, description: string, path: string) => {
        ctx.noteRequest(description);
        paths.push(path);
        const token = new URL(path, "https://x").searchParams.get("continue");
        return pages[token ?? "start"];
      },
    } as unknown as KubeClient;
    const seen: number[] = [];
    await forEachPage<number>(k, { signal: new AbortController().signal, noteRequest: (d) => requests.push(d) }, "/api/v1/pods?fieldSelector=a%3Db", (items) =>
      seen.push(...items),
    );
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(paths).toEqual(["/api/v1/pods?fieldSelector=a%3Db&limit=500", "/api/v1/pods?fieldSelector=a%3Db&limit=500&continue=p%2F2", "/api/v1/pods?fieldSelector=a%3Db&limit=500&continue=p3"]);
    expect(requests[2]).toBe("GET /api/v1/pods?fieldSelector=a%3Db&limit=500 (page 3)");
  });
});
