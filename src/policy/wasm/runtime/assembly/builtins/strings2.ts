// More string builtins used by Gatekeeper-library policies. Case mapping is Unicode's simple
// mapping per code point, as Go's strings.ToLower / ToUpper.
import { Value, T_STRING, T_ARRAY, T_SET, mkBool, mkInt, mkStr, mkArray, arrPush, arrLen, arrAt, strLen, strPtr,
  tblLen, tblKeyAt, utf8Count, utf8Offset, utf8Width, utf8LastWidth, bytesIndexOf, needString, needNumber, typeError, builtinError,
  toI64, lastInt, StrBuf, alloc, typeName } from "../api";
import { msgBegin, msgStr, msgInt, msgAbort, markBuiltinError } from "../heap";
import { utf8Encode } from "../json";
import { mapRune } from "./unicode-case";

export function builtin$contains(s: Value, sub: Value): Value {
  needString("contains", 1, s);
  needString("contains", 2, sub);
  return mkBool(bytesIndexOf(strPtr(s), strLen(s), strPtr(sub), strLen(sub), 0) >= 0);
}

export function builtin$indexof(s: Value, sub: Value): Value {
  needString("indexof", 1, s);
  needString("indexof", 2, sub);
  let i = bytesIndexOf(strPtr(s), strLen(s), strPtr(sub), strLen(sub), 0);
  return mkInt(i < 0 ? -1 : <i64>utf8Count(strPtr(s), <usize>i));
}

/** Go's strings.ToLower / ToUpper: per code point, invalid UTF-8 bytes becoming U+FFFD. */
function mapCase(name: string, s: Value, upper: bool): Value {
  needString(name, 1, s);
  let n = strLen(s), p = strPtr(s);
  // a code point of 1 to 4 bytes maps to one of at most 3 (an invalid byte to U+FFFD)
  let q = alloc(n * 3);
  let o: usize = 0;
  let i: usize = 0;
  while (i < n) {
    let c = <u32>load<u8>(p + i);
    if (c < 0x80) {
      store<u8>(q + o++, <u8>mapRune(c, upper));
      i++;
      continue;
    }
    let w = utf8Width(p, i, n);
    let r: u32 = 0xfffd;
    if (w == 2) r = ((c & 0x1f) << 6) | (<u32>load<u8>(p + i + 1) & 0x3f);
    else if (w == 3) r = ((c & 0x0f) << 12) | ((<u32>load<u8>(p + i + 1) & 0x3f) << 6) | (<u32>load<u8>(p + i + 2) & 0x3f);
    else if (w == 4) r = ((c & 0x07) << 18) | ((<u32>load<u8>(p + i + 1) & 0x3f) << 12) | ((<u32>load<u8>(p + i + 2) & 0x3f) << 6) | (<u32>load<u8>(p + i + 3) & 0x3f);
    o += utf8Encode(q + o, mapRune(r, upper));
    i += w;
  }
  return mkStr(q, o);
}

export function builtin$lower(s: Value): Value { return mapCase("lower", s, false); }
export function builtin$upper(s: Value): Value { return mapCase("upper", s, true); }

export function builtin$substring(s: Value, offset: Value, length: Value): Value {
  needString("substring", 1, s);
  needNumber("substring", 2, offset);
  needNumber("substring", 3, length);
  if (!toI64(offset)) typeError("substring", 2, "integer", offset);
  let off = lastInt();
  if (!toI64(length)) typeError("substring", 3, "integer", length);
  let len = lastInt();
  if (off < 0) builtinError("substring", "negative offset");
  let p = strPtr(s), n = strLen(s);
  let total = <i64>utf8Count(p, n);
  if (off >= total) return mkStr(p, 0);
  let start = utf8Offset(p, n, <usize>off);
  let end = (len < 0 || off + len >= total) ? n : utf8Offset(p, n, <usize>(off + len));
  return mkStr(p + start, end - start);
}

/** Length in bytes of the code point starting at p (one byte when it is not valid UTF-8, as in Go). */
function runeLen(p: usize, end: usize): usize {
  return utf8Width(p, 0, end - p);
}

export function builtin$split(s: Value, delim: Value): Value {
  needString("split", 1, s);
  needString("split", 2, delim);
  let p = strPtr(s), n = strLen(s), dp = strPtr(delim), dn = strLen(delim);
  let out = mkArray(4);
  if (dn == 0) { // one element per code point
    let i: usize = 0;
    while (i < n) { let k = runeLen(p + i, p + n); arrPush(out, mkStr(p + i, k)); i += k; }
    return out;
  }
  let from: usize = 0;
  while (true) {
    let i = bytesIndexOf(p, n, dp, dn, from);
    if (i < 0) break;
    arrPush(out, mkStr(p + from, <usize>i - from));
    from = <usize>i + dn;
  }
  arrPush(out, mkStr(p + from, n - from));
  return out;
}

export function builtin$replace(s: Value, old: Value, nw: Value): Value {
  needString("replace", 1, s);
  needString("replace", 2, old);
  needString("replace", 3, nw);
  let p = strPtr(s), n = strLen(s), op = strPtr(old), on = strLen(old), np = strPtr(nw), nn = strLen(nw);
  StrBuf.begin(n + nn + 16);
  if (on == 0) { // Go inserts the replacement before every code point and at the end
    let i: usize = 0;
    while (i < n) { StrBuf.bytes(np, nn); let k = runeLen(p + i, p + n); StrBuf.bytes(p + i, k); i += k; }
    StrBuf.bytes(np, nn);
    return StrBuf.finish();
  }
  let from: usize = 0;
  while (true) {
    let i = bytesIndexOf(p, n, op, on, from);
    if (i < 0) break;
    StrBuf.bytes(p + from, <usize>i - from);
    StrBuf.bytes(np, nn);
    from = <usize>i + on;
  }
  StrBuf.bytes(p + from, n - from);
  return StrBuf.finish();
}

/** True when the code point at p (k bytes) occurs in the cutset. */
function inCutset(p: usize, k: usize, cp: usize, cn: usize): bool {
  let i: usize = 0;
  while (i < cn) {
    let ck = runeLen(cp + i, cp + cn);
    if (ck == k && memory.compare(cp + i, p, k) == 0) return true;
    i += ck;
  }
  return false;
}

function trimImpl(name: string, s: Value, cutset: Value, left: bool, right: bool): Value {
  needString(name, 1, s);
  needString(name, 2, cutset);
  let p = strPtr(s), n = strLen(s), cp = strPtr(cutset), cn = strLen(cutset);
  let start: usize = 0, end = n;
  if (left) {
    while (start < end) { let k = runeLen(p + start, p + end); if (!inCutset(p + start, k, cp, cn)) break; start += k; }
  }
  if (right) {
    while (end > start) {
      let b = end - utf8LastWidth(p + start, end - start);
      if (!inCutset(p + b, end - b, cp, cn)) break;
      end = b;
    }
  }
  return mkStr(p + start, end - start);
}

export function builtin$trim(s: Value, c: Value): Value { return trimImpl("trim", s, c, true, true); }
export function builtin$trim_left(s: Value, c: Value): Value { return trimImpl("trim_left", s, c, true, false); }
export function builtin$trim_right(s: Value, c: Value): Value { return trimImpl("trim_right", s, c, false, true); }

function isSpace(c: u32): bool { return c == 32 || (c >= 9 && c <= 13); }

export function builtin$trim_space(s: Value): Value {
  needString("trim_space", 1, s);
  let p = strPtr(s), n = strLen(s);
  let start: usize = 0, end = n;
  while (start < end && isSpace(<u32>load<u8>(p + start))) start++;
  while (end > start && isSpace(<u32>load<u8>(p + end - 1))) end--;
  return mkStr(p + start, end - start);
}

/** Element i of a string (itself), array or set of strings; type errors worded as OPA's. */
function eachString(name: string, operand: i32, v: Value, i: usize): Value {
  let t = load<u8>(v);
  if (t == T_STRING) return v;
  let e = t == T_ARRAY ? arrAt(v, i) : tblKeyAt(v, i);
  if (load<u8>(e) != T_STRING) {
    msgBegin();
    msgStr("eval_type_error: "); msgStr(name); msgStr(": operand "); msgInt(operand);
    msgStr(t == T_ARRAY ? " must be array of strings but got array containing " : " must be set of strings but got set containing ");
    msgStr(typeName(e));
    markBuiltinError();
    msgAbort();
  }
  return e;
}

function countOf(name: string, operand: i32, v: Value): usize {
  let t = load<u8>(v);
  if (t == T_STRING) return 1;
  if (t == T_ARRAY) return arrLen(v);
  if (t == T_SET) return tblLen(v);
  typeError(name, operand, "one of {string, set, array}", v);
  return 0;
}

function anyMatch(name: string, search: Value, base: Value, suffix: bool): Value {
  let ns = countOf(name, 1, search), nb = countOf(name, 2, base);
  for (let i: usize = 0; i < ns; i++) {
    let s = eachString(name, 1, search, i);
    let sp = strPtr(s), sl = strLen(s);
    for (let j: usize = 0; j < nb; j++) {
      let b = eachString(name, 2, base, j);
      let bl = strLen(b);
      if (bl > sl) continue;
      if (memory.compare(suffix ? sp + sl - bl : sp, strPtr(b), bl) == 0) return mkBool(true);
    }
  }
  return mkBool(false);
}

export function builtin$strings$any_prefix_match(search: Value, base: Value): Value {
  return anyMatch("strings.any_prefix_match", search, base, false);
}

export function builtin$strings$any_suffix_match(search: Value, base: Value): Value {
  return anyMatch("strings.any_suffix_match", search, base, true);
}
