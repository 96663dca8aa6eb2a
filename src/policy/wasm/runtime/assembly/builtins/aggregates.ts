// Aggregates over arrays and sets: sum, product, max, min, any, all.
import { Value, T_NUMBER, T_ARRAY, T_SET, T_BOOLEAN, mkInt, mkBool, boolOf, arrLen, arrAt, tblLen, tblKeyAt,
  tblSort, compare, typeError } from "../api";
import { builtin$plus, builtin$mul } from "./arith";
import { elemTypeError } from "./fail";

/** Number of elements of an array or set; aborts with OPA's type error for anything else. */
function collLen(name: string, v: Value): usize {
  let t = load<u8>(v);
  if (t == T_ARRAY) return arrLen(v);
  if (t == T_SET) { tblSort(v); return tblLen(v); }
  typeError(name, 1, "one of {set, array}", v);
  return 0;
}

// @ts-ignore: decorator
@inline function elemAt(v: Value, i: usize): Value {
  return load<u8>(v) == T_ARRAY ? arrAt(v, i) : tblKeyAt(v, i);
}

function fold(name: string, v: Value, mul: bool): Value {
  let n = collLen(name, v);
  let acc = mkInt(mul ? 1 : 0);
  for (let i: usize = 0; i < n; i++) {
    let e = elemAt(v, i);
    if (load<u8>(e) != T_NUMBER) elemTypeError(name, 1, v, "number", e);
    acc = mul ? builtin$mul(acc, e) : builtin$plus(acc, e);
  }
  return acc;
}

export function builtin$sum(v: Value): Value { return fold("sum", v, false); }
export function builtin$product(v: Value): Value { return fold("product", v, true); }

function extreme(name: string, v: Value, sign: i32): Value {
  let n = collLen(name, v);
  if (n == 0) return 0;
  let best = elemAt(v, 0);
  for (let i: usize = 1; i < n; i++) {
    let e = elemAt(v, i);
    if (compare(e, best) * sign > 0) best = e;
  }
  return best;
}

export function builtin$max(v: Value): Value { return extreme("max", v, 1); }
export function builtin$min(v: Value): Value { return extreme("min", v, -1); }

function isTrue(e: Value): bool { return load<u8>(e) == T_BOOLEAN && boolOf(e); }

export function builtin$any(v: Value): Value {
  let n = collLen("any", v);
  for (let i: usize = 0; i < n; i++) if (isTrue(elemAt(v, i))) return mkBool(true);
  return mkBool(false);
}

export function builtin$all(v: Value): Value {
  let n = collLen("all", v);
  for (let i: usize = 0; i < n; i++) if (!isTrue(elemAt(v, i))) return mkBool(false);
  return mkBool(true);
}
