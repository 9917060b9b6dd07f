// Encryption at rest: AES-256-GCM with a random 96-bit IV per value. The key comes from
// DTREADY_SECRET_KEY (32 bytes, base64 or hex) or from `<dataDir>/secret.key`, generated on first use
// with mode 0600. Values are stored as "v1:<iv b64>:<tag b64>:<ciphertext b64>".
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { closeSync, fchmodSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/db/location";
import { env } from "@/lib/env";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretKeyError";
  }
}

export class DecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptError";
  }
}

/** Parses a 32-byte key written as 64 hex digits or as base64 (standard or URL-safe). */
export function parseKey(text: string, origin: string): Buffer {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const key = Buffer.from(t.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (key.length === KEY_BYTES) return key;
  }
  throw new SecretKeyError(
    `${origin} must be a 32-byte key, written as base64 (44 characters) or hex (64 characters); generate one with: openssl rand -base64 32`,
  );
}

export function keyFilePath(dir = dataDir()): string {
  return path.join(dir, "secret.key");
}

/** Reads the key file, creating it (mode 0600) when absent. Refuses a file others can read. */
export function loadOrCreateKeyFile(file: string): Buffer {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    const fd = openSync(file, "wx", 0o600);
    try {
      fchmodSync(fd, 0o600); // the umask could only have removed bits; make it exact anyway
      writeSync(fd, `${randomBytes(KEY_BYTES).toString("base64")}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  if (process.platform !== "win32") {
    const mode = statSync(file).mode & 0o777;
    if (mode & 0o077) {
      throw new SecretKeyError(
        `The key file ${file} can be read by other users (mode ${mode.toString(8).padStart(4, "0")}); restrict it: chmod 600 ${file}`,
      );
    }
  }
  return parseKey(readFileSync(file, "utf8"), `The key file ${file}`);
}

// Cached per source so tests (and a changed DTREADY_DATA_DIR) get the right key.
const cache = new Map<string, Buffer>();

/** The key in use: DTREADY_SECRET_KEY if set, else the data directory's key file. */
export function secretKey(): Buffer {
  const fromEnv = env("secretKey");
  const source = fromEnv ? `env:${fromEnv}` : `file:${keyFilePath()}`;
  let key = cache.get(source);
  if (!key) {
    key = fromEnv ? parseKey(fromEnv, "DTREADY_SECRET_KEY") : loadOrCreateKeyFile(keyFilePath());
    cache.set(source, key);
  }
  return key;
}

export function encrypt(plaintext: string, key: Buffer = secretKey()): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64"), tag.toString("base64"), ct.toString("base64")].join(":");
}

export function decrypt(value: string, key: Buffer = secretKey()): string {
  const parts = value.split(":");
  if (parts.length !== 4 || parts[0] !== VERSION) {
    throw new DecryptError("The stored value is not in the expected encrypted format (v1).");
  }
  const iv = Buffer.from(parts[1]!, "base64");
  const tag = Buffer.from(parts[2]!, "base64");
  const ct = Buffer.from(parts[3]!, "base64");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new DecryptError("The stored value is not in the expected encrypted format (v1).");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptError(
      "The stored value could not be decrypted: the secret key is not the one it was encrypted with (DTREADY_SECRET_KEY or the data directory's secret.key changed), or the data was altered.",
    );
  }
}
