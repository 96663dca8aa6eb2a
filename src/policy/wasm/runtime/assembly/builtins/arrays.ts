// array.concat, array.slice, array.reverse, array.flatten.
import { Value, T_ARRAY, mkArray, arrLen, arrAt, arrPush, needArray, needNumber, toI64, lastInt } from "../api";
import { intTypeError } from "./fail";

export function builtin$array$concat(a: Value, b: Value): Value {
  needArray("array.concat", 1, a);
  needArray("array.concat", 2, b);
  let na = arrLen(a), nb = arrLen(b);
  let r = mkArray(na + nb);
  for (let i: usize = 0; i < na; i++) arrPush(r, arrAt(a, i));
  for (let i: usize = 0; i < nb; i++) arrPush(r, arrAt(b, i));
  return r;
}

/** An integer operand (OPA's IntOperand): aborts on non-numbers and fractions. */
export function intArg(name: string, operand: i32, v: Value): i64 {
  needNumber(name, operand, v);
  if (!toI64(v)) intTypeError(name, operand);
  return lastInt();
}

export function builtin$array$slice(a: Value, start: Value, stop: Value): Value {
  needArray("array.slice", 1, a);
  let lo = intArg("array.slice", 2, start), hi = intArg("array.slice", 3, stop);
  let n = <i64>arrLen(a);
  if (hi < 0) hi = 0; else if (hi > n) hi = n;
  if (lo < 0) lo = 0; else if (lo > hi) lo = hi;
  let r = mkArray(<usize>(hi - lo));
  for (let i = lo; i < hi; i++) arrPush(r, arrAt(a, <usize>i));
  return r;
}

export function builtin$array$reverse(a: Value): Value {
  needArray("array.reverse", 1, a);
  let n = arrLen(a);
  let r = mkArray(n);
  for (let i = n; i > 0; i--) arrPush(r, arrAt(a, i - 1));
  return r;
}

function flattenInto(r: Value, a: Value): void {
  let n = arrLen(a);
  for (let i: usize = 0; i < n; i++) {
    let e = arrAt(a, i);
    if (load<u8>(e) == T_ARRAY) flattenInto(r, e); else arrPush(r, e);
  }
}

export function builtin$array$flatten(a: Value): Value {
  needArray("array.flatten", 1, a);
  let r = mkArray(arrLen(a));
  flattenInto(r, a);
  return r;
}
