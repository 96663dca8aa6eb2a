// net.cidr_contains_matches and net.cidr_expand.
import { Value, T_STRING, T_ARRAY, T_SET, T_OBJECT, mkArray, arrPush, arrLen, arrAt, mkSetCap, tblInsert, tblLen,
  tblKeyAt, tblValAt, mkInt, needString, strLen, strPtr, alloc, typeError } from "../api";
import { netContains, parseNet, hi, lo, v6, prefix, hasPrefix, maskHi, maskLo, writeNet } from "./net-core";
import { failBegin, part, partInt, partBytes, failNow } from "./fail";

const NAME = "net.cidr_contains_matches";

function badElem(operand: i32): void {
  failBegin(NAME); part("operand "); partInt(operand); part(": element must be string or non-empty array"); failNow();
}

/** The CIDR string of an element: a string or the first element of a non-empty array. */
function cidrOf(operand: i32, e: Value): Value {
  let t = load<u8>(e);
  if (t == T_STRING) return e;
  if (t == T_ARRAY && arrLen(e) > 0 && load<u8>(arrAt(e, 0)) == T_STRING) return arrAt(e, 0);
  badElem(operand);
  return 0;
}

function count(v: Value): usize {
  let t = load<u8>(v);
  if (t == T_STRING) return 1;
  if (t == T_ARRAY) return arrLen(v);
  return tblLen(v);
}

/** Key and CIDR of the i-th element of an operand (string, array, set or object). */
let key: Value = 0;
function elem(operand: i32, v: Value, i: usize): Value {
  let t = load<u8>(v);
  if (t == T_STRING) { key = v; return v; }
  if (t == T_ARRAY) { key = mkInt(<i64>i); return cidrOf(operand, arrAt(v, i)); }
  if (t == T_SET) { key = tblKeyAt(v, i); return cidrOf(operand, key); }
  key = tblKeyAt(v, i);
  return cidrOf(operand, tblValAt(v, i));
}

function checkOperand(operand: i32, v: Value): void {
  let t = load<u8>(v);
  if (t != T_STRING && t != T_ARRAY && t != T_SET && t != T_OBJECT) typeError(NAME, operand, "one of {string, array, set, object}", v);
}

export function builtin$net$cidr_contains_matches(a: Value, b: Value): Value {
  checkOperand(1, a);
  checkOperand(2, b);
  let na = count(a), nb = count(b);
  // validate every element first, as OPA does
  for (let j: usize = 0; j < nb; j++) elem(2, b, j);
  let r = mkSetCap(4);
  for (let i: usize = 0; i < na; i++) {
    let ca = elem(1, a, i);
    let ka = key;
    for (let j: usize = 0; j < nb; j++) {
      let cb = elem(2, b, j);
      let kb = key;
      if (netContains(NAME, ca, cb)) {
        let pair = mkArray(2);
        arrPush(pair, ka); arrPush(pair, kb);
        tblInsert(r, pair, 0);
      }
    }
  }
  return r;
}

export function builtin$net$cidr_expand(s: Value): Value {
  needString("net.cidr_expand", 1, s);
  if (!parseNet(s) || !hasPrefix) { failBegin("net.cidr_expand"); part("invalid CIDR address: "); partBytes(strPtr(s), strLen(s)); failNow(); }
  let bits: i32 = v6 ? 128 : 32;
  let host = bits - prefix;
  if (host > 24) { failBegin("net.cidr_expand"); part("CIDR too large to expand: "); partBytes(strPtr(s), strLen(s)); failNow(); }
  let h = maskHi(hi, prefix, v6), l = maskLo(lo, prefix, v6);
  let n: u64 = <u64>1 << <u64>host;
  let r = mkSetCap(<usize>n);
  let e = alloc(24);
  store<u32>(e, <u32>prefix, 16); store<u32>(e, v6 ? 1 : 0, 20);
  for (let k: u64 = 0; k < n; k++) {
    store<u64>(e, h); store<u64>(e, l + k, 8);
    tblInsert(r, writeNet(e, false), 0);
  }
  return r;
}
