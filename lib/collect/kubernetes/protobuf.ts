// Just enough of the protobuf wire format to read the Kubernetes list responses we stream, and no more.
//
// Kubernetes serves every built-in type as protobuf (`Accept: application/vnd.kubernetes.protobuf`, what client-go
// and kubectl use): a 4-byte magic "k8s\0", then a runtime.Unknown message whose field 2 (`raw`) holds the encoded
// object, e.g. a PodList {1: ListMeta, 2: repeated Pod}. A field we do not read is skipped by its length, without
// decoding it: a pod's status and managedFields cost nothing. Field numbers are cited from the generated.proto files
// of k8s.io/api and k8s.io/apimachinery (v0.36.3) where they are used.
// Wire format: https://protobuf.dev/programming-guides/encoding/

export const PROTOBUF = "application/vnd.kubernetes.protobuf";
export const MAGIC = [0x6b, 0x38, 0x73, 0x00]; // "k8s\0"

// Wire types.
export const VARINT = 0;
export const I64 = 1;
export const LEN = 2;
export const I32 = 5;

/** Thrown when a message is cut short or malformed. */
export class ProtobufError extends Error {}

/** Reads a varint at `pos`; returns [value, next position], or undefined when `end` comes first. */
export function readVarint(buf: Uint8Array, pos: number, end: number): [number, number] | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) return undefined;
    const byte = buf[pos++]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return [value, pos];
    scale *= 128;
  }
  throw new ProtobufError("varint longer than 10 bytes");
}

/** One field's header: number, wire type, and where its value starts. For LEN fields, where it ends too. */
export interface FieldHeader {
  field: number;
  wire: number;
  /** Start of the value (the payload of a LEN field). */
  start: number;
  /** End of the value: for VARINT, I64 and I32 the position after it; for LEN the end of its payload. */
  end: number;
  /** The value of a VARINT field. */
  varint: number;
}

/**
 * Reads the field header at `pos` (and, for VARINT fields, the value). Returns undefined when the header, or a
 * fixed-size value, is not all within `end` yet; a LEN payload may still run past `end` (compare `end`s).
 */
export function readField(buf: Uint8Array, pos: number, end: number): FieldHeader | undefined {
  const key = readVarint(buf, pos, end);
  if (!key) return undefined;
  const field = Math.floor(key[0] / 8);
  const wire = key[0] & 7;
  pos = key[1];
  switch (wire) {
    case VARINT: {
      const v = readVarint(buf, pos, end);
      return v && { field, wire, start: pos, end: v[1], varint: v[0] };
    }
    case LEN: {
      const len = readVarint(buf, pos, end);
      return len && { field, wire, start: len[1], end: len[1] + len[0], varint: 0 };
    }
    case I64:
      return pos + 8 <= end ? { field, wire, start: pos, end: pos + 8, varint: 0 } : undefined;
    case I32:
      return pos + 4 <= end ? { field, wire, start: pos, end: pos + 4, varint: 0 } : undefined;
    default:
      throw new ProtobufError(`unsupported wire type ${wire} (field ${field})`);
  }
}

/**
 * Walks the fields of one complete message, buf[start, end), without allocating: `next()` moves to the next field
 * and the cursor's own properties describe it (as FieldHeader does). Decoders keep one cursor per nesting level,
 * so decoding 100,000 pods creates nothing but the values kept.
 */
export class FieldCursor {
  buf: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private limit = 0;
  field = 0;
  wire = 0;
  /** Start of the value (the payload of a LEN field). */
  start = 0;
  /** End of the value. */
  end = 0;
  /** The value of a VARINT field. */
  varint = 0;

  reset(buf: Uint8Array, start: number, end: number): this {
    this.buf = buf;
    this.pos = start;
    this.limit = end;
    return this;
  }

  /** Moves to the next field; false at the end of the message. */
  next(): boolean {
    if (this.pos >= this.limit) return false;
    const buf = this.buf;
    const limit = this.limit;
    let pos = this.pos;
    // Inline varint: field keys and lengths are almost always one or two bytes.
    let key = 0;
    for (let shift = 1; ; shift *= 128) {
      if (pos >= limit) throw new ProtobufError("message cut short");
      const b = buf[pos++]!;
      key += (b & 0x7f) * shift;
      if (b < 0x80) break;
    }
    this.field = Math.floor(key / 8);
    this.wire = key & 7;
    if (this.wire === LEN || this.wire === VARINT) {
      let v = 0;
      for (let shift = 1, i = 0; ; shift *= 128, i++) {
        if (pos >= limit || i >= 10) throw new ProtobufError("message cut short");
        const b = buf[pos++]!;
        v += (b & 0x7f) * shift;
        if (b < 0x80) break;
      }
      if (this.wire === VARINT) {
        this.varint = v;
        this.start = this.end = pos;
      } else {
        this.start = pos;
        this.end = pos + v;
        if (this.end > limit) throw new ProtobufError("message cut short");
      }
    } else if (this.wire === I64 || this.wire === I32) {
      this.start = pos;
      this.end = pos + (this.wire === I64 ? 8 : 4);
      if (this.end > limit) throw new ProtobufError("message cut short");
    } else {
      throw new ProtobufError(`unsupported wire type ${this.wire} (field ${this.field})`);
    }
    this.pos = this.end;
    return true;
  }

  /** The current LEN field as text. */
  string(): string {
    return decoder.decode(this.buf.subarray(this.start, this.end));
  }
}

const decoder = new TextDecoder();

/**
 * A map<string, Quantity> entry under `c` (a message {1: key, 2: Quantity {1: string}}), e.g. resources.requests,
 * read with the cursors `entry` and `quantity`. The Quantity's string is its canonical form, the same text the JSON
 * encoding carries. (k8s.io/apimachinery/pkg/api/resource/generated.proto: `message Quantity { optional string string = 1; }`)
 */
export function readQuantityEntry(c: FieldCursor, entry: FieldCursor, quantity: FieldCursor): [string, string] {
  let key = "";
  let value = "";
  entry.reset(c.buf, c.start, c.end);
  while (entry.next()) {
    if (entry.field === 1) key = entry.string();
    else if (entry.field === 2) {
      quantity.reset(entry.buf, entry.start, entry.end);
      while (quantity.next()) if (quantity.field === 1) value = quantity.string();
    }
  }
  return [key, value];
}

/** True when `buf` starts with the Kubernetes protobuf magic. */
export function hasMagic(buf: Uint8Array): boolean {
  return buf.length >= 4 && MAGIC.every((b, i) => buf[i] === b);
}

/**
 * A Status sent as protobuf (an error answer to a protobuf request), as the JSON text classifyKubeError reads.
 * (k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto: Status {2: status, 3: message, 4: reason, 6: code})
 */
export function statusToJson(buf: Uint8Array): string | undefined {
  if (!hasMagic(buf)) return undefined;
  try {
    const envelope = new FieldCursor().reset(buf, 4, buf.length);
    const f = new FieldCursor();
    while (envelope.next()) if (envelope.field === 2 && envelope.wire === LEN) f.reset(buf, envelope.start, envelope.end);
    const status: { kind: "Status"; status?: string; message?: string; reason?: string; code?: number } = { kind: "Status" };
    while (f.next()) {
      if (f.field === 2) status.status = f.string();
      else if (f.field === 3) status.message = f.string();
      else if (f.field === 4) status.reason = f.string();
      else if (f.field === 6) status.code = f.varint;
    }
    return status.message === undefined && status.code === undefined ? undefined : JSON.stringify(status);
  } catch {
    return undefined;
  }
}
