// RE2-syntax regular expression parser: pattern bytes -> a tree of nodes on the heap.
// Supports literals, escapes (\d \w \s \b \A \z \x..), classes ([a-z], [^...], [:alpha:]), groups
// ((...), (?:...), (?P<n>...), (?<n>...)), flags (?imsU) and (?i:...), alternation, quantifiers
// (* + ? {n} {n,} {n,m}, lazy forms) and anchors. Errors follow Go's regexp/syntax wording.
import { alloc } from "../api";

// Node: +0 type, +4 a, +8 b, +12 c, +16 next sibling, +20 child / list head.
export const N_EMPTY: u32 = 0;
export const N_LIT: u32 = 1;    // a = code point, b = fold
export const N_ANY: u32 = 2;    // a = 1 when \n matches
export const N_CLASS: u32 = 3;  // a = ranges ptr (u32 pairs), b = pair count, c = negate | fold<<1
export const N_ASSERT: u32 = 4; // a = assertion kind
export const N_CAP: u32 = 5;    // a = capture index, child
export const N_CAT: u32 = 6;    // child list
export const N_ALT: u32 = 7;    // child list
export const N_REP: u32 = 8;    // a = min, b = max (-1 = none), c = greedy, child

export const A_BOT: u32 = 1; export const A_EOT: u32 = 2; export const A_BOL: u32 = 3;
export const A_EOL: u32 = 4; export const A_WORD: u32 = 5; export const A_NOTWORD: u32 = 6;

const F_I: u32 = 1, F_S: u32 = 2, F_M: u32 = 4, F_U: u32 = 8;

let src: usize = 0, srcLen: usize = 0, pos: usize = 0, flags: u32 = 0;
export let capCount: u32 = 1;
export let errCode: string = "";
let failed = false;

function node(t: u32, a: u32, b: u32, c: u32): usize {
  let n = alloc(24);
  store<u32>(n, t); store<u32>(n, a, 4); store<u32>(n, b, 8); store<u32>(n, c, 12);
  store<u32>(n, 0, 16); store<u32>(n, 0, 20);
  return n;
}

function fail(code: string): usize { if (!failed) { failed = true; errCode = code; } return 0; }

// @ts-ignore: decorator
@inline function peek(): u32 { return pos < srcLen ? <u32>load<u8>(src + pos) : 0xffffffff; }

/** Decodes the UTF-8 rune at pos and advances. */
function nextRune(): u32 {
  let c = <u32>load<u8>(src + pos);
  if (c < 0x80) { pos++; return c; }
  let k: usize = c >= 0xf0 ? 4 : (c >= 0xe0 ? 3 : 2);
  let cp = c & (k == 4 ? 0x07 : (k == 3 ? 0x0f : 0x1f));
  for (let i: usize = 1; i < k && pos + i < srcLen; i++) cp = (cp << 6) | (<u32>load<u8>(src + pos + i) & 0x3f);
  pos += k;
  return cp;
}

/** Parses the whole pattern; returns the root node or 0 (then errCode is set). */
export function parseRegex(p: usize, n: usize): usize {
  src = p; srcLen = n; pos = 0; flags = 0; capCount = 1; failed = false; errCode = "";
  let r = parseAlt();
  if (failed) return 0;
  if (pos < srcLen) return fail("unexpected )");
  return r;
}

function parseAlt(): usize {
  let first = parseCat();
  if (peek() != 124) return first;
  let alt = node(N_ALT, 0, 0, 0);
  store<u32>(alt, <u32>first, 20);
  let last = first;
  while (peek() == 124 && !failed) {
    pos++;
    let nx = parseCat();
    store<u32>(last, <u32>nx, 16);
    last = nx;
  }
  return alt;
}

function parseCat(): usize {
  let cat = node(N_CAT, 0, 0, 0);
  let last: usize = 0;
  while (pos < srcLen && !failed) {
    let c = peek();
    if (c == 124 || c == 41) break; // | )
    let atom = parseAtom();
    if (failed) return 0;
    if (atom == 0) continue; // flag group
    atom = parseQuant(atom);
    if (last == 0) store<u32>(cat, <u32>atom, 20); else store<u32>(last, <u32>atom, 16);
    last = atom;
  }
  return cat;
}

function readInt(): i32 {
  let v: i32 = -1;
  while (pos < srcLen && peek() - 48 <= 9) { v = (v < 0 ? 0 : v * 10) + <i32>(peek() - 48); if (v > 100000) v = 100000; pos++; }
  return v;
}

function parseQuant(atom: usize): usize {
  let seen = false;
  while (pos < srcLen) {
    let c = peek();
    let min: i32 = 0, max: i32 = -1;
    let start = pos;
    if (c == 42) { pos++; }
    else if (c == 43) { pos++; min = 1; }
    else if (c == 63) { pos++; max = 1; }
    else if (c == 123) {
      pos++;
      min = readInt();
      if (min < 0) { pos = start; return atom; } // a literal '{'
      if (peek() == 44) { pos++; max = readInt(); if (max < 0) max = -1; } else max = min;
      if (peek() != 125) { pos = start; return atom; }
      pos++;
      if (min > 1000 || max > 1000 || (max >= 0 && max < min)) return fail("invalid repeat count");
    } else break;
    if (seen) return fail("invalid nested repetition operator");
    seen = true;
    let greedy: u32 = 1;
    if (peek() == 63) { pos++; greedy = 0; }
    if (flags & F_U) greedy ^= 1;
    let rep = node(N_REP, <u32>min, <u32>max, greedy);
    store<u32>(rep, <u32>atom, 20);
    atom = rep;
  }
  return atom;
}

function parseFlags(): bool {
  // after "(?": flags up to ':' or ')'
  let neg = false, nf = flags;
  while (pos < srcLen) {
    let c = peek(); pos++;
    if (c == 105) { nf = neg ? nf & ~F_I : nf | F_I; }
    else if (c == 115) { nf = neg ? nf & ~F_S : nf | F_S; }
    else if (c == 109) { nf = neg ? nf & ~F_M : nf | F_M; }
    else if (c == 85) { nf = neg ? nf & ~F_U : nf | F_U; }
    else if (c == 45 && !neg) neg = true;
    else if (c == 41) { flags = nf; return false; }     // (?i)
    else if (c == 58) { flags = nf; return true; }      // (?i:
    else { fail("invalid or unsupported Perl syntax"); return false; }
  }
  fail("missing closing )");
  return false;
}

function parseAtom(): usize {
  let c = peek();
  if (c == 40) { // (
    pos++;
    let cap: u32 = 0;
    let saved = flags;
    if (peek() == 63) { // (?
      pos++;
      let c2 = peek();
      if (c2 == 80 || c2 == 60) { // (?P<name> or (?<name>
        if (c2 == 80) pos++;
        if (peek() != 60) return fail("invalid or unsupported Perl syntax");
        pos++;
        let s = pos;
        while (pos < srcLen && peek() != 62) pos++;
        if (pos >= srcLen || pos == s) return fail("invalid named capture");
        pos++;
        cap = capCount++;
      } else {
        if (!parseFlags()) return 0; // bare flag group: affects the rest of this group
      }
    } else cap = capCount++;
    let inner = parseAlt();
    if (failed) return 0;
    if (peek() != 41) return fail("missing closing )");
    pos++;
    flags = saved;
    if (cap == 0) return inner;
    let g = node(N_CAP, cap, 0, 0);
    store<u32>(g, <u32>inner, 20);
    return g;
  }
  if (c == 42 || c == 43 || c == 63) return fail("missing argument to repetition operator");
  if (c == 91) return parseClass();
  if (c == 46) { pos++; return node(N_ANY, (flags & F_S) ? 1 : 0, 0, 0); }
  if (c == 94) { pos++; return node(N_ASSERT, (flags & F_M) ? A_BOL : A_BOT, 0, 0); }
  if (c == 36) { pos++; return node(N_ASSERT, (flags & F_M) ? A_EOL : A_EOT, 0, 0); }
  if (c == 92) return parseEscape();
  return node(N_LIT, nextRune(), flags & F_I, 0);
}

// ---- classes ------------------------------------------------------------------------------------

let rBuf: usize = 0, rLen: u32 = 0, rCap: u32 = 0;

function addRange(lo: u32, hi: u32): void {
  if (rLen == rCap) {
    let nc = rCap < 8 ? 8 : rCap << 1;
    let nb = alloc(<usize>nc << 3);
    if (rLen > 0) memory.copy(nb, rBuf, <usize>rLen << 3);
    rBuf = nb; rCap = nc;
  }
  store<u32>(rBuf + (<usize>rLen << 3), lo); store<u32>(rBuf + (<usize>rLen << 3), hi, 4);
  rLen++;
}

/** Adds the named class (d w s or POSIX names), complemented when neg. */
function addNamed(kind: u32, neg: bool): void {
  let start = rLen;
  if (kind == 100) addRange(48, 57); // d
  else if (kind == 119) { addRange(48, 57); addRange(65, 90); addRange(95, 95); addRange(97, 122); } // w
  else if (kind == 115) { addRange(9, 10); addRange(12, 13); addRange(32, 32); } // s
  else if (kind == 1) { addRange(65, 90); addRange(97, 122); }                  // alpha
  else if (kind == 2) { addRange(48, 57); addRange(65, 90); addRange(97, 122); } // alnum
  else if (kind == 3) addRange(0, 127);                                          // ascii
  else if (kind == 4) { addRange(9, 9); addRange(32, 32); }                      // blank
  else if (kind == 5) { addRange(0, 31); addRange(127, 127); }                   // cntrl
  else if (kind == 6) addRange(33, 126);                                         // graph
  else if (kind == 7) addRange(97, 122);                                         // lower
  else if (kind == 8) addRange(32, 126);                                         // print
  else if (kind == 9) { addRange(33, 47); addRange(58, 64); addRange(91, 96); addRange(123, 126); } // punct
  else if (kind == 10) { addRange(9, 13); addRange(32, 32); }                    // space
  else if (kind == 11) addRange(65, 90);                                         // upper
  else if (kind == 12) { addRange(48, 57); addRange(65, 90); addRange(95, 95); addRange(97, 122); } // word
  else if (kind == 13) { addRange(48, 57); addRange(65, 70); addRange(97, 102); } // xdigit
  else if (kind == 14) { addRange(65, 90); addRange(97, 122); addRange(0xaa, 0xaa); addRange(0xb5, 0xb5);
    addRange(0xba, 0xba); addRange(0xc0, 0xd6); addRange(0xd8, 0xf6); addRange(0xf8, 0x2c1); addRange(0x370, 0x3ff);
    addRange(0x400, 0x52f); addRange(0x5d0, 0x5ea); addRange(0x620, 0x64a); addRange(0x3040, 0x30ff); addRange(0x4e00, 0x9fff); } // \pL (approx.)
  else if (kind == 15) addRange(48, 57); // \pN / \p{Nd} (ASCII digits)
  if (!neg) return;
  // complement the ranges just added (they are sorted and disjoint)
  let n = rLen - start;
  let tmp = alloc(<usize>n << 3);
  memory.copy(tmp, rBuf + (<usize>start << 3), <usize>n << 3);
  rLen = start;
  let next: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    let lo = load<u32>(tmp + (<usize>i << 3)), hi = load<u32>(tmp + (<usize>i << 3), 4);
    if (lo > next) addRange(next, lo - 1);
    next = hi + 1;
  }
  if (next <= 0x10ffff) addRange(next, 0x10ffff);
}

function posixName(k: i32): string {
  switch (k) {
    case 0: return "alpha"; case 1: return "alnum"; case 2: return "ascii"; case 3: return "blank";
    case 4: return "cntrl"; case 5: return "graph"; case 6: return "lower"; case 7: return "print";
    case 8: return "punct"; case 9: return "space"; case 10: return "upper"; case 11: return "word";
  }
  return "xdigit";
}

function matchWord(w: string): bool {
  let n = <usize>w.length;
  if (pos + n > srcLen) return false;
  for (let i: usize = 0; i < n; i++) if (<u32>load<u8>(src + pos + i) != <u32>w.charCodeAt(<i32>i)) return false;
  return true;
}

/** [:name:] or [:^name:] at pos; returns false (pos unchanged) if not one. */
function parsePosix(): bool {
  if (!matchWord("[:")) return false;
  let save = pos;
  pos += 2;
  let neg = false;
  if (peek() == 94) { neg = true; pos++; }
  for (let k = 0; k < 13; k++) {
    let w = posixName(k);
    if (matchWord(w) && pos + <usize>w.length + 1 < srcLen && load<u8>(src + pos + <usize>w.length) == 58 &&
      load<u8>(src + pos + <usize>w.length + 1) == 93) {
      pos += <usize>w.length + 2;
      addNamed(<u32>(k + 1), neg);
      return true;
    }
  }
  pos = save;
  return false;
}

/** One class element's code point (handling escapes); returns 0xffffffff if it added a named class. */
function classChar(): u32 {
  let c = peek();
  if (c != 92) return nextRune();
  pos++;
  if (pos >= srcLen) { fail("trailing backslash at end of expression"); return 0; }
  let e = peek();
  if (e == 100 || e == 119 || e == 115) { pos++; addNamed(e, false); return 0xffffffff; }
  if (e == 68 || e == 87 || e == 83) { pos++; addNamed(e + 32, true); return 0xffffffff; }
  if (e == 112 || e == 80) { if (parseUnicodeClass(e == 80)) return 0xffffffff; return 0; }
  return escapeChar();
}

function parseClass(): usize {
  let open = pos;
  pos++;
  let neg: u32 = 0;
  if (peek() == 94) { neg = 1; pos++; }
  rBuf = 0; rLen = 0; rCap = 0;
  let first = true;
  while (true) {
    if (pos >= srcLen) { pos = open; return fail("missing closing ]"); }
    let c = peek();
    if (c == 93 && !first) { pos++; break; }
    first = false;
    if (parsePosix()) continue;
    let lo = classChar();
    if (failed) return 0;
    if (lo == 0xffffffff) continue;
    let hi = lo;
    if (peek() == 45 && pos + 1 < srcLen && load<u8>(src + pos + 1) != 93) {
      pos++;
      hi = classChar();
      if (failed) return 0;
      if (hi == 0xffffffff || hi < lo) return fail("invalid character class range");
    }
    addRange(lo, hi);
  }
  let n = node(N_CLASS, <u32>rBuf, rLen, neg | ((flags & F_I) << 1));
  return n;
}

function hexVal(c: u32): i32 {
  if (c - 48 <= 9) return <i32>(c - 48);
  c |= 32;
  if (c - 97 < 6) return <i32>(c - 87);
  return -1;
}

/** The character of an escape (pos is after the backslash). */
function escapeChar(): u32 {
  let e = peek();
  pos++;
  switch (e) {
    case 110: return 10; case 116: return 9; case 114: return 13; case 102: return 12; case 118: return 11;
    case 97: return 7; case 48: return 0;
    case 120: { // \xhh or \x{h...}
      if (peek() == 123) {
        pos++;
        let v: u32 = 0, digits = 0;
        while (pos < srcLen && peek() != 125) { let h = hexVal(peek()); if (h < 0) { fail("invalid escape sequence"); return 0; } v = v * 16 + <u32>h; pos++; digits++; }
        if (pos >= srcLen || digits == 0 || v > 0x10ffff) { fail("invalid escape sequence"); return 0; }
        pos++;
        return v;
      }
      if (pos + 1 < srcLen) {
        let a = hexVal(peek()), b = hexVal(<u32>load<u8>(src + pos + 1));
        if (a >= 0 && b >= 0) { pos += 2; return <u32>(a * 16 + b); }
      }
      fail("invalid escape sequence");
      return 0;
    }
  }
  // punctuation escapes itself; letters and digits are reserved
  if (e < 0x80 && !((e | 32) - 97 < 26 || e - 48 <= 9)) return e;
  fail("invalid escape sequence");
  return 0;
}

function parseUnicodeClass(neg: bool): bool {
  // pos at 'p' or 'P'
  pos++;
  let kind: u32 = 0;
  if (peek() == 123) {
    if (matchWord("{L}")) { kind = 14; pos += 3; }
    else if (matchWord("{N}")) { kind = 15; pos += 3; }
    else if (matchWord("{Nd}")) { kind = 15; pos += 4; }
  } else if (peek() == 76) { kind = 14; pos++; }
  else if (peek() == 78) { kind = 15; pos++; }
  if (kind == 0) { fail("invalid character class range"); return false; }
  addNamed(kind, neg);
  return true;
}

function parseEscape(): usize {
  pos++;
  if (pos >= srcLen) return fail("trailing backslash at end of expression");
  let e = peek();
  if (e == 100 || e == 119 || e == 115 || e == 68 || e == 87 || e == 83 || e == 112 || e == 80) {
    rBuf = 0; rLen = 0; rCap = 0;
    if (e == 112 || e == 80) { if (!parseUnicodeClass(e == 80)) return 0; }
    else { pos++; if (e < 97) addNamed(e + 32, true); else addNamed(e, false); }
    return node(N_CLASS, <u32>rBuf, rLen, (flags & F_I) << 1);
  }
  if (e == 98) { pos++; return node(N_ASSERT, A_WORD, 0, 0); }
  if (e == 66) { pos++; return node(N_ASSERT, A_NOTWORD, 0, 0); }
  if (e == 65) { pos++; return node(N_ASSERT, A_BOT, 0, 0); }
  if (e == 122) { pos++; return node(N_ASSERT, A_EOT, 0, 0); }
  if (e == 81) { // \Q...\E literal text
    pos++;
    let cat = node(N_CAT, 0, 0, 0);
    let last: usize = 0;
    while (pos < srcLen && !matchWord("\\E")) {
      let l = node(N_LIT, nextRune(), flags & F_I, 0);
      if (last == 0) store<u32>(cat, <u32>l, 20); else store<u32>(last, <u32>l, 16);
      last = l;
    }
    if (pos < srcLen) pos += 2;
    return cat;
  }
  let c = escapeChar();
  if (failed) return 0;
  return node(N_LIT, c, flags & F_I, 0);
}
