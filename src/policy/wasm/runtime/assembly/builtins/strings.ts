// String builtins needed by Gatekeeper-style policies (the builtins helper adds the rest).
import { Value, T_STRING, T_ARRAY, T_SET, mkBool, mkStr, strLen, strPtr, arrLen, arrAt, tblLen, tblKeyAt,
  tblSort, needString, typeError, StrBuf } from "../api";

export function builtin$startswith(s: Value, prefix: Value): Value {
  needString("startswith", 1, s);
  needString("startswith", 2, prefix);
  let n = strLen(prefix);
  return mkBool(n <= strLen(s) && memory.compare(strPtr(s), strPtr(prefix), n) == 0);
}

export function builtin$endswith(s: Value, suffix: Value): Value {
  needString("endswith", 1, s);
  needString("endswith", 2, suffix);
  let n = strLen(suffix), sl = strLen(s);
  return mkBool(n <= sl && memory.compare(strPtr(s) + sl - n, strPtr(suffix), n) == 0);
}

export function builtin$trim_suffix(s: Value, suffix: Value): Value {
  needString("trim_suffix", 1, s);
  needString("trim_suffix", 2, suffix);
  let n = strLen(suffix), sl = strLen(s);
  if (n <= sl && memory.compare(strPtr(s) + sl - n, strPtr(suffix), n) == 0) return mkStr(strPtr(s), sl - n);
  return s;
}

export function builtin$trim_prefix(s: Value, prefix: Value): Value {
  needString("trim_prefix", 1, s);
  needString("trim_prefix", 2, prefix);
  let n = strLen(prefix), sl = strLen(s);
  if (n <= sl && memory.compare(strPtr(s), strPtr(prefix), n) == 0) return mkStr(strPtr(s) + n, sl - n);
  return s;
}

export function builtin$concat(delim: Value, coll: Value): Value {
  needString("concat", 1, delim);
  let t = load<u8>(coll);
  if (t != T_ARRAY && t != T_SET) typeError("concat", 2, "one of {array, set}", coll);
  let n = t == T_ARRAY ? arrLen(coll) : tblLen(coll);
  if (t == T_SET) tblSort(coll);
  let dl = strLen(delim);
  let total: usize = n > 0 ? (n - 1) * dl : 0;
  for (let i: usize = 0; i < n; i++) {
    let e = t == T_ARRAY ? arrAt(coll, i) : tblKeyAt(coll, i);
    if (load<u8>(e) != T_STRING) typeError("concat", 2, t == T_ARRAY ? "array of strings" : "set of strings", e);
    total += strLen(e);
  }
  StrBuf.begin(total);
  for (let i: usize = 0; i < n; i++) {
    let e = t == T_ARRAY ? arrAt(coll, i) : tblKeyAt(coll, i);
    if (i > 0) StrBuf.bytes(strPtr(delim), dl);
    StrBuf.bytes(strPtr(e), strLen(e));
  }
  return StrBuf.finish();
}
