// Splits one protobuf list response (magic, runtime.Unknown{2: raw = XList{1: ListMeta, 2: repeated item}}) into its
// ListMeta and its items as the bytes arrive, so a 100,000-pod list is never held whole: at most one partial item
// waits for the rest of its bytes. See protobuf.ts for the format.
import { FieldCursor, hasMagic, LEN, ProtobufError, readField, type FieldHeader } from "./protobuf";

export interface ListMeta {
  resourceVersion: string;
  /** The continue token of the next page; "" on the last page. */
  continue: string;
  remainingItemCount?: number;
}

/** (k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto: ListMeta {2: resourceVersion, 3: continue, 4: remainingItemCount}) */
function readListMeta(buf: Uint8Array, f: FieldHeader): ListMeta {
  const meta: ListMeta = { resourceVersion: "", continue: "" };
  const m = new FieldCursor().reset(buf, f.start, f.end);
  while (m.next()) {
    if (m.field === 2) meta.resourceVersion = m.string();
    else if (m.field === 3) meta.continue = m.string();
    else if (m.field === 4) meta.remainingItemCount = m.varint;
  }
  return meta;
}

type Stage = "magic" | "envelope" | "list" | "trailer";

export class ProtobufListStream {
  private stage: Stage = "magic";
  /** Bytes of the list message (Unknown.raw) not yet consumed, once inside it. */
  private listLeft = 0;
  /** A few bytes that do not make a field header yet, put before the next chunk. */
  private head: Buffer = Buffer.alloc(0);
  /** A field split across chunks, assembled in a buffer of its exact size (so chunks are never concatenated). */
  private partial?: { buf: Buffer; filled: number };
  meta?: ListMeta;
  /** Items handed over so far. */
  items = 0;
  /** Bytes of the body received so far. */
  bytes = 0;

  /**
   * @param onMeta called once, as soon as the ListMeta has arrived (before any item): the next page can be asked for.
   * @param onItem called with each complete item's bytes, buf[start, end), valid only during the call; omitted, the
   *   items are skipped unread (the transfer floor of the benchmark).
   */
  constructor(
    private readonly onMeta: (meta: ListMeta) => void,
    private readonly onItem?: (buf: Buffer, start: number, end: number) => void,
  ) {}

  write(chunk: Buffer): void {
    this.bytes += chunk.length;
    // Without onItem, the rest of the body is only counted once the ListMeta is known.
    if (!this.onItem && this.meta) return;
    if (this.head.length) {
      chunk = Buffer.concat([this.head, chunk]);
      this.head = Buffer.alloc(0);
    }
    let pos = 0;
    if (this.partial) {
      const p = this.partial;
      const n = Math.min(p.buf.length - p.filled, chunk.length);
      chunk.copy(p.buf, p.filled, 0, n);
      p.filled += n;
      pos = n;
      if (p.filled < p.buf.length) return;
      this.partial = undefined;
      this.consume(p.buf, 0);
    }
    const stop = this.consume(chunk, pos);
    if (stop.pos === chunk.length) return;
    if (stop.need === undefined) {
      this.head = Buffer.from(chunk.subarray(stop.pos));
    } else {
      const buf = Buffer.allocUnsafe(stop.need);
      const filled = chunk.copy(buf, 0, stop.pos);
      this.partial = { buf, filled };
    }
  }

  /** Called at the end of the body: throws when the list was cut short. */
  end(): void {
    if (!this.meta || (this.onItem && (this.listLeft > 0 || this.partial || this.head.length))) {
      throw new ProtobufError(`the list response ended early (after ${this.items} items)`);
    }
  }

  /**
   * Consumes whole fields from buf[pos..]; returns where it stopped and, when a field's header was read but its
   * value runs past the buffer, the field's whole size (header included).
   */
  private consume(buf: Buffer, pos: number): { pos: number; need?: number } {
    const end = buf.length;
    for (;;) {
      switch (this.stage) {
        case "magic":
          if (end - pos < 4) return { pos };
          if (!hasMagic(buf.subarray(pos))) throw new ProtobufError("not a Kubernetes protobuf message (no k8s magic)");
          pos += 4;
          this.stage = "envelope";
          break;
        case "envelope": {
          // runtime.Unknown: 1 typeMeta, 2 raw, 3 contentEncoding, 4 contentType. Enter raw, skip the others.
          const f = readField(buf, pos, end);
          if (!f) return { pos };
          if (f.field === 2 && f.wire === LEN) {
            this.listLeft = f.end - f.start;
            this.stage = "list";
            pos = f.start;
            break;
          }
          if (f.end > end) return { pos, need: f.end - pos };
          pos = f.end;
          break;
        }
        case "list": {
          if (this.listLeft === 0) {
            this.stage = "trailer";
            break;
          }
          const f = readField(buf, pos, Math.min(end, pos + this.listLeft));
          if (!f) return { pos };
          if (f.end > end) return { pos, need: f.end - pos };
          if (f.field === 1 && f.wire === LEN) {
            this.meta = readListMeta(buf, f);
            this.onMeta(this.meta);
          } else if (f.field === 2 && f.wire === LEN) {
            this.items++;
            this.onItem?.(buf, f.start, f.end);
          }
          this.listLeft -= f.end - pos;
          pos = f.end;
          if (!this.onItem && this.meta) return { pos: end };
          break;
        }
        case "trailer":
          // contentEncoding and contentType after raw: nothing we need.
          return { pos: end };
      }
    }
  }
}
