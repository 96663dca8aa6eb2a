// Protocol buffers wire format: a reader for length-delimited messages and a writer that builds them.

export class WireError extends Error {}

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

export interface WireField { number: number; wireType: number; varint?: bigint; bytes?: Uint8Array }

/** Splits one message into its fields, in wire order. */
export function readFields(buf: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new WireError('truncated varint');
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 70n) throw new WireError('varint too long');
    }
  };
  while (pos < buf.length) {
    const tag = Number(varint());
    const number = tag >>> 3;
    const wireType = tag & 7;
    if (number === 0) throw new WireError('field number 0');
    switch (wireType) {
      case WIRE_VARINT: fields.push({ number, wireType, varint: varint() }); break;
      case WIRE_FIXED64:
        if (pos + 8 > buf.length) throw new WireError('truncated fixed64');
        fields.push({ number, wireType, bytes: buf.subarray(pos, pos + 8) }); pos += 8; break;
      case WIRE_FIXED32:
        if (pos + 4 > buf.length) throw new WireError('truncated fixed32');
        fields.push({ number, wireType, bytes: buf.subarray(pos, pos + 4) }); pos += 4; break;
      case WIRE_BYTES: {
        const len = Number(varint());
        if (len < 0 || pos + len > buf.length) throw new WireError('truncated length-delimited field');
        fields.push({ number, wireType, bytes: buf.subarray(pos, pos + len) });
        pos += len;
        break;
      }
      default: throw new WireError(`unsupported wire type ${wireType}`);
    }
  }
  return fields;
}

/** Builds a message field by field. */
export class WireWriter {
  private readonly chunks: Uint8Array[] = [];

  private varint(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    const out: number[] = [];
    do {
      let b = Number(v & 0x7fn);
      v >>= 7n;
      if (v !== 0n) b |= 0x80;
      out.push(b);
    } while (v !== 0n);
    this.chunks.push(Uint8Array.from(out));
  }

  private tag(number: number, wireType: number): void { this.varint(BigInt((number << 3) | wireType)); }

  uint(number: number, value: number | bigint): this {
    this.tag(number, WIRE_VARINT);
    this.varint(BigInt(value));
    return this;
  }

  bool(number: number, value: boolean): this { return this.uint(number, value ? 1 : 0); }

  bytes(number: number, value: Uint8Array): this {
    this.tag(number, WIRE_BYTES);
    this.varint(BigInt(value.length));
    this.chunks.push(value);
    return this;
  }

  string(number: number, value: string): this { return this.bytes(number, new TextEncoder().encode(value)); }

  message(number: number, inner: WireWriter): this { return this.bytes(number, inner.finish()); }

  finish(): Uint8Array {
    const total = this.chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(total);
    let pos = 0;
    for (const c of this.chunks) { out.set(c, pos); pos += c.length; }
    return out;
  }
}
