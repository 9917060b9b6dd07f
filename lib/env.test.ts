import { describe, expect, it } from "vitest";
import { serverEnv } from "./env";

describe("serverEnv", () => {
  it("drains for 70 s by default and drains only when Next.js leaves the signals to the server", () => {
    expect(serverEnv({})).toEqual({ DTREADY_DRAIN_TIMEOUT_SECONDS: 70, NEXT_MANUAL_SIG_HANDLE: false });
    expect(serverEnv({ DTREADY_DRAIN_TIMEOUT_SECONDS: "20", NEXT_MANUAL_SIG_HANDLE: "true" })).toEqual({
      DTREADY_DRAIN_TIMEOUT_SECONDS: 20,
      NEXT_MANUAL_SIG_HANDLE: true,
    });
  });

  it("refuses a drain timeout that is not a whole number of seconds, naming the variable", () => {
    expect(() => serverEnv({ DTREADY_DRAIN_TIMEOUT_SECONDS: "soon" })).toThrow(/^DTREADY_DRAIN_TIMEOUT_SECONDS: /);
    expect(() => serverEnv({ DTREADY_DRAIN_TIMEOUT_SECONDS: "-1" })).toThrow(/^DTREADY_DRAIN_TIMEOUT_SECONDS: /);
  });
});
