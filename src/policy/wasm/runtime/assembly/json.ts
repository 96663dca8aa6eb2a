// JSON (and Rego literal) text <-> values. Parsing is zero-copy for strings without escapes: the
// value points into the source text, which the SDK keeps alive for the evaluation.
import { alloc } from "./heap";
import { Value, T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET,
  mkNull, mkBool, mkStr, mkArray, arrPush, arrLen, arrAt, strLen, strPtr, boolOf,
  numKind, N_REF, numRefLen } from "./value";
import { mkObject, mkSet, tblInsert, append, tblLen, tblKeyAt, tblValAt, tblSort } from "./object";
import { numFromText, formatNum } from "./number";

let pos: usize = 0;
let end: usize = 0;
let allowSets = false;
let failed = false;
let depth: i32 = 0;

/** Parses JSON text (or Rego literal syntax when sets=true); returns 0 on a syntax error. */
export function parse(ptr: usize, len: usize, sets: bool): Value {
  pos = ptr; end = ptr + len; allowSets = sets; failed = false; depth = 0;
  let v = parseValue();
  skipWs();
  if (failed || pos != end) return 0;
  return v;
}

// @ts-ignore: decorator
@inline function peek(): u32 { return pos < end ? <u32>load<u8>(pos) : 0; }

function skipWs(): void {
  while (pos < end) {
    let c = load<u8>(pos);
    if (c == 32 || c == 10 || c == 13 || c == 9) pos++; else break;
  }
}

function fail(): Value { failed = true; pos = end; return 0; }

function lit(s: string): bool {
  let n = <usize>s.length;
  if (pos + n > end) return false;
  for (let i: usize = 0; i < n; i++) if (<u32>load<u8>(pos + i) != <u32>s.charCodeAt(<i32>i)) return false;
  pos += n;
  return true;
}

function parseValue(): Value {
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

function parseNumber(): Value {
  let start = pos;
  if (peek() == 45) pos++;
  let digits = pos;
  while (pos < end && <u32>load<u8>(pos) - 48 <= 9) pos++;
  if (pos == digits) return fail();
  if (load<u8>(digits) == 48 && pos - digits > 1) return fail(); // leading zero
  if (peek() == 46) {
    pos++;
    let f = pos;
    while (pos < end && <u32>load<u8>(pos) - 48 <= 9) pos++;
    if (pos == f) return fail();
  }
  let c = peek();
  if (c == 101 || c == 69) {
    pos++;
    c = peek();
    if (c == 43 || c == 45) pos++;
    let e = pos;
    while (pos < end && <u32>load<u8>(pos) - 48 <= 9) pos++;
    if (pos == e) return fail();
  }
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

function parseString(): Value {
  pos++; // opening quote
  let start = pos;
  let escapes = false;
  // skip 8 plain bytes at a time: no '"' (0x22), '\\' (0x5c) or control byte (< 0x20)
  while (pos + 8 <= end) {
    let w = load<u64>(pos);
    let q = w ^ 0x2222222222222222, b = w ^ 0x5c5c5c5c5c5c5c5c;
    let hit = ((q - 0x0101010101010101) & ~q) | ((b - 0x0101010101010101) & ~b) | ((w - 0x2020202020202020) & ~w);
    if ((hit & 0x8080808080808080) != 0) break;
    pos += 8;
  }
  while (true) {
    if (pos >= end) return fail();
    let c = load<u8>(pos);
    if (c == 34) break;
    if (c == 92) { escapes = true; pos += 2; continue; }
    if (c < 0x20) return fail();
    pos++;
  }
  let rawEnd = pos;
  pos++; // closing quote
  if (!escapes) return mkStr(start, rawEnd - start);
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

function keyClassBit(k: Value): u32 {
  if (load<u8>(k) != T_STRING) return 0;
  let n = strLen(k);
  if (n == 0) return 1;
  let p = strPtr(k);
  return <u32>1 << ((<u32>n * 7 + <u32>load<u8>(p) + (<u32>load<u8>(p + n - 1) << 2)) & 31);
}

function parseObject(): Value {
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

// ---- dumping ------------------------------------------------------------------------------------

let wBuf: usize = 0;
let wLen: usize = 0;
let wCap: usize = 0;

function reserve(n: usize): void {
  if (wLen + n <= wCap) return;
  let ncap = (wCap << 1) + n + 256;
  let nb = alloc(ncap);
  memory.copy(nb, wBuf, wLen);
  wBuf = nb;
  wCap = ncap;
}

// @ts-ignore: decorator
@inline function put(b: u32): void { reserve(1); store<u8>(wBuf + wLen++, <u8>b); }

function putLit(s: string): void {
  let n = <usize>s.length;
  reserve(n);
  for (let i: usize = 0; i < n; i++) store<u8>(wBuf + wLen + i, <u8>s.charCodeAt(<i32>i));
  wLen += n;
}

const HEX: usize = memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]);

export function writeStrBytes(p: usize, n: usize): void {
  reserve(n + 2);
  store<u8>(wBuf + wLen++, 34);
  let runStart = p;
  let e = p + n;
  while (p < e) {
    let c = <u32>load<u8>(p);
    if (c >= 0x20 && c != 34 && c != 92) { p++; continue; }
    // flush the run of plain bytes
    let run = p - runStart;
    reserve(run + 6);
    memory.copy(wBuf + wLen, runStart, run);
    wLen += run;
    if (c == 34 || c == 92) { put(92); put(c); }
    else if (c == 10) { put(92); put(110); }
    else if (c == 13) { put(92); put(114); }
    else if (c == 9) { put(92); put(116); }
    else { putLit("\\u00"); put(<u32>load<u8>(HEX + (c >> 4))); put(<u32>load<u8>(HEX + (c & 15))); }
    p++;
    runStart = p;
  }
  let run = p - runStart;
  reserve(run + 1);
  memory.copy(wBuf + wLen, runStart, run);
  wLen += run;
  store<u8>(wBuf + wLen++, 34);
}

function writeNum(v: Value): void {
  let need: usize = numKind(v) == N_REF ? numRefLen(v) + 1 : 40;
  reserve(need);
  wLen += formatNum(wBuf + wLen, v);
}

function write(v: Value, rego: bool): void {
  if (v == 0) { putLit("null"); return; } // never stored by correct code; keeps output valid JSON
  switch (load<u8>(v)) {
    case T_NULL: putLit("null"); break;
    case T_BOOLEAN: if (boolOf(v)) putLit("true"); else putLit("false"); break;
    case T_NUMBER: writeNum(v); break;
    case T_STRING: writeStrBytes(strPtr(v), strLen(v)); break;
    case T_ARRAY: {
      put(91);
      let n = arrLen(v);
      for (let i: usize = 0; i < n; i++) { if (i) put(44); write(arrAt(v, i), rego); }
      put(93);
      break;
    }
    case T_OBJECT: {
      tblSort(v);
      put(123);
      let n = tblLen(v);
      for (let i: usize = 0; i < n; i++) {
        if (i) put(44);
        let k = tblKeyAt(v, i);
        if (rego || load<u8>(k) == T_STRING) write(k, rego);
        else writeKeyAsString(k);
        put(58);
        write(tblValAt(v, i), rego);
      }
      put(125);
      break;
    }
    case T_SET: {
      tblSort(v);
      let n = tblLen(v);
      if (rego && n == 0) { putLit("set()"); break; }
      put(rego ? 123 : 91);
      for (let i: usize = 0; i < n; i++) { if (i) put(44); write(tblKeyAt(v, i), rego); }
      put(rego ? 125 : 93);
      break;
    }
  }
}

function writeKeyAsString(k: Value): void {
  // non-string keys become the string of their JSON text
  let saveBuf = wBuf, saveLen = wLen, saveCap = wCap;
  wBuf = 0; wLen = 0; wCap = 0;
  write(k, false);
  let kb = wBuf, kl = wLen;
  wBuf = saveBuf; wLen = saveLen; wCap = saveCap;
  writeStrBytes(kb, kl);
}

/** Dumps v as NUL-terminated text on the heap; returns its address. */
export function dump(v: Value, rego: bool): usize {
  wBuf = alloc(256); wLen = 0; wCap = 256;
  if (v == 0) putLit("null"); else write(v, rego);
  put(0);
  let r = wBuf;
  wBuf = 0; wLen = 0; wCap = 0;
  return r;
}

/** Dumps v into the writer and returns {ptr,len} through the out globals (for builtins). */
let outLen: usize = 0;
export function dumpToBuf(v: Value, rego: bool): usize {
  let r = dump(v, rego);
  outLen = wLenOf(r);
  return r;
}
function wLenOf(p: usize): usize { let n: usize = 0; while (load<u8>(p + n) != 0) n++; return n; }
export function dumpLen(): usize { return outLen; }
