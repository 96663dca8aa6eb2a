// union and intersection of a set of sets.
import { Value, T_SET, mkSetCap, tblLen, tblKeyAt, tblFind, tblInsert, tblAppendUnique, tblCopy, typeError } from "../api";
import { elemTypeError } from "./fail";

function needSetOfSets(name: string, v: Value): usize {
  if (load<u8>(v) != T_SET) typeError(name, 1, "set", v);
  let n = tblLen(v);
  for (let i: usize = 0; i < n; i++) {
    let e = tblKeyAt(v, i);
    if (load<u8>(e) != T_SET) elemTypeError(name, 1, v, "set", e);
  }
  return n;
}

export function builtin$union(v: Value): Value {
  let n = needSetOfSets("union", v);
  let r = mkSetCap(8);
  for (let i: usize = 0; i < n; i++) {
    let s = tblKeyAt(v, i);
    let m = tblLen(s);
    for (let j: usize = 0; j < m; j++) tblInsert(r, tblKeyAt(s, j), 0);
  }
  return r;
}

export function builtin$intersection(v: Value): Value {
  let n = needSetOfSets("intersection", v);
  if (n == 0) return mkSetCap(0);
  let r = tblCopy(tblKeyAt(v, 0));
  for (let i: usize = 1; i < n; i++) {
    let s = tblKeyAt(v, i);
    let m = tblLen(r);
    let next = mkSetCap(m);
    for (let j: usize = 0; j < m; j++) { let k = tblKeyAt(r, j); if (tblFind(s, k) >= 0) tblAppendUnique(next, k, 0); }
    r = next;
  }
  return r;
}

/** set_diff(a, b): the deprecated name of a - b for sets. */
export function builtin$set_diff(a: Value, b: Value): Value {
  if (load<u8>(a) != T_SET) typeError("set_diff", 1, "set", a);
  if (load<u8>(b) != T_SET) typeError("set_diff", 2, "set", b);
  let n = tblLen(a);
  let r = mkSetCap(n);
  for (let i: usize = 0; i < n; i++) { let k = tblKeyAt(a, i); if (tblFind(b, k) < 0) tblAppendUnique(r, k, 0); }
  return r;
}
