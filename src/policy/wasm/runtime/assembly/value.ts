// Value representation: every value is a raw pointer (usize) to a small struct in linear memory.
// Layouts are documented in ../README.md; the code generator writes constant strings and booleans
// in the same layout, so any change here must be mirrored in src/policy/wasm/layout.ts.
import { alloc, allocZero, failStr } from "./heap";

export type Value = usize;

// Type tags, in OPA's sort order (null < boolean < number < string < array < object < set).
export const T_NULL: u8 = 1;
export const T_BOOLEAN: u8 = 2;
export const T_NUMBER: u8 = 3;
export const T_STRING: u8 = 4;
export const T_ARRAY: u8 = 5;
export const T_OBJECT: u8 = 6;
export const T_SET: u8 = 7;

// Number kinds (byte at offset 1 of a number).
export const N_INT: u8 = 1;   // exact i64 at +8
export const N_FLOAT: u8 = 2; // f64 at +8
export const N_REF: u8 = 3;   // exact decimal text: length at +4, pointer at +8

// Static singletons: null, false, true.
const NULL_V: usize = memory.data<u64>([1]);
const FALSE_V: usize = memory.data<u64>([2]);
const TRUE_V: usize = memory.data<u64>([2 | (1 << 32)]);

// @ts-ignore: decorator
@inline export function typeOf(v: Value): u8 { return load<u8>(v); }

export function mkNull(): Value { return NULL_V; }
export function mkBool(b: bool): Value { return b ? TRUE_V : FALSE_V; }
// @ts-ignore: decorator
@inline export function boolOf(v: Value): bool { return load<u32>(v, 4) != 0; }

// ---- numbers ------------------------------------------------------------------------------------

export function mkInt(i: i64): Value {
  let v = alloc(16);
  store<u32>(v, <u32>T_NUMBER | (<u32>N_INT << 8));
  store<i64>(v, i, 8);
  return v;
}

export function mkFloat(f: f64): Value {
  let v = alloc(16);
  store<u32>(v, <u32>T_NUMBER | (<u32>N_FLOAT << 8));
  store<f64>(v, f, 8);
  return v;
}

/** A number kept as its exact decimal text (the bytes at ptr are not copied). */
export function mkNumRef(ptr: usize, len: usize): Value {
  let v = alloc(16);
  store<u32>(v, <u32>T_NUMBER | (<u32>N_REF << 8));
  store<u32>(v, <u32>len, 4);
  store<u64>(v, <u64>ptr, 8);
  return v;
}

// @ts-ignore: decorator
@inline export function numKind(v: Value): u8 { return load<u8>(v, 1); }
// @ts-ignore: decorator
@inline export function numIntOf(v: Value): i64 { return load<i64>(v, 8); }
// @ts-ignore: decorator
@inline export function numFloatOf(v: Value): f64 { return load<f64>(v, 8); }
// @ts-ignore: decorator
@inline export function numRefPtr(v: Value): usize { return <usize>load<u64>(v, 8); }
// @ts-ignore: decorator
@inline export function numRefLen(v: Value): usize { return <usize>load<u32>(v, 4); }

// ---- strings ------------------------------------------------------------------------------------

/** A string over existing UTF-8 bytes (not copied; they must outlive the value). */
export function mkStr(ptr: usize, len: usize): Value {
  let v = alloc(16);
  store<u32>(v, <u32>T_STRING);
  store<u32>(v, <u32>len, 4);
  store<u32>(v, <u32>ptr, 8);
  store<u32>(v, 0, 12);
  return v;
}

/** A string holding a fresh copy of the bytes. */
export function mkStrCopy(ptr: usize, len: usize): Value {
  let v = alloc(16 + len);
  memory.copy(v + 16, ptr, len);
  store<u32>(v, <u32>T_STRING);
  store<u32>(v, <u32>len, 4);
  store<u32>(v, <u32>(v + 16), 8);
  store<u32>(v, 0, 12);
  return v;
}

/** A string from an AssemblyScript literal (ASCII only). */
export function mkStrLit(s: string): Value {
  let n = <usize>s.length;
  let v = alloc(16 + n);
  for (let i: usize = 0; i < n; i++) store<u8>(v + 16 + i, <u8>s.charCodeAt(<i32>i));
  store<u32>(v, <u32>T_STRING);
  store<u32>(v, <u32>n, 4);
  store<u32>(v, <u32>(v + 16), 8);
  store<u32>(v, 0, 12);
  return v;
}

// @ts-ignore: decorator
@inline export function strLen(v: Value): usize { return <usize>load<u32>(v, 4); }
// @ts-ignore: decorator
@inline export function strPtr(v: Value): usize { return <usize>load<u32>(v, 8); }

/** FNV-1a over the bytes, cached in the string; never 0. */
export function strHash(v: Value): u32 {
  let h = load<u32>(v, 12);
  if (h != 0) return h;
  h = bytesHash(strPtr(v), strLen(v));
  store<u32>(v, h, 12);
  return h;
}

export function bytesHash(p: usize, n: usize): u32 {
  let h: u32 = 0x811c9dc5;
  let end = p + n;
  while (p + 4 <= end) {
    h = (h ^ load<u32>(p)) * 0x01000193;
    h ^= h >>> 15;
    p += 4;
  }
  while (p < end) { h = (h ^ <u32>load<u8>(p)) * 0x01000193; p++; }
  h ^= h >>> 13;
  return h == 0 ? 1 : h;
}

// ---- arrays -------------------------------------------------------------------------------------
// +4 len, +8 cap, +12 elements (array of Value)

export function mkArray(cap: usize): Value {
  if (cap < 4) cap = 4;
  let v = alloc(16);
  store<u32>(v, <u32>T_ARRAY);
  store<u32>(v, 0, 4);
  store<u32>(v, <u32>cap, 8);
  store<u32>(v, <u32>alloc(cap << 2), 12);
  return v;
}

// @ts-ignore: decorator
@inline export function arrLen(v: Value): usize { return <usize>load<u32>(v, 4); }
// @ts-ignore: decorator
@inline export function arrAt(v: Value, i: usize): Value { return <usize>load<u32>(<usize>load<u32>(v, 12) + (i << 2)); }

export function arrSet(v: Value, i: usize, x: Value): void {
  store<u32>(<usize>load<u32>(v, 12) + (i << 2), <u32>x);
}

export function arrPush(v: Value, x: Value): void {
  let len = arrLen(v);
  let cap = <usize>load<u32>(v, 8);
  let elems = <usize>load<u32>(v, 12);
  if (len == cap) {
    let ncap = cap < 4 ? 4 : cap << 1;
    let ne = alloc(ncap << 2);
    memory.copy(ne, elems, len << 2);
    elems = ne;
    store<u32>(v, <u32>ncap, 8);
    store<u32>(v, <u32>ne, 12);
  }
  store<u32>(elems + (len << 2), <u32>x);
  store<u32>(v, <u32>(len + 1), 4);
}

// ---- errors -------------------------------------------------------------------------------------

export function internalError(what: string): void {
  failStr(what);
}

export { allocZero };
