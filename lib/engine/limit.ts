/**
 * A counting semaphore: at most `max` tasks run at once; the rest wait in order, except those marked `first`, which
 * wait ahead of the others (a long request that a run waits for, started behind fifty short ones, would finish last).
 */
export function createLimiter(max: number) {
  if (!Number.isInteger(max) || max < 1) throw new Error(`concurrency must be a positive integer, got ${max}`);
  let active = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    active--;
    queue.shift()?.();
  };
  let firsts = 0;
  return async function run<T>(task: () => Promise<T>, opts: { first?: boolean } = {}): Promise<T> {
    if (active >= max) {
      await new Promise<void>((resolve) => {
        if (!opts.first) return void queue.push(resolve);
        // Behind the other firsts already waiting, ahead of the rest.
        queue.splice(firsts++, 0, () => {
          firsts--;
          resolve();
        });
      });
    }
    active++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
export type Limiter = ReturnType<typeof createLimiter>;
