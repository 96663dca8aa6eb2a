// Total order, equality and hashing of values, as OPA defines them:
// null < boolean < number < string < array < object < set; arrays elementwise then by length;
// objects by sorted keys then values; sets by sorted elements; strings bytewise (UTF-8).
import { Value, T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET,
  strLen, strPtr, strHash, arrLen, arrAt, boolOf } from "./value";
import { compareNum, hashNum } from "./number";
import { tblLen, tblKeyAt, tblValAt, tblSort, tblFind } from "./object";

export function compareStr(a: Value, b: Value): i32 {
  let la = strLen(a), lb = strLen(b);
  let c = memory.compare(strPtr(a), strPtr(b), la < lb ? la : lb);
  if (c != 0) return c < 0 ? -1 : 1;
  return la < lb ? -1 : (la > lb ? 1 : 0);
}

export function compare(a: Value, b: Value): i32 {
  if (a == b) return 0;
  if (a == 0) return -1; // undefined sorts first (defensive)
  if (b == 0) return 1;
  let ta = load<u8>(a), tb = load<u8>(b);
  if (ta != tb) return ta < tb ? -1 : 1;
  switch (ta) {
    case T_NULL: return 0;
    case T_BOOLEAN: { let x = <i32>boolOf(a), y = <i32>boolOf(b); return x - y; }
    case T_NUMBER: return compareNum(a, b);
    case T_STRING: return compareStr(a, b);
    case T_ARRAY: {
      let la = arrLen(a), lb = arrLen(b);
      let n = la < lb ? la : lb;
      for (let i: usize = 0; i < n; i++) {
        let c = compare(arrAt(a, i), arrAt(b, i));
        if (c != 0) return c;
      }
      return la < lb ? -1 : (la > lb ? 1 : 0);
    }
    case T_OBJECT:
    case T_SET: {
      tblSort(a); tblSort(b);
      let la = tblLen(a), lb = tblLen(b);
      let n = la < lb ? la : lb;
      for (let i: usize = 0; i < n; i++) {
        let c = compare(tblKeyAt(a, i), tblKeyAt(b, i));
        if (c != 0) return c;
        if (ta == T_OBJECT) {
          c = compare(tblValAt(a, i), tblValAt(b, i));
          if (c != 0) return c;
        }
      }
      return la < lb ? -1 : (la > lb ? 1 : 0);
    }
  }
  return 0;
}

export function equal(a: Value, b: Value): bool {
  if (a == b) return true;
  if (a == 0 || b == 0) return false;
  let ta = load<u8>(a);
  if (ta != load<u8>(b)) return false;
  switch (ta) {
    case T_STRING: {
      let n = strLen(a);
      if (n != strLen(b)) return false;
      let pa = strPtr(a), pb = strPtr(b);
      if (pa == pb) return true;
      if (n <= 8) { // short keys and constants: a byte loop beats the memcmp call
        for (let i: usize = 0; i < n; i++) if (load<u8>(pa + i) != load<u8>(pb + i)) return false;
        return true;
      }
      return memory.compare(pa, pb, n) == 0;
    }
    case T_NUMBER: return compareNum(a, b) == 0;
    case T_BOOLEAN: return boolOf(a) == boolOf(b);
    case T_NULL: return true;
    case T_ARRAY: {
      let n = arrLen(a);
      if (n != arrLen(b)) return false;
      for (let i: usize = 0; i < n; i++) if (!equal(arrAt(a, i), arrAt(b, i))) return false;
      return true;
    }
    case T_OBJECT:
    case T_SET: {
      let n = tblLen(a);
      if (n != tblLen(b)) return false;
      for (let i: usize = 0; i < n; i++) {
        let j = tblFind(b, tblKeyAt(a, i));
        if (j < 0) return false;
        if (ta == T_OBJECT && !equal(tblValAt(a, i), tblValAt(b, <usize>j))) return false;
      }
      return true;
    }
  }
  return compare(a, b) == 0;
}

function mix(h: u32): u32 {
  h ^= h >>> 16; h *= 0x85ebca6b; h ^= h >>> 13; h *= 0xc2b2ae35; h ^= h >>> 16;
  return h;
}

/** Hash consistent with equal(); never 0. Objects and sets hash independently of entry order. */
export function hash(v: Value): u32 {
  let t = load<u8>(v);
  let h: u32;
  switch (t) {
    case T_STRING: return strHash(v);
    case T_NUMBER: return hashNum(v);
    case T_NULL: return 0x1234567;
    case T_BOOLEAN: return boolOf(v) ? 0x2345679 : 0x3456781;
    case T_ARRAY: {
      h = 0x5a5a5a5;
      let n = arrLen(v);
      for (let i: usize = 0; i < n; i++) h = mix(h ^ hash(arrAt(v, i))) + 0x9e3779b9;
      break;
    }
    default: {
      h = <u32>t * 0x27d4eb2d;
      let n = tblLen(v);
      for (let i: usize = 0; i < n; i++) {
        let kh = hash(tblKeyAt(v, i));
        if (t == T_OBJECT) kh = mix(kh * 31 + hash(tblValAt(v, i)));
        h += mix(kh);
      }
    }
  }
  return h == 0 ? 1 : h;
}
