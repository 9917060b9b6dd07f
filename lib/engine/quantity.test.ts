import { describe, expect, it } from "vitest";
import { bytes, count, cpuMillis, formatBytes, formatCpu, parseQuantity } from "./quantity";

describe("parseQuantity", () => {
  it("reads CPU as kubelets report it", () => {
    expect(cpuMillis("3860m")).toBe(3860);
    expect(cpuMillis("4")).toBe(4000);
    expect(cpuMillis("0.5")).toBe(500);
    expect(cpuMillis("1.5")).toBe(1500);
    expect(cpuMillis("0.1")).toBe(100);
    expect(cpuMillis("100u")).toBe(1); // rounds up like MilliValue
    expect(cpuMillis("250000000n")).toBe(250);
  });
  it("reads binary and decimal memory suffixes", () => {
    expect(bytes("13Gi")).toBe(13 * 2 ** 30);
    expect(bytes("118Gi")).toBe(118 * 2 ** 30);
    expect(bytes("512Mi")).toBe(512 * 2 ** 20);
    expect(bytes("16393568Ki")).toBe(16393568 * 1024);
    expect(bytes("1Ti")).toBe(2 ** 40);
    expect(bytes("1Pi")).toBe(2 ** 50);
    expect(bytes("1Ei")).toBe(2 ** 60);
    expect(bytes("1k")).toBe(1000);
    expect(bytes("1M")).toBe(1e6);
    expect(bytes("1.5G")).toBe(1.5e9);
    expect(bytes("2T")).toBe(2e12);
    expect(bytes("1P")).toBe(1e15);
    expect(bytes("1E")).toBe(1e18);
    expect(bytes("128974848")).toBe(128974848);
  });
  it("reads exponent notation, where E followed by digits is an exponent, not exa", () => {
    expect(parseQuantity("1e3")).toBe(1000);
    expect(parseQuantity("12E6")).toBe(12e6);
    expect(parseQuantity("5e-3")).toBeCloseTo(0.005);
  });
  it("reads counts and signs", () => {
    expect(count("110")).toBe(110);
    expect(parseQuantity("-1")).toBe(-1);
    expect(parseQuantity("+2k")).toBe(2000);
    expect(parseQuantity(".5")).toBe(0.5);
  });
  it("rejects what Kubernetes rejects", () => {
    for (const bad of ["", "Gi", "1GB", "1gi", "1 Gi", "abc", "1.2.3", "1K"]) expect(parseQuantity(bad)).toBeUndefined();
    expect(cpuMillis(undefined)).toBeUndefined();
  });
  it("formats for people", () => {
    expect(formatBytes(13 * 2 ** 30)).toBe("13 GiB");
    expect(formatBytes(1.5 * 2 ** 20)).toBe("1.5 MiB");
    expect(formatCpu(3860)).toBe("3.86 cores");
    expect(formatCpu(500)).toBe("500m");
  });
});
