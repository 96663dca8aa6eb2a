// walk(x): every [path, value] pair of a document, pre-order, keys in sorted order. The planner
// treats walk as a relation and iterates the array this returns.
import { Value, T_ARRAY, T_OBJECT, T_SET, mkArray, arrPush, arrLen, arrAt, tblLen, tblKeyAt, tblValAt, tblSort,
  mkInt } from "../api";

function pathWith(path: Value, k: Value): Value {
  let n = arrLen(path);
  let p = mkArray(n + 1);
  for (let i: usize = 0; i < n; i++) arrPush(p, arrAt(path, i));
  arrPush(p, k);
  return p;
}

function visit(out: Value, path: Value, v: Value): void {
  let pair = mkArray(2);
  arrPush(pair, path); arrPush(pair, v);
  arrPush(out, pair);
  let t = load<u8>(v);
  if (t == T_ARRAY) {
    let n = arrLen(v);
    for (let i: usize = 0; i < n; i++) visit(out, pathWith(path, mkInt(<i64>i)), arrAt(v, i));
  } else if (t == T_OBJECT) {
    tblSort(v);
    let n = tblLen(v);
    for (let i: usize = 0; i < n; i++) visit(out, pathWith(path, tblKeyAt(v, i)), tblValAt(v, i));
  } else if (t == T_SET) {
    tblSort(v);
    let n = tblLen(v);
    for (let i: usize = 0; i < n; i++) { let k = tblKeyAt(v, i); visit(out, pathWith(path, k), k); }
  }
}

export function builtin$walk(x: Value): Value {
  let out = mkArray(16);
  visit(out, mkArray(0), x);
  return out;
}
