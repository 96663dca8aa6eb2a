// urlquery.encode/decode/encode_object/decode_object (Go's url.QueryEscape, QueryUnescape,
// Values.Encode with sorted keys, and ParseQuery).
import { Value, T_STRING, T_ARRAY, T_SET, mkStr, mkArray, arrPush, arrLen, arrAt, mkObject, tblLen, tblKeyAt,
  tblValAt, tblSort, objGet, tblInsert, strLen, strPtr, needString, needObject, StrBuf, alloc, typeError } from "../api";
import { failBegin, part, partBytes, failNow } from "./fail";
import { elemTypeError } from "./fail";

function escapeInto(p: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c - 48 <= 9 || (c | 32) - 97 < 26 || c == 45 || c == 95 || c == 46 || c == 126) StrBuf.byte(c);
    else if (c == 32) StrBuf.byte(43);
    else {
      StrBuf.byte(37);
      let h = c >> 4, l = c & 15;
      StrBuf.byte(h < 10 ? 48 + h : 55 + h); StrBuf.byte(l < 10 ? 48 + l : 55 + l);
    }
  }
}

function hexv(c: u32): i32 {
  if (c - 48 <= 9) return <i32>(c - 48);
  if ((c | 32) - 97 < 6) return <i32>((c | 32) - 87);
  return -1;
}

/** Unescapes p[0..n) ('+' is a space); 0 on a bad escape (then badEsc points at it). */
let badEsc: usize = 0;
function unescape(p: usize, n: usize): Value {
  let q = alloc(n + 1);
  let o: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 43) { store<u8>(q + o++, 32); continue; }
    if (c == 37) {
      let a = i + 1 < n ? hexv(<u32>load<u8>(p + i + 1)) : -1, b = i + 2 < n ? hexv(<u32>load<u8>(p + i + 2)) : -1;
      if (a < 0 || b < 0) { badEsc = p + i; badLen = i + 3 <= n ? 3 : n - i; return 0; }
      store<u8>(q + o++, <u8>((a << 4) | b)); i += 2; continue;
    }
    store<u8>(q + o++, <u8>c);
  }
  return mkStr(q, o);
}
let badLen: usize = 0;

function badEscape(name: string): void {
  failBegin(name); part("invalid URL escape \""); partBytes(badEsc, badLen); part("\""); failNow();
}

export function builtin$urlquery$encode(s: Value): Value {
  needString("urlquery.encode", 1, s);
  StrBuf.begin(strLen(s) * 3 + 4);
  escapeInto(strPtr(s), strLen(s));
  return StrBuf.finish();
}

export function builtin$urlquery$decode(s: Value): Value {
  needString("urlquery.decode", 1, s);
  let r = unescape(strPtr(s), strLen(s));
  if (r == 0) badEscape("urlquery.decode");
  return r;
}

function pair(first: bool, k: Value, v: Value): void {
  if (!first) StrBuf.byte(38);
  escapeInto(strPtr(k), strLen(k)); StrBuf.byte(61); escapeInto(strPtr(v), strLen(v));
}

export function builtin$urlquery$encode_object(o: Value): Value {
  let name = "urlquery.encode_object";
  needObject(name, 1, o);
  tblSort(o);
  let n = tblLen(o);
  StrBuf.begin(64);
  let first = true;
  for (let i: usize = 0; i < n; i++) {
    let k = tblKeyAt(o, i), v = tblValAt(o, i);
    if (load<u8>(k) != T_STRING) elemTypeError(name, 1, o, "string", k);
    let t = load<u8>(v);
    if (t == T_STRING) { pair(first, k, v); first = false; continue; }
    if (t == T_SET) tblSort(v);
    if (t != T_ARRAY && t != T_SET) typeError(name, 1, "object of strings, arrays of strings or sets of strings", v);
    let m = t == T_ARRAY ? arrLen(v) : tblLen(v);
    for (let j: usize = 0; j < m; j++) {
      let e = t == T_ARRAY ? arrAt(v, j) : tblKeyAt(v, j);
      if (load<u8>(e) != T_STRING) elemTypeError(name, 1, v, "string", e);
      pair(first, k, e); first = false;
    }
  }
  return StrBuf.finish();
}

export function builtin$urlquery$decode_object(s: Value): Value {
  let name = "urlquery.decode_object";
  needString(name, 1, s);
  let p = strPtr(s), n = strLen(s);
  let r = mkObject();
  let i: usize = 0;
  while (i < n) {
    let j = i;
    while (j < n && load<u8>(p + j) != 38) j++;
    if (j > i) {
      let eq = i;
      while (eq < j && load<u8>(p + eq) != 61) eq++;
      let k = unescape(p + i, eq - i);
      if (k == 0) badEscape(name);
      let v = eq < j ? unescape(p + eq + 1, j - eq - 1) : mkStr(p, 0);
      if (v == 0) badEscape(name);
      let arr = objGet(r, k);
      if (arr == 0) { arr = mkArray(2); tblInsert(r, k, arr); }
      arrPush(arr, v);
    }
    i = j + 1;
  }
  return r;
}
