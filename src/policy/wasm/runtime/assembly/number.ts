// Numbers: exact i64 when possible, f64 otherwise, and exact decimal text (N_REF) for literals that
// do not fit i64 so big integers round-trip unchanged. Formatting follows Go's encoding/json
// (shortest round-trip digits, exponent form below 1e-6 and from 1e21), which is also JavaScript's.
import { dtoa_buffered } from "util/number";
import { strtod } from "util/string";
import { Value, N_INT, N_FLOAT, N_REF, numKind, numIntOf, numFloatOf, numRefPtr, numRefLen, mkInt, mkFloat } from "./value";

// Scratch for float <-> text conversions through the standard library's UTF-16 routines.
// strtod needs something that looks like a String: a 20-byte header whose last word is the byte size.
const SCRATCH: usize = memory.data(20 + 2 * 512, 16);
const FAKE_STR: usize = SCRATCH + 20;

export function parseF64(p: usize, n: usize): f64 {
  if (n > 512) n = 512;
  for (let i: usize = 0; i < n; i++) store<u16>(FAKE_STR + (i << 1), <u16>load<u8>(p + i));
  store<u32>(FAKE_STR - 4, <u32>(n << 1));
  return strtod(changetype<string>(FAKE_STR));
}

/** Parses an optionally signed decimal integer text; returns false if not an integer or out of i64 range. */
let parsedInt: i64 = 0;
export function parseI64(p: usize, n: usize): bool {
  if (n == 0) return false;
  let neg = false;
  let i: usize = 0;
  if (load<u8>(p) == 45) { neg = true; i = 1; if (n == 1) return false; }
  if (n - i > 19) return false;
  let acc: u64 = 0;
  for (; i < n; i++) {
    let d = <u32>load<u8>(p + i) - 48;
    if (d > 9) return false;
    acc = acc * 10 + <u64>d;
  }
  if (neg) {
    if (acc > 0x8000000000000000) return false;
    parsedInt = -(<i64>acc);
  } else {
    if (acc > 0x7fffffffffffffff) return false;
    parsedInt = <i64>acc;
  }
  return true;
}
export function lastParsedInt(): i64 { return parsedInt; }

/** Builds a number from literal text: exact int when it fits, else kept as text. */
export function numFromText(p: usize, n: usize, copy: bool): Value {
  if (parseI64(p, n)) return mkInt(parsedInt);
  if (copy) {
    let q = __alloc_bytes(n);
    memory.copy(q, p, n);
    p = q;
  }
  let v = alloc16();
  store<u32>(v, 3 | (<u32>N_REF << 8));
  store<u32>(v, <u32>n, 4);
  store<u64>(v, <u64>p, 8);
  return v;
}

import { alloc } from "./heap";
function __alloc_bytes(n: usize): usize { return alloc(n); }
function alloc16(): usize { return alloc(16); }

export function toF64(v: Value): f64 {
  let k = numKind(v);
  if (k == N_INT) return <f64>numIntOf(v);
  if (k == N_FLOAT) return numFloatOf(v);
  return parseF64(numRefPtr(v), numRefLen(v));
}

let asInt: i64 = 0;
/** True when the number is an integer representable as i64; the value is then in lastInt(). */
export function toI64(v: Value): bool {
  let k = numKind(v);
  if (k == N_INT) { asInt = numIntOf(v); return true; }
  let f: f64;
  if (k == N_REF) {
    if (parseI64(numRefPtr(v), numRefLen(v))) { asInt = parsedInt; return true; }
    // integer text that parseI64 refused is outside i64; its f64 rounding would land on i64.MIN
    if (refIsInteger(numRefPtr(v), numRefLen(v))) return false;
    f = parseF64(numRefPtr(v), numRefLen(v));
  } else {
    f = numFloatOf(v);
  }
  if (f == Math.floor(f) && f >= -9.2233720368547758e18 && f < 9.2233720368547758e18) {
    asInt = <i64>f;
    return true;
  }
  return false;
}
export function lastInt(): i64 { return asInt; }

/** Integer text without sign/leading zeros problems: true if the ref is a plain (big) integer. */
function refIsInteger(p: usize, n: usize): bool {
  let i: usize = load<u8>(p) == 45 ? 1 : 0;
  if (i >= n) return false;
  for (; i < n; i++) { let d = <u32>load<u8>(p + i) - 48; if (d > 9) return false; }
  return true;
}

function cmpBigIntText(ap: usize, an: usize, bp: usize, bn: usize): i32 {
  let aneg = load<u8>(ap) == 45, bneg = load<u8>(bp) == 45;
  if (aneg != bneg) return aneg ? -1 : 1;
  if (aneg) { ap++; an--; bp++; bn--; }
  while (an > 1 && load<u8>(ap) == 48) { ap++; an--; }
  while (bn > 1 && load<u8>(bp) == 48) { bp++; bn--; }
  let c: i32 = an != bn ? (an < bn ? -1 : 1) : memory.compare(ap, bp, an);
  if (c != 0) c = c < 0 ? -1 : 1;
  return aneg ? -c : c;
}

// Renders an i64 as decimal text into buf; returns length.
export function i64ToText(buf: usize, x: i64): usize {
  let neg = x < 0;
  let u: u64 = neg ? <u64>(-x) : <u64>x;
  let tmp: usize = SCRATCH; // 20 bytes suffice
  let n: usize = 0;
  do { store<u8>(tmp + n, <u8>(48 + <u32>(u % 10))); u /= 10; n++; } while (u != 0);
  let o: usize = 0;
  if (neg) { store<u8>(buf, 45); o = 1; }
  for (let i: usize = 0; i < n; i++) store<u8>(buf + o + i, load<u8>(tmp + n - 1 - i));
  return o + n;
}

export function compareNum(a: Value, b: Value): i32 {
  let ka = numKind(a), kb = numKind(b);
  if (ka == N_INT && kb == N_INT) {
    let x = numIntOf(a), y = numIntOf(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (ka != N_FLOAT && kb != N_FLOAT) {
    // both exact (int or ref): compare integer texts exactly when both are integers
    let aInt = ka == N_INT || refIsInteger(numRefPtr(a), numRefLen(a));
    let bInt = kb == N_INT || refIsInteger(numRefPtr(b), numRefLen(b));
    if (aInt && bInt) {
      let bufA = SCRATCH + 64, bufB = SCRATCH + 96;
      let ap: usize, an: usize, bp: usize, bn: usize;
      if (ka == N_INT) { ap = bufA; an = i64ToText(bufA, numIntOf(a)); } else { ap = numRefPtr(a); an = numRefLen(a); }
      if (kb == N_INT) { bp = bufB; bn = i64ToText(bufB, numIntOf(b)); } else { bp = numRefPtr(b); bn = numRefLen(b); }
      return cmpBigIntText(ap, an, bp, bn);
    }
  }
  let x = toF64(a), y = toF64(b);
  return x < y ? -1 : (x > y ? 1 : 0);
}

export function hashNum(v: Value): u32 {
  let i: i64;
  if (toI64(v)) {
    i = asInt;
  } else {
    i = reinterpret<i64>(toF64(v));
  }
  let h = <u32>i ^ <u32>(i >>> 32) * 0x9e3779b1;
  return (h ^ (h >>> 16)) | 1;
}

/** Writes the number's JSON text into buf (at least 32 bytes, or the ref length); returns length. */
export function formatNum(buf: usize, v: Value): usize {
  let k = numKind(v);
  if (k == N_INT) return i64ToText(buf, numIntOf(v));
  if (k == N_REF) {
    let n = numRefLen(v);
    memory.copy(buf, numRefPtr(v), n);
    return n;
  }
  return formatF64(buf, numFloatOf(v));
}

export function formatF64(buf: usize, f: f64): usize {
  if (f == Math.floor(f) && Math.abs(f) < 1e21) {
    if (Math.abs(f) < 9.2e18) return i64ToText(buf, <i64>f);
  }
  let n = <usize>dtoa_buffered<f64>(FAKE_STR, f);
  // copy UTF-16 -> bytes, dropping a trailing ".0"
  if (n >= 2 && load<u16>(FAKE_STR + ((n - 1) << 1)) == 48 && load<u16>(FAKE_STR + ((n - 2) << 1)) == 46) n -= 2;
  for (let i: usize = 0; i < n; i++) store<u8>(buf + i, <u8>load<u16>(FAKE_STR + (i << 1)));
  return n;
}

/** Number from an f64 result: exact int when integral and in range. */
export function numFromF64(f: f64): Value {
  if (f == Math.floor(f) && Math.abs(f) < 9.007199254740992e15) return mkInt(<i64>f);
  return mkFloat(f);
}
