// Value layouts shared with the AssemblyScript runtime (runtime/assembly/value.ts): the code
// generator writes constant strings and booleans directly into a data segment in this layout.

export const T_NULL = 1;
export const T_BOOLEAN = 2;
export const T_NUMBER = 3;
export const T_STRING = 4;
export const T_ARRAY = 5;
export const T_OBJECT = 6;
export const T_SET = 7;

/** Builds the constants segment: little-endian, every item 8-byte aligned, addresses absolute. */
export class ConstantPool {
  readonly base: number;
  private bytes: number[] = [];

  constructor(base: number) {
    this.base = base;
  }

  private align(n: number): void {
    while (this.bytes.length % n !== 0) this.bytes.push(0);
  }

  private u32(v: number): void {
    this.bytes.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  }

  get end(): number {
    return this.base + this.bytes.length;
  }

  /** Raw bytes, NUL-terminated; returns their address. */
  addBytes(data: Uint8Array, nulTerminate = true): number {
    const addr = this.end;
    for (const b of data) this.bytes.push(b);
    if (nulTerminate) this.bytes.push(0);
    return addr;
  }

  addCString(s: string): number {
    return this.addBytes(new TextEncoder().encode(s));
  }

  /** A string value {tag, len, ptr, hash=0} whose bytes follow it; returns the value's address. */
  addStringValue(s: string): { value: number; bytes: number; length: number } {
    const data = new TextEncoder().encode(s);
    this.align(8);
    const value = this.end;
    this.u32(T_STRING);
    this.u32(data.length);
    this.u32(value + 16);
    this.u32(0);
    const bytes = this.addBytes(data);
    this.align(8);
    return { value, bytes, length: data.length };
  }

  /** Little-endian u32 words, 4-byte aligned; returns their address. */
  addWords(words: number[]): number {
    this.align(4);
    const addr = this.end;
    for (const w of words) this.u32(w);
    return addr;
  }

  addBooleanValue(b: boolean): number {
    this.align(8);
    const addr = this.end;
    this.u32(T_BOOLEAN);
    this.u32(b ? 1 : 0);
    return addr;
  }

  data(): Uint8Array {
    this.align(16);
    return Uint8Array.from(this.bytes);
  }
}
