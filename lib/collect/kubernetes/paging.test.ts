import { describe, expect, it } from "vitest";
import type { KubeClient } from "./client";
import { forEachItemStreamed, forEachPage } from "./paging";

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

describe("forEachItemStreamed", () => {
  it("reads the list in JSON pages when the server answers a protobuf request with JSON (never one unpaged body)", async () => {
    const requests: string[] = [];
    const k = {
      getStream: async (ctx: { noteRequest(d: string): void }, description: string, _path: string, h: { onResponse(t: string): void }) => {
        ctx.noteRequest(description);
        h.onResponse("application/json");
      },
      getJson: async (ctx: { noteRequest(d: string): void }, description: string, path: string) => {
        ctx.noteRequest(description);
        return new URL(path, "https://x").searchParams.get("continue") ? { items: [3], metadata: {} } : { items: [1, 2], metadata: { continue: "c" } };
      },
    } as unknown as KubeClient;
    const seen: number[] = [];
    const decode = () => 0;
    const r = await forEachItemStreamed<number>(k, { signal: new AbortController().signal, noteRequest: (d) => requests.push(d) }, "/api/v1/pods", decode, (items) =>
      seen.push(...items),
    );
    expect(seen).toEqual([1, 2, 3]);
    expect(r).toEqual({ items: 3 });
    expect(requests).toEqual(["GET /api/v1/pods?resourceVersion=0", "GET /api/v1/pods?limit=500", "GET /api/v1/pods?limit=500 (page 2)"]);
  });
});
