// array.concat, array.slice, array.reverse, array.flatten.
import { Value, T_ARRAY, mkArray, arrLen, arrAt, arrPush, needArray } from "../api";
import { intArg } from "./args";

export function builtin$array$concat(a: Value, b: Value): Value {
  needArray("array.concat", 1, a);
  needArray("array.concat", 2, b);
  let na = arrLen(a), nb = arrLen(b);
  let r = mkArray(na + nb);
  for (let i: usize = 0; i < na; i++) arrPush(r, arrAt(a, i));
  for (let i: usize = 0; i < nb; i++) arrPush(r, arrAt(b, i));
  return r;
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

/** One level: elements that are arrays are spliced in, deeper arrays stay. */
export function builtin$array$flatten(a: Value): Value {
  needArray("array.flatten", 1, a);
  let n = arrLen(a);
  let r = mkArray(n);
  for (let i: usize = 0; i < n; i++) {
    let e = arrAt(a, i);
    if (load<u8>(e) != T_ARRAY) { arrPush(r, e); continue; }
    let m = arrLen(e);
    for (let j: usize = 0; j < m; j++) arrPush(r, arrAt(e, j));
  }
  return r;
}
