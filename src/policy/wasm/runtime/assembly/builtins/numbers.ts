// numbers.range, numbers.range_step, format_int and the bits.* family (on i64).
import { Value, T_NUMBER, N_INT, mkInt, mkArray, arrPush, mkStr, numKind, numIntOf, numRefPtr, numRefLen,
  needNumber, toF64, alloc, builtinError } from "../api";
import { intArg } from "./arrays";
import { builtin$mul } from "./arith";
import { failTypeBegin, part, failNow } from "./fail";

function rangeImpl(name: string, a: i64, b: i64, step: i64): Value {
  let n = (a <= b ? b - a : a - b) / step + 1;
  let r = mkArray(<usize>n);
  if (a <= b) for (let x = a; x <= b; x += step) arrPush(r, mkInt(x));
  else for (let x = a; x >= b; x -= step) arrPush(r, mkInt(x));
  return r;
}

export function builtin$numbers$range(a: Value, b: Value): Value {
  return rangeImpl("numbers.range", intArg("numbers.range", 1, a), intArg("numbers.range", 2, b), 1);
}

export function builtin$numbers$range_step(a: Value, b: Value, s: Value): Value {
  let x = intArg("numbers.range_step", 1, a), y = intArg("numbers.range_step", 2, b);
  let st = intArg("numbers.range_step", 3, s);
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
