import { describe, expect, it } from "vitest";
import { env, EnvError, validateServerEnv } from "./env";

describe("env", () => {
  it("reads a whole number strictly: the default when unset, an error naming the variable for anything else", () => {
    expect(env("maxConcurrentRuns", {})).toBe(4);
    expect(env("maxConcurrentRuns", { DTREADY_MAX_CONCURRENT_RUNS: "8" })).toBe(8);
    for (const bad of ["abc", "2.5", "0", "-1", "65", "4 runs"]) {
      expect(() => env("maxConcurrentRuns", { DTREADY_MAX_CONCURRENT_RUNS: bad })).toThrow(
        new EnvError("DTREADY_MAX_CONCURRENT_RUNS", `DTREADY_MAX_CONCURRENT_RUNS must be a whole number from 1 to 64 (it is "${bad}").`),
      );
    }
  });

  it("lists host names lower-cased and trimmed", () => {
    expect(env("allowedHosts", { DTREADY_ALLOWED_HOSTS: " Dash.Example.com, ,10.0.0.5 " })).toEqual(["dash.example.com", "10.0.0.5"]);
    expect(env("allowedHosts", {})).toEqual([]);
  });

  it("validates every variable at start, naming each one at fault, and never echoes a secret's value", () => {
    expect(() => validateServerEnv({ DTREADY_LOG_LEVEL: "loud", DTREADY_MAX_CONCURRENT_RUNS: "abc" })).toThrow(
      /DTREADY_MAX_CONCURRENT_RUNS must be a whole number.*DTREADY_LOG_LEVEL must be debug, info, warn or error \(it is "loud"\)/,
    );
    expect(() => validateServerEnv({ DTREADY_PUBLIC_REGISTRY: "https://x/y" })).toThrow(/DTREADY_PUBLIC_REGISTRY must be host\[:port\]/);
    expect(() => validateServerEnv({})).not.toThrow();
  });

  it("drains for 70 s by default, and only when Next.js leaves the signals to the server", () => {
    expect(env("drainTimeoutSeconds", {})).toBe(70);
    expect(env("drainTimeoutSeconds", { DTREADY_DRAIN_TIMEOUT_SECONDS: "0" })).toBe(0);
    expect(() => env("drainTimeoutSeconds", { DTREADY_DRAIN_TIMEOUT_SECONDS: "soon" })).toThrow(
      new EnvError("DTREADY_DRAIN_TIMEOUT_SECONDS", 'DTREADY_DRAIN_TIMEOUT_SECONDS must be a whole number from 0 to 3600 (it is "soon").'),
    );
    expect(env("manualSignalHandling", {})).toBe(false);
    expect(env("manualSignalHandling", { NEXT_MANUAL_SIG_HANDLE: "true" })).toBe(true);
  });
});
