import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DecryptError, SecretKeyError, decrypt, encrypt, keyFilePath, loadOrCreateKeyFile, parseKey, secretKey } from "./encryption";

const KEY_A = Buffer.alloc(32, 1);
const KEY_B = Buffer.alloc(32, 2);

describe("encrypt / decrypt", () => {
  it("round-trips and never contains the plaintext", () => {
    const secret = "token: 9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    const enc = encrypt(secret, KEY_A);
    expect(enc).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(enc).not.toContain("9f8e7d6c5b4a");
    expect(decrypt(enc, KEY_A)).toBe(secret);
  });

  it("uses a fresh IV for every value", () => {
    expect(encrypt("same", KEY_A)).not.toBe(encrypt("same", KEY_A));
  });

  it("detects tampering with the ciphertext or the tag", () => {
    const [v, iv, tag, ct] = encrypt("apiVersion: v1", KEY_A).split(":") as [string, string, string, string];
    const flipped = Buffer.from(ct, "base64");
    flipped[0]! ^= 1;
    expect(() => decrypt([v, iv, tag, flipped.toString("base64")].join(":"), KEY_A)).toThrow(DecryptError);
    const badTag = Buffer.from(tag, "base64");
    badTag[3]! ^= 0x80;
    expect(() => decrypt([v, iv, badTag.toString("base64"), ct].join(":"), KEY_A)).toThrow(DecryptError);
  });

  it("refuses the wrong key with a message that says the key changed", () => {
    const enc = encrypt("hello", KEY_A);
    expect(() => decrypt(enc, KEY_B)).toThrow(/secret key is not the one it was encrypted with/);
  });

  it("rejects values that are not in the v1 format", () => {
    expect(() => decrypt("plain text", KEY_A)).toThrow(/expected encrypted format/);
    expect(() => decrypt("v2:a:b:c", KEY_A)).toThrow(DecryptError);
  });
});

describe("parseKey", () => {
  it("accepts 32 bytes as hex or base64 (also URL-safe)", () => {
    const raw = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7 + 250));
    expect(parseKey(raw.toString("hex"), "k").equals(raw)).toBe(true);
    expect(parseKey(raw.toString("base64"), "k").equals(raw)).toBe(true);
    expect(parseKey(raw.toString("base64url"), "k").equals(raw)).toBe(true);
    expect(parseKey(`${raw.toString("base64")}\n`, "k").equals(raw)).toBe(true);
  });

  it("explains how to make a key when the value is wrong", () => {
    expect(() => parseKey("short", "DTREADY_SECRET_KEY")).toThrow(SecretKeyError);
    expect(() => parseKey(Buffer.alloc(16).toString("base64"), "DTREADY_SECRET_KEY")).toThrow(/openssl rand -base64 32/);
    expect(() => parseKey("zz".repeat(32), "DTREADY_SECRET_KEY")).toThrow(/DTREADY_SECRET_KEY must be a 32-byte key/);
  });
});

describe("key file", () => {
  let dir: string;
  const saved = { ...process.env };
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "dtready-key-"));
  });
  afterEach(() => {
    process.env = { ...saved };
    rmSync(dir, { recursive: true, force: true });
  });

  it("is created on first use with mode 0600 and reused afterwards", () => {
    const file = path.join(dir, "sub", "secret.key");
    const k1 = loadOrCreateKeyFile(file);
    expect(k1.length).toBe(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKeyFile(file).equals(k1)).toBe(true);
    expect(readFileSync(file, "utf8").trim()).toBe(k1.toString("base64"));
  });

  it("is refused when group or others may read it", () => {
    const file = path.join(dir, "secret.key");
    writeFileSync(file, `${KEY_A.toString("base64")}\n`, { mode: 0o600 });
    chmodSync(file, 0o644);
    expect(() => loadOrCreateKeyFile(file)).toThrow(/can be read by other users.*chmod 600/);
  });

  it("lives in DTREADY_DATA_DIR unless DTREADY_SECRET_KEY is set", () => {
    delete process.env.DTREADY_SECRET_KEY;
    process.env.DTREADY_DATA_DIR = dir;
    const fromFile = secretKey();
    expect(keyFilePath()).toBe(path.join(dir, "secret.key"));
    expect(decrypt(encrypt("x"), fromFile)).toBe("x");

    process.env.DTREADY_SECRET_KEY = KEY_B.toString("hex");
    expect(secretKey().equals(KEY_B)).toBe(true);
  });
});
