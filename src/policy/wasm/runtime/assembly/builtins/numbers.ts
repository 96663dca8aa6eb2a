// numbers.range, numbers.range_step, format_int and the bits.* family (on i64).
import { Value, T_NUMBER, N_INT, N_REF, mkInt, mkArray, arrPush, mkStr, numKind, numIntOf, numRefPtr, numRefLen,
  needNumber, toF64, alloc, builtinError } from "../api";
import { intArg } from "./args";
import { builtin$mul } from "./arith";
import { failTypeBegin, part, failNow } from "./fail";

/** A positive integer written as text too long for i64. */
function isBigPositiveInt(v: Value): bool {
  if (load<u8>(v) != T_NUMBER || numKind(v) != N_REF) return false;
  let p = numRefPtr(v), n = numRefLen(v);
  if (n < 19) return false;
  for (let i: usize = 0; i < n; i++) if (<u32>load<u8>(p + i) - 48 > 9) return false;
  return true;
}

function rangeImpl(name: string, a: i64, b: i64, step: i64): Value {
  let d = a <= b ? b - a : a - b;
  let n = step == i64.MAX_VALUE ? 1 : d / step + 1;
  let r = mkArray(<usize>n);
  for (let i: i64 = 0; i < n; i++) arrPush(r, mkInt(a <= b ? a + i * step : a - i * step));
  return r;
}

export function builtin$numbers$range(a: Value, b: Value): Value {
  return rangeImpl("numbers.range", intArg("numbers.range", 1, a), intArg("numbers.range", 2, b), 1);
}

export function builtin$numbers$range_step(a: Value, b: Value, s: Value): Value {
  let x = intArg("numbers.range_step", 1, a), y = intArg("numbers.range_step", 2, b);
  // a step beyond i64 (OPA's integers are unbounded) only ever yields the first element
  let st: i64 = isBigPositiveInt(s) ? i64.MAX_VALUE : intArg("numbers.range_step", 3, s);
  if (st <= 0) builtinError("numbers.range_step", "step must be a positive integer");
  return rangeImpl("numbers.range_step", x, y, st);
}

/** Base operand compared as number text, as OPA does ("2" but not "2.0"). */
function baseOf(b: Value): i32 {
  needNumber("format_int", 2, b);
  if (numKind(b) == N_INT) {
    let i = numIntOf(b);
    if (i == 2 || i == 8 || i == 10 || i == 16) return <i32>i;
  }
  failTypeBegin("format_int");
  part("operand 2 must be one of {2, 8, 10, 16}");
  failNow();
  return 0;
}

export function builtin$format_int(v: Value, b: Value): Value {
  needNumber("format_int", 1, v);
  let base = baseOf(b);
  let neg = false;
  let u: u64;
  if (numKind(v) == N_REF && isBigText(numRefPtr(v), numRefLen(v))) return formatBig(numRefPtr(v), numRefLen(v), base);
  if (numKind(v) == N_INT) {
    let i = numIntOf(v);
    neg = i < 0; u = neg ? <u64>(-i) : <u64>i;
  } else {
    let f = toF64(v);
    neg = f < 0; let m = Math.abs(f);
    u = m >= 1.8446744073709552e19 ? u64.MAX_VALUE : <u64>m;
  }
  let buf = alloc(72);
  let p = buf + 72;
  do {
    let d = <u32>(u % <u64>base);
    p--; store<u8>(p, <u8>(d < 10 ? 48 + d : 87 + d));
    u /= <u64>base;
  } while (u != 0);
  if (neg) { p--; store<u8>(p, 45); }
  return mkStr(p, buf + 72 - p);
}

/** Integer text (optionally signed, optionally with a fraction) longer than i64 digits. */
function isBigText(p: usize, n: usize): bool {
  let i: usize = load<u8>(p) == 45 ? 1 : 0;
  let digits: usize = 0;
  while (i < n && <u32>load<u8>(p + i) - 48 <= 9) { i++; digits++; }
  if (i < n && load<u8>(p + i) == 46) { i++; while (i < n && <u32>load<u8>(p + i) - 48 <= 9) i++; }
  return i == n && digits >= 19;
}

/** format_int of a big decimal text: integer part converted by repeated long division. */
function formatBig(p: usize, n: usize, base: i32): Value {
  let neg = load<u8>(p) == 45;
  let i: usize = neg ? 1 : 0;
  let len: usize = 0;
  while (i + len < n && load<u8>(p + i + len) != 46) len++;
  let num = alloc(len);
  for (let k: usize = 0; k < len; k++) store<u8>(num + k, load<u8>(p + i + k) - 48);
  let out = alloc(len * 4 + 2);
  let o = out + len * 4 + 2;
  let start: usize = 0;
  while (start < len) {
    let rem: u32 = 0;
    for (let k = start; k < len; k++) {
      let cur = rem * 10 + <u32>load<u8>(num + k);
      store<u8>(num + k, <u8>(cur / <u32>base));
      rem = cur % <u32>base;
    }
    o--; store<u8>(o, <u8>(rem < 10 ? 48 + rem : 87 + rem));
    while (start < len && load<u8>(num + start) == 0) start++;
  }
  if (o == out + len * 4 + 2) { o--; store<u8>(o, 48); }
  if (neg) { o--; store<u8>(o, 45); }
  return mkStr(o, out + len * 4 + 2 - o);
}

function bitsArg(name: string, operand: i32, v: Value): i64 { return intArg(name, operand, v); }

function shiftArg(name: string, v: Value): i64 {
  let s = intArg(name, 2, v);
  if (s < 0) {
    failTypeBegin(name);
    part("operand 2 must be an unsigned integer number but got a negative integer");
    failNow();
  }
  return s;
}

export function builtin$bits$and(a: Value, b: Value): Value { return mkInt(bitsArg("bits.and", 1, a) & bitsArg("bits.and", 2, b)); }
export function builtin$bits$or(a: Value, b: Value): Value { return mkInt(bitsArg("bits.or", 1, a) | bitsArg("bits.or", 2, b)); }
export function builtin$bits$xor(a: Value, b: Value): Value { return mkInt(bitsArg("bits.xor", 1, a) ^ bitsArg("bits.xor", 2, b)); }
export function builtin$bits$negate(a: Value): Value { return mkInt(~bitsArg("bits.negate", 1, a)); }
export function builtin$bits$lsh(a: Value, b: Value): Value {
  let x = bitsArg("bits.lsh", 1, a), s = shiftArg("bits.lsh", b);
  // exact like OPA's big integers: shift in steps through the (bigint-aware) multiplication
  let r = mkInt(x);
  while (s > 0) { let k = s > 62 ? 62 : s; r = builtin$mul(r, mkInt(<i64>1 << k)); s -= k; }
  return r;
}
export function builtin$bits$rsh(a: Value, b: Value): Value {
  let x = bitsArg("bits.rsh", 1, a), s = shiftArg("bits.rsh", b);
  return mkInt(s >= 64 ? (x < 0 ? -1 : 0) : x >> s);
}
