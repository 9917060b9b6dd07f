// Reads a Kubernetes list in pages (limit + continue) so that large clusters come back in bounded responses.
import type { CollectContext } from "@/lib/engine/collector";
import { CollectError } from "@/lib/engine/errors";
import type { KubeClient } from "./client";

export const PAGE_SIZE = 500;
const MAX_PAGES = 1000;

interface ListPage<T> {
  items: T[] | null;
  metadata?: { continue?: string };
}

/**
 * Reads `path` page by page (raw JSON, see KubeClient.getJson) and hands each page's items to `onItems`,
 * so callers can fold items into small projections instead of holding every object of a 60,000-pod
 * cluster in memory. Items keep the API's field names; timestamps are strings.
 */
export async function forEachPage<T>(
  k: KubeClient,
  ctx: Pick<CollectContext, "signal" | "noteRequest">,
  path: string,
  onItems: (items: T[]) => void,
): Promise<void> {
  let cont: string | undefined;
  const sep = path.includes("?") ? "&" : "?";
  for (let page = 1; ; page++) {
    const description = `GET ${path}${sep}limit=${PAGE_SIZE}${page > 1 ? ` (page ${page})` : ""}`;
    const url = `${path}${sep}limit=${PAGE_SIZE}${cont ? `&continue=${encodeURIComponent(cont)}` : ""}`;
    const res = await k.getJson<ListPage<T>>(ctx, description, url);
    onItems(res.items ?? []);
    cont = res.metadata?.continue || undefined;
    if (!cont) return;
    if (page >= MAX_PAGES) throw new CollectError("invalid", `GET ${path} kept returning continue tokens after ${MAX_PAGES} pages`);
  }
}
