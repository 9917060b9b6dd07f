"use client";

import { useEffect } from "react";

/** Sets the tab title for pages whose name is only known after their data loads. */
export function DocumentTitle({ title }: { title: string }) {
  useEffect(() => {
    document.title = `${title} · dtready`;
  }, [title]);
  return null;
}
