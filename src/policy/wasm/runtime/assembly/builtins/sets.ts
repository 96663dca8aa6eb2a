// Set operators (`&` is and, `|` is or) and sort.
import { Value, T_ARRAY, T_SET, mkArray, arrPush, arrLen, arrAt, mkSetCap, tblLen, tblKeyAt, tblFind,
  tblSort, tblInsert, tblCopy, tblAppendUnique, compare, typeError, alloc } from "../api";

function needSet(name: string, operand: i32, v: Value): void {
  if (load<u8>(v) != T_SET) typeError(name, operand, "set", v);
}

export function builtin$and(a: Value, b: Value): Value {
  needSet("and", 1, a);
  needSet("and", 2, b);
  let n = tblLen(a);
  let r = mkSetCap(n);
  for (let i: usize = 0; i < n; i++) { let k = tblKeyAt(a, i); if (tblFind(b, k) >= 0) tblAppendUnique(r, k, 0); }
  return r;
}

export function builtin$or(a: Value, b: Value): Value {
  needSet("or", 1, a);
  needSet("or", 2, b);
  let r = tblCopy(a);
  let n = tblLen(b);
  for (let i: usize = 0; i < n; i++) tblInsert(r, tblKeyAt(b, i), 0);
  return r;
}

/** sort(array or set): a new array in OPA's value order (stable merge sort). */
export function builtin$sort(v: Value): Value {
  let t = load<u8>(v);
  if (t == T_SET) {
    tblSort(v);
    let n = tblLen(v);
    let r = mkArray(n);
    for (let i: usize = 0; i < n; i++) arrPush(r, tblKeyAt(v, i));
    return r;
  }
  if (t != T_ARRAY) typeError("sort", 1, "one of {array, set}", v);
  let n = arrLen(v);
  let r = mkArray(n);
  for (let i: usize = 0; i < n; i++) arrPush(r, arrAt(v, i));
  if (n < 2) return r;
  let a = <usize>load<u32>(r, 12);
  let tmp = alloc(n << 2);
  for (let width: usize = 1; width < n; width <<= 1) {
    for (let lo: usize = 0; lo < n; lo += width << 1) {
      let mid = min(lo + width, n), hi = min(lo + (width << 1), n);
      let i = lo, j = mid, o = lo;
      while (i < mid && j < hi) {
        let x = load<u32>(a + (i << 2)), y = load<u32>(a + (j << 2));
        if (compare(<usize>y, <usize>x) < 0) { store<u32>(tmp + (o << 2), y); j++; } else { store<u32>(tmp + (o << 2), x); i++; }
        o++;
      }
      while (i < mid) { store<u32>(tmp + (o << 2), load<u32>(a + (i << 2))); i++; o++; }
      while (j < hi) { store<u32>(tmp + (o << 2), load<u32>(a + (j << 2))); j++; o++; }
    }
    memory.copy(a, tmp, n << 2);
  }
  return r;
}
