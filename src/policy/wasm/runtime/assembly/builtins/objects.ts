// object.keys/remove/filter/union/union_n/subset (object.get lives in collections.ts).
import { Value, T_OBJECT, T_SET, T_ARRAY, mkBool, mkObjectCap, mkSetCap, tblLen, tblKeyAt, tblValAt,
  tblFind, tblInsert, tblAppendUnique, objGet, arrLen, arrAt, equal, compare, needObject, needArray,
  typeError } from "../api";
import { elemTypeError, failTypeBegin, part, failNow } from "./fail";

export function builtin$object$keys(o: Value): Value {
  needObject("object.keys", 1, o);
  let n = tblLen(o);
  let r = mkSetCap(n);
  for (let i: usize = 0; i < n; i++) tblAppendUnique(r, tblKeyAt(o, i), 0);
  return r;
}

/** The set of keys named by operand 2 of object.remove/filter: an array, set or object's keys. */
function keysParam(name: string, v: Value): Value {
  let t = load<u8>(v);
  if (t == T_SET) return v;
  if (t == T_OBJECT) return v; // lookups by key work the same on objects
  if (t == T_ARRAY) {
    let n = arrLen(v);
    let s = mkSetCap(n);
    for (let i: usize = 0; i < n; i++) tblInsert(s, arrAt(v, i), 0);
    return s;
  }
  typeError(name, 2, "one of {object, set, array}", v);
  return 0;
}

export function builtin$object$remove(o: Value, keys: Value): Value {
  needObject("object.remove", 1, o);
  let ks = keysParam("object.remove", keys);
  let n = tblLen(o);
  let r = mkObjectCap(n);
  for (let i: usize = 0; i < n; i++) {
    let k = tblKeyAt(o, i);
    if (tblFind(ks, k) < 0) tblAppendUnique(r, k, tblValAt(o, i));
  }
  return r;
}

export function builtin$object$filter(o: Value, keys: Value): Value {
  needObject("object.filter", 1, o);
  let ks = keysParam("object.filter", keys);
  let n = tblLen(o);
  let r = mkObjectCap(n);
  for (let i: usize = 0; i < n; i++) {
    let k = tblKeyAt(o, i);
    if (tblFind(ks, k) >= 0) tblAppendUnique(r, k, tblValAt(o, i));
  }
  return r;
}

/** a merged with b: b's values win, except that two objects under the same key are merged. */
function mergeObjects(a: Value, b: Value): Value {
  let na = tblLen(a), nb = tblLen(b);
  let r = mkObjectCap(na + nb);
  for (let i: usize = 0; i < na; i++) {
    let k = tblKeyAt(a, i), va = tblValAt(a, i);
    let vb = objGet(b, k);
    if (vb == 0) tblAppendUnique(r, k, va);
    else if (load<u8>(va) == T_OBJECT && load<u8>(vb) == T_OBJECT) tblAppendUnique(r, k, mergeObjects(va, vb));
    else tblAppendUnique(r, k, vb);
  }
  for (let i: usize = 0; i < nb; i++) {
    let k = tblKeyAt(b, i);
    if (tblFind(a, k) < 0) tblAppendUnique(r, k, tblValAt(b, i));
  }
  return r;
}

export function builtin$object$union(a: Value, b: Value): Value {
  needObject("object.union", 1, a);
  needObject("object.union", 2, b);
  if (equal(a, b)) return a;
  return mergeObjects(a, b);
}

export function builtin$object$union_n(arr: Value): Value {
  needArray("object.union_n", 1, arr);
  let n = arrLen(arr);
  let r = mkObjectCap(0);
  for (let i: usize = 0; i < n; i++) {
    let o = arrAt(arr, i);
    if (load<u8>(o) != T_OBJECT) elemTypeError("object.union_n", 1, arr, "object", o);
    r = mergeObjects(r, o);
  }
  return r;
}

function setSubset(sup: Value, sub: Value): bool {
  let n = tblLen(sub);
  for (let i: usize = 0; i < n; i++) if (tblFind(sup, tblKeyAt(sub, i)) < 0) return false;
  return true;
}

function arraySubset(sup: Value, sub: Value): bool {
  let n = arrLen(sub), m = arrLen(sup);
  if (n > m) return false;
  if (equal(sup, sub)) return true;
  let a: usize = 0, b: usize = 0;
  while (true) {
    if (b == n) return true;
    if (a + b == m) return false;
    if (compare(arrAt(sup, a + b), arrAt(sub, b)) == 0) b++; else { a++; b = 0; }
  }
  return false;
}

function objectSubset(sup: Value, sub: Value): bool {
  let n = tblLen(sub);
  for (let i: usize = 0; i < n; i++) {
    let vs = objGet(sup, tblKeyAt(sub, i));
    if (vs == 0) return false;
    let vb = tblValAt(sub, i);
    if (equal(vs, vb)) continue;
    let ts = load<u8>(vs), tb = load<u8>(vb);
    if (ts != tb) return false;
    if (ts == T_OBJECT) { if (!objectSubset(vs, vb)) return false; }
    else if (ts == T_SET) { if (!setSubset(vs, vb)) return false; }
    else if (ts == T_ARRAY) { if (!arraySubset(vs, vb)) return false; }
    else return false;
  }
  return true;
}

export function builtin$object$subset(sup: Value, sub: Value): Value {
  let ts = load<u8>(sup), tb = load<u8>(sub);
  if (ts == T_OBJECT && tb == T_OBJECT) return mkBool(objectSubset(sup, sub));
  if (ts == T_SET && tb == T_SET) return mkBool(setSubset(sup, sub));
  if (ts == T_ARRAY && tb == T_ARRAY) return mkBool(arraySubset(sup, sub));
  if (ts == T_ARRAY && tb == T_SET) {
    // OPA's quirk: true as soon as every element of sub was seen (so an empty sub needs a non-empty super)
    let unmatched = tblLen(sub), m = arrLen(sup);
    for (let i: usize = 0; i < m; i++) {
      if (tblFind(sub, arrAt(sup, i)) >= 0) unmatched--;
      if (unmatched == 0) return mkBool(true);
    }
    return mkBool(false);
  }
  failTypeBegin("object.subset");
  part("both arguments object.subset must be of the same type or array and set");
  failNow();
  return 0;
}

