// The deprecated cast_* builtins.
import { Value, T_NULL, T_BOOLEAN, T_STRING, T_ARRAY, T_OBJECT, T_SET, mkArray, arrPush, arrLen, arrAt, mkSetCap,
  tblLen, tblKeyAt, tblInsert, tblSort, typeError } from "../api";

export function builtin$cast_array(v: Value): Value {
  let t = load<u8>(v);
  if (t == T_ARRAY) return v;
  if (t != T_SET) typeError("cast_array", 1, "one of {array, set}", v);
  tblSort(v);
  let n = tblLen(v);
  let r = mkArray(n);
  for (let i: usize = 0; i < n; i++) arrPush(r, tblKeyAt(v, i));
  return r;
}

export function builtin$cast_set(v: Value): Value {
  let t = load<u8>(v);
  if (t == T_SET) return v;
  if (t != T_ARRAY) typeError("cast_set", 1, "one of {array, set}", v);
  let n = arrLen(v);
  let r = mkSetCap(n);
  for (let i: usize = 0; i < n; i++) tblInsert(r, arrAt(v, i), 0);
  return r;
}

function same(name: string, v: Value, t: u8, want: string): Value {
  if (load<u8>(v) != t) typeError(name, 1, want, v);
  return v;
}

export function builtin$cast_string(v: Value): Value { return same("cast_string", v, T_STRING, "string"); }
export function builtin$cast_boolean(v: Value): Value { return same("cast_boolean", v, T_BOOLEAN, "boolean"); }
export function builtin$cast_null(v: Value): Value { return same("cast_null", v, T_NULL, "null"); }
export function builtin$cast_object(v: Value): Value { return same("cast_object", v, T_OBJECT, "object"); }
