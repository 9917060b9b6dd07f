// Reads a Kubernetes list in pages (limit + continue) so that large clusters come back in bounded responses.
import type { ConfigurationOptions } from "@kubernetes/client-node";
import type { CollectContext } from "@/lib/engine/collector";
import { CollectError } from "@/lib/engine/errors";
import type { KubeClient } from "./client";

export const PAGE_SIZE = 500;
const MAX_PAGES = 1000;

interface ListPage<T> {
  items: T[];
  metadata?: { _continue?: string };
}

/**
 * Calls `list` page by page and hands each page's items to `onItems`, so callers can fold items into small
 * projections instead of holding every object of a 60,000-pod cluster in memory.
 */
export async function forEachPage<T>(
  k: KubeClient,
  ctx: Pick<CollectContext, "signal" | "noteRequest">,
  path: string,
  list: (page: { limit: number; _continue?: string }, options?: ConfigurationOptions) => Promise<ListPage<T>>,
  onItems: (items: T[]) => void,
): Promise<void> {
  let cont: string | undefined;
  for (let page = 1; ; page++) {
    const sep = path.includes("?") ? "&" : "?";
    const description = `GET ${path}${sep}limit=${PAGE_SIZE}${page > 1 ? ` (page ${page})` : ""}`;
    const res = await k.request(ctx, description, (o) => list({ limit: PAGE_SIZE, _continue: cont }, o));
    onItems(res.items);
    cont = res.metadata?._continue || undefined;
    if (!cont) return;
    if (page >= MAX_PAGES) throw new CollectError("invalid", `GET ${path} kept returning continue tokens after ${MAX_PAGES} pages`);
  }
}
