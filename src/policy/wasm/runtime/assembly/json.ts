// JSON (and Rego literal) text -> values. Parsing is zero-copy for strings without escapes: the
// value points into the source text, which the SDK keeps alive for the evaluation. Text that a
// policy's input projection leaves out is checked by json-skip.ts but builds nothing.
import { alloc } from "./heap";
import { Value, T_STRING, mkNull, mkBool, mkStr, mkArray, arrPush, strLen, strPtr } from "./value";
import { mkObject, mkSet, tblInsert, append } from "./object";
import { numFromText } from "./number";

export let pos: usize = 0;
export let end: usize = 0;
export let allowSets = false;
export let failed = false;
export let depth: i32 = 0;

/** Parses JSON text (or Rego literal syntax when sets=true); returns 0 on a syntax error. */
export function parse(ptr: usize, len: usize, sets: bool): Value {
  pos = ptr; end = ptr + len; allowSets = sets; failed = false; depth = 0;
  let v = parseValue();
  skipWs();
  if (failed || pos != end) return 0;
  return v;
}

// @ts-ignore: decorator
@inline export function peek(): u32 { return pos < end ? <u32>load<u8>(pos) : 0; }

export function skipWs(): void {
  while (pos < end) {
    let c = load<u8>(pos);
    if (c == 32 || c == 10 || c == 13 || c == 9) pos++; else break;
  }
}

export function fail(): Value { failed = true; pos = end; return 0; }

export function lit(s: string): bool {
  let n = <usize>s.length;
  if (pos + n > end) return false;
  for (let i: usize = 0; i < n; i++) if (<u32>load<u8>(pos + i) != <u32>s.charCodeAt(<i32>i)) return false;
  pos += n;
  return true;
}

export function parseValue(): Value {
  skipWs();
  let c = peek();
  if (c == 34) return parseString();
  if (c == 123) return parseObject();
  if (c == 91) return parseArray();
  if (c == 45 || (c >= 48 && c <= 57)) return parseNumber();
  if (c == 116) return lit("true") ? mkBool(true) : fail();
  if (c == 102) return lit("false") ? mkBool(false) : fail();
  if (c == 110) return lit("null") ? mkNull() : fail();
  if (allowSets && c == 115) {
    if (lit("set(")) { skipWs(); if (peek() == 41) { pos++; return mkSet(); } }
    return fail();
  }
  return fail();
}

/** Moves past a number; false (pos unchanged past the bad byte) when it is malformed. */
export function scanNumber(): bool {
  if (peek() == 45) pos++;
  let digits = pos;
  while (pos < end && <u32>load<u8>(pos) - 48 <= 9) pos++;
  if (pos == digits) return false;
  if (load<u8>(digits) == 48 && pos - digits > 1) return false; // leading zero
  if (peek() == 46) {
    pos++;
    let f = pos;
    while (pos < end && <u32>load<u8>(pos) - 48 <= 9) pos++;
    if (pos == f) return false;
  }
  let c = peek();
  if (c == 101 || c == 69) {
    pos++;
    c = peek();
    if (c == 43 || c == 45) pos++;
    let e = pos;
    while (pos < end && <u32>load<u8>(pos) - 48 <= 9) pos++;
    if (pos == e) return false;
  }
  return true;
}

function parseNumber(): Value {
  let start = pos;
  if (!scanNumber()) return fail();
  return numFromText(start, pos - start, false);
}

function hexDigit(c: u32): i32 {
  if (c - 48 <= 9) return <i32>(c - 48);
  c |= 32;
  if (c - 97 <= 5) return <i32>(c - 87);
  return -1;
}

function hex4(p: usize): i32 {
  if (p + 4 > end) return -1;
  let v: i32 = 0;
  for (let i: usize = 0; i < 4; i++) {
    let d = hexDigit(<u32>load<u8>(p + i));
    if (d < 0) return -1;
    v = (v << 4) | d;
  }
  return v;
}

// The raw bytes of the string scanString last passed, and whether they hold escapes.
export let strStart: usize = 0;
export let strEnd: usize = 0;
export let strEscapes = false;

/** Moves past a string (pos at its opening quote); false when it is unterminated or has a control byte. */
export function scanString(): bool {
  pos++; // opening quote
  strStart = pos;
  strEscapes = false;
  while (true) {
    if (pos + 8 <= end) {
      // 8 bytes at a time: the lowest flagged byte is the first '"' (0x22), '\\' (0x5c) or
      // control byte (< 0x20); flags above it may be false positives, so only it is looked at
      let w = load<u64>(pos);
      let q = w ^ 0x2222222222222222, b = w ^ 0x5c5c5c5c5c5c5c5c;
      let hit = (((q - 0x0101010101010101) & ~q) | ((b - 0x0101010101010101) & ~b) | ((w - 0x2020202020202020) & ~w)) & 0x8080808080808080;
      if (hit == 0) { pos += 8; continue; }
      pos += <usize>(ctz(hit) >> 3);
    } else if (pos >= end) {
      return false;
    }
    let c = load<u8>(pos);
    if (c == 34) break;
    if (c == 92) { strEscapes = true; pos += 2; continue; }
    if (c < 0x20) return false;
    pos++;
  }
  strEnd = pos;
  pos++; // closing quote
  return true;
}

function parseString(): Value {
  if (!scanString()) return fail();
  if (!strEscapes) return mkStr(strStart, strEnd - strStart);
  return unescape(strStart, strEnd);
}

/** The string value of raw bytes with escapes; 0 (and failed) when an escape is malformed. */
export function unescape(start: usize, rawEnd: usize): Value {
  let out = alloc(rawEnd - start);
  let o: usize = 0;
  let p = start;
  while (p < rawEnd) {
    let c = <u32>load<u8>(p);
    if (c != 92) { store<u8>(out + o++, <u8>c); p++; continue; }
    let e = <u32>load<u8>(p + 1);
    p += 2;
    switch (e) {
      case 34: store<u8>(out + o++, 34); break;
      case 92: store<u8>(out + o++, 92); break;
      case 47: store<u8>(out + o++, 47); break;
      case 98: store<u8>(out + o++, 8); break;
      case 102: store<u8>(out + o++, 12); break;
      case 110: store<u8>(out + o++, 10); break;
      case 114: store<u8>(out + o++, 13); break;
      case 116: store<u8>(out + o++, 9); break;
      case 117: {
        let cp = hex4(p);
        if (cp < 0) return fail();
        p += 4;
        if (cp >= 0xd800 && cp < 0xdc00) {
          // surrogate pair; a lone high surrogate becomes U+FFFD
          let lo = (p + 1 < rawEnd && load<u8>(p) == 92 && load<u8>(p + 1) == 117) ? hex4(p + 2) : -1;
          if (lo >= 0xdc00 && lo < 0xe000) { cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00); p += 6; }
          else cp = 0xfffd;
        } else if (cp >= 0xdc00 && cp < 0xe000) cp = 0xfffd;
        o += utf8Encode(out + o, <u32>cp);
        break;
      }
      default: return fail();
    }
  }
  return mkStr(out, o);
}

/** Whether the escapes in raw string bytes are well formed (what unescape accepts). */
export function escapesValid(p: usize, rawEnd: usize): bool {
  while (p < rawEnd) {
    if (load<u8>(p) != 92) { p++; continue; }
    let e = <u32>load<u8>(p + 1);
    if (e == 117) { if (hex4(p + 2) < 0) return false; p += 6; continue; }
    if (e != 34 && e != 92 && e != 47 && e != 98 && e != 102 && e != 110 && e != 114 && e != 116) return false;
    p += 2;
  }
  return true;
}

export function utf8Encode(p: usize, cp: u32): usize {
  if (cp < 0x80) { store<u8>(p, <u8>cp); return 1; }
  if (cp < 0x800) { store<u8>(p, <u8>(0xc0 | (cp >> 6))); store<u8>(p + 1, <u8>(0x80 | (cp & 63))); return 2; }
  if (cp < 0x10000) {
    store<u8>(p, <u8>(0xe0 | (cp >> 12))); store<u8>(p + 1, <u8>(0x80 | ((cp >> 6) & 63)));
    store<u8>(p + 2, <u8>(0x80 | (cp & 63))); return 3;
  }
  store<u8>(p, <u8>(0xf0 | (cp >> 18))); store<u8>(p + 1, <u8>(0x80 | ((cp >> 12) & 63)));
  store<u8>(p + 2, <u8>(0x80 | ((cp >> 6) & 63))); store<u8>(p + 3, <u8>(0x80 | (cp & 63)));
  return 4;
}

function parseArray(): Value {
  pos++;
  if (++depth > 10000) return fail();
  let a = mkArray(4);
  skipWs();
  if (peek() == 93) { pos++; depth--; return a; }
  while (true) {
    let v = parseValue();
    if (failed) return 0;
    arrPush(a, v);
    skipWs();
    let c = peek();
    if (c == 44) { pos++; continue; }
    if (c == 93) { pos++; break; }
    return fail();
  }
  depth--;
  return a;
}

export function keyClassBit(k: Value): u32 {
  if (load<u8>(k) != T_STRING) return 0;
  let n = strLen(k);
  if (n == 0) return 1;
  let p = strPtr(k);
  return <u32>1 << ((<u32>n * 7 + <u32>load<u8>(p) + (<u32>load<u8>(p + n - 1) << 2)) & 31);
}

export function parseObject(): Value {
  pos++;
  if (++depth > 10000) return fail();
  skipWs();
  if (peek() == 125) { pos++; depth--; return mkObject(); }
  let first = parseValue();
  if (failed) return 0;
  skipWs();
  let c = peek();
  if (allowSets && (c == 44 || c == 125)) {
    // a set literal {a, b, ...}
    let s = mkSet();
    tblInsert(s, first, 0);
    while (c == 44) {
      pos++;
      let v = parseValue();
      if (failed) return 0;
      tblInsert(s, v, 0);
      skipWs();
      c = peek();
    }
    if (c != 125) return fail();
    pos++;
    depth--;
    return s;
  }
  if (!allowSets && load<u8>(first) != T_STRING) return fail();
  let o = mkObject();
  let key = first;
  // One bit per (length, first, last byte) class of the keys seen so far: a key whose bit is
  // clear cannot be a duplicate, so the usual look-up before inserting is skipped.
  let seen: u32 = 0;
  while (true) {
    if (peek() != 58) return fail();
    pos++;
    let v = parseValue();
    if (failed) return 0;
    let bit = keyClassBit(key);
    if (bit != 0 && (seen & bit) == 0) {
      seen |= bit;
      append(o, key, v);
    } else {
      tblInsert(o, key, v);
    }
    skipWs();
    c = peek();
    if (c == 125) { pos++; break; }
    if (c != 44) return fail();
    pos++;
    skipWs();
    if (!allowSets && peek() != 34) return fail();
    key = parseValue();
    if (failed) return 0;
    skipWs();
  }
  depth--;
  return o;
}
