"use client";

import { useEffect, useState } from "react";
import { flushSync } from "react-dom";

/**
 * True while the page is being printed (the browser's Print / "Save as PDF", or print media emulated), so
 * collapsible content can render in full. The update is flushed synchronously in beforeprint: the browser
 * lays out the printed pages right after the event, before React would otherwise commit.
 */
export function usePrinting(): boolean {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    const media = window.matchMedia("print");
    const start = () => flushSync(() => setPrinting(true));
    const end = () => setPrinting(false);
    const change = (e: MediaQueryListEvent) => (e.matches ? start() : end());
    if (media.matches) setPrinting(true);
    window.addEventListener("beforeprint", start);
    window.addEventListener("afterprint", end);
    media.addEventListener("change", change);
    return () => {
      window.removeEventListener("beforeprint", start);
      window.removeEventListener("afterprint", end);
      media.removeEventListener("change", change);
    };
  }, []);
  return printing;
}
