/** Settles as `p` does, or rejects with the signal's reason as soon as it aborts (without waiting for `p`). */
export function raceSignal<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: Error) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
