import { describe, expect, it } from "vitest";
import { createLimiter } from "./limit";

describe("createLimiter", () => {
  it("runs at most max tasks at once, the waiting ones in order, those marked first ahead of the others", async () => {
    const limit = createLimiter(1);
    const started: string[] = [];
    let running = 0;
    let most = 0;
    const task = (name: string) => async () => {
      started.push(name);
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 1));
      running--;
    };
    await Promise.all([
      limit(task("a")),
      limit(task("b")),
      limit(task("c")),
      limit(task("long 1"), { first: true }),
      limit(task("long 2"), { first: true }),
      limit(task("d")),
    ]);
    expect(started).toEqual(["a", "long 1", "long 2", "b", "c", "d"]);
    expect(most).toBe(1);
  });
});
