// A growable byte buffer on the heap for building strings (growth re-allocates: the bump heap
// never frees, so start with a good capacity guess).
import { alloc } from "./heap";
import { Value, mkStr } from "./value";


// AssemblyScript classes are managed objects; this one is used only as a static namespace.
export class StrBuf {
  static ptr: usize = 0;
  static len: usize = 0;
  static cap: usize = 0;

  /** Starts a new buffer (not re-entrant: finish one string before starting the next). */
  static begin(cap: usize): void {
    if (cap < 16) cap = 16;
    StrBuf.ptr = alloc(cap); StrBuf.len = 0; StrBuf.cap = cap;
  }

  static reserve(n: usize): void {
    if (StrBuf.len + n <= StrBuf.cap) return;
    let ncap = (StrBuf.cap << 1) + n;
    let np = alloc(ncap);
    memory.copy(np, StrBuf.ptr, StrBuf.len);
    StrBuf.ptr = np; StrBuf.cap = ncap;
  }

  static byte(b: u32): void { StrBuf.reserve(1); store<u8>(StrBuf.ptr + StrBuf.len++, <u8>b); }

  static bytes(p: usize, n: usize): void {
    StrBuf.reserve(n);
    memory.copy(StrBuf.ptr + StrBuf.len, p, n);
    StrBuf.len += n;
  }

  static lit(s: string): void {
    let n = <usize>s.length;
    StrBuf.reserve(n);
    for (let i: usize = 0; i < n; i++) store<u8>(StrBuf.ptr + StrBuf.len + i, <u8>s.charCodeAt(<i32>i));
    StrBuf.len += n;
  }

  /** The string value of the buffer's bytes. */
  static finish(): Value { return mkStr(StrBuf.ptr, StrBuf.len); }
}
