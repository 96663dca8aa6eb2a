// count, membership (`in`), object.get.
import { Value, T_STRING, T_ARRAY, T_OBJECT, T_SET, mkBool, mkInt, strLen, strPtr, arrLen, arrAt, tblLen,
  tblValAt, tblFind, objGet, equal, utf8Count, typeError, needObject } from "../api";
import { opa_value_get } from "../abi";

export function builtin$count(v: Value): Value {
  switch (load<u8>(v)) {
    case T_ARRAY: return mkInt(<i64>arrLen(v));
    case T_OBJECT:
    case T_SET: return mkInt(<i64>tblLen(v));
    case T_STRING: return mkInt(<i64>utf8Count(strPtr(v), strLen(v)));
  }
  typeError("count", 1, "one of {array, object, set, string}", v);
  return 0;
}

/** `x in coll`: an element of an array or set, or a value of an object. */
export function builtin$internal$member_2(x: Value, coll: Value): Value {
  switch (load<u8>(coll)) {
    case T_ARRAY: {
      let n = arrLen(coll);
      for (let i: usize = 0; i < n; i++) if (equal(arrAt(coll, i), x)) return mkBool(true);
      return mkBool(false);
    }
    case T_SET: return mkBool(tblFind(coll, x) >= 0);
    case T_OBJECT: {
      let n = tblLen(coll);
      for (let i: usize = 0; i < n; i++) if (equal(tblValAt(coll, i), x)) return mkBool(true);
      return mkBool(false);
    }
  }
  return mkBool(false);
}

/** `k, v in coll`: coll[k] == v. */
export function builtin$internal$member_3(k: Value, v: Value, coll: Value): Value {
  let t = load<u8>(coll);
  if (t != T_ARRAY && t != T_OBJECT && t != T_SET) return mkBool(false);
  let got = opa_value_get(coll, k);
  return mkBool(got != 0 && equal(got, v));
}

/** object.get(obj, key, default); key may be an array path. */
export function builtin$object$get(obj: Value, key: Value, dflt: Value): Value {
  needObject("object.get", 1, obj);
  if (load<u8>(key) == T_ARRAY) {
    let cur = obj;
    let n = arrLen(key);
    for (let i: usize = 0; i < n; i++) {
      cur = opa_value_get(cur, arrAt(key, i));
      if (cur == 0) return dflt;
    }
    return cur;
  }
  let r = objGet(obj, key);
  return r == 0 ? dflt : r;
}
