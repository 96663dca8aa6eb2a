// YAML 1.1 plain-scalar resolution as go-yaml v2 does it (null, bool, int, float, else string),
// plus the number formatting its encoder uses (strconv.FormatFloat 'g', shortest).
import { dtoa_buffered } from "util/number";
import { Value, mkNull, mkBool, mkInt, mkStr, alloc, parseF64, numFromF64, numFromText, mkFloat, StrBuf } from "../api";

// Kind of the last resolved scalar.
export const K_STR: i32 = 0;
export const K_NULL: i32 = 1;
export const K_BOOL: i32 = 2;
export const K_INT: i32 = 3;
export const K_FLOAT: i32 = 4;
export let rKind: i32 = 0; // K_STR; a literal keeps the runtime free of a start function
export let rFloat: f64 = 0;      // value when rKind == K_FLOAT
export let rInt: i64 = 0;        // value when rKind == K_INT and !rUnsigned
export let rUnsigned = false;    // K_INT above i64: rUint holds it
export let rUint: u64 = 0;

function word(p: usize, n: usize, s: string): bool {
  if (n != <usize>s.length) return false;
  for (let i: usize = 0; i < n; i++) if (<u32>load<u8>(p + i) != <u32>s.charCodeAt(<i32>i)) return false;
  return true;
}

function any3(p: usize, n: usize, a: string, b: string, c: string): bool {
  return word(p, n, a) || word(p, n, b) || word(p, n, c);
}

function isDigit(c: u32): bool { return c - 48 < 10; }

/** strconv.ParseInt/ParseUint(s, 0, 64) with Go's base prefixes (0x, 0o, 0b, leading 0 = octal). */
function parseGoInt(p: usize, n: usize): bool {
  if (n == 0) return false;
  let i: usize = 0, neg = false, signed = false;
  let c = <u32>load<u8>(p);
  if (c == 43 || c == 45) { neg = c == 45; signed = true; i = 1; }
  let base: u64 = 10;
  if (i + 1 < n && load<u8>(p + i) == 48) {
    let x = <u32>load<u8>(p + i + 1) | 0x20;
    if (x == 120) { base = 16; i += 2; } else if (x == 98) { base = 2; i += 2; }
    else if (x == 111) { base = 8; i += 2; } else { base = 8; i += 1; }
  }
  if (i >= n) return false;
  let acc: u64 = 0;
  for (; i < n; i++) {
    let d = <u32>load<u8>(p + i);
    let v: u64;
    if (isDigit(d)) v = <u64>(d - 48);
    else if ((d | 0x20) - 97 < 6) v = <u64>((d | 0x20) - 87);
    else return false;
    if (v >= base) return false;
    if (acc > (0xffffffffffffffff - v) / base) return false;
    acc = acc * base + v;
  }
  rUnsigned = false;
  if (neg) {
    if (acc > 0x8000000000000000) return false;
    rInt = -(<i64>acc);
  } else if (acc > 0x7fffffffffffffff) {
    if (signed) return false; // ParseUint takes no sign
    rUnsigned = true; rUint = acc;
  } else rInt = <i64>acc;
  return true;
}

/** ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ */
function isYamlFloat(p: usize, n: usize): bool {
  let i: usize = 0;
  if (i < n && (load<u8>(p) == 43 || load<u8>(p) == 45)) i++;
  let digits: usize = 0;
  while (i < n && isDigit(load<u8>(p + i))) { i++; digits++; }
  if (digits == 0) {
    if (i >= n || load<u8>(p + i) != 46) return false;
    i++;
    let f: usize = 0;
    while (i < n && isDigit(load<u8>(p + i))) { i++; f++; }
    if (f == 0) return false;
  } else if (i < n && load<u8>(p + i) == 46) {
    i++;
    while (i < n && isDigit(load<u8>(p + i))) i++;
  }
  if (i < n && (load<u8>(p + i) | 0x20) == 101) {
    i++;
    if (i < n && (load<u8>(p + i) == 43 || load<u8>(p + i) == 45)) i++;
    let e: usize = 0;
    while (i < n && isDigit(load<u8>(p + i))) { i++; e++; }
    if (e == 0) return false;
  }
  return i == n;
}

/** Resolves a plain scalar's text; sets rKind. Non-finite floats come back as floats (K_FLOAT). */
export function resolvePlain(p: usize, n: usize): Value {
  rKind = K_STR;
  if (n == 0) { rKind = K_NULL; return mkNull(); }
  let c = <u32>load<u8>(p);
  let isSign = c == 43 || c == 45;
  let hintMap = c == 121 || c == 89 || c == 110 || c == 78 || c == 116 || c == 84 || c == 102 || c == 70 ||
    c == 111 || c == 79 || c == 126;
  if (!(hintMap || isSign || c == 46 || isDigit(c))) return mkStr(p, n);
  if (hintMap || c == 46 || isSign) {
    if (word(p, n, "~") || any3(p, n, "null", "Null", "NULL")) { rKind = K_NULL; return mkNull(); }
    if (word(p, n, "y") || word(p, n, "Y") || any3(p, n, "yes", "Yes", "YES") || any3(p, n, "true", "True", "TRUE") ||
      any3(p, n, "on", "On", "ON")) { rKind = K_BOOL; return mkBool(true); }
    if (word(p, n, "n") || word(p, n, "N") || any3(p, n, "no", "No", "NO") || any3(p, n, "false", "False", "FALSE") ||
      any3(p, n, "off", "Off", "OFF")) { rKind = K_BOOL; return mkBool(false); }
    if (any3(p, n, ".nan", ".NaN", ".NAN")) return setFloat(NaN);
    if (any3(p, n, ".inf", ".Inf", ".INF") || any3(p, n, "+.inf", "+.Inf", "+.INF")) return setFloat(Infinity);
    if (any3(p, n, "-.inf", "-.Inf", "-.INF")) return setFloat(-Infinity);
    if (hintMap) return mkStr(p, n);
  }
  if (c == 46) {
    if (isYamlFloat(p, n)) return setFloat(parseF64(p, n));
    return mkStr(p, n);
  }
  // digits or sign: underscores are dropped before numeric parsing
  let q = alloc(n), m: usize = 0;
  for (let i: usize = 0; i < n; i++) { let b = load<u8>(p + i); if (b != 95) store<u8>(q + m++, b); }
  if (parseGoInt(q, m)) {
    rKind = K_INT;
    if (!rUnsigned) return mkInt(rInt);
    let buf = alloc(24);
    let k = writeU64(buf, rUint);
    return numFromText(buf, k, false);
  }
  if (isYamlFloat(q, m)) {
    let f = parseF64(q, m);
    if (isFinite(f)) return setFloat(f); // out of range is a ParseFloat error: the text stays a string
  }
  return mkStr(p, n);
}

function setFloat(f: f64): Value {
  rKind = K_FLOAT; rFloat = f;
  return isFinite(f) ? numFromF64(f) : mkFloat(f);
}

function writeU64(buf: usize, x: u64): usize {
  let tmp = alloc(24), k: usize = 0;
  do { store<u8>(tmp + k++, <u8>(48 + x % 10)); x /= 10; } while (x != 0);
  for (let i: usize = 0; i < k; i++) store<u8>(buf + i, load<u8>(tmp + k - 1 - i));
  return k;
}

/** Appends u64 / i64 decimal text to StrBuf. */
export function bufU64(x: u64, neg: bool): void {
  let buf = alloc(24);
  if (neg) StrBuf.byte(45);
  StrBuf.bytes(buf, writeU64(buf, x));
}

// ---- Go's strconv.FormatFloat(f, 'g', -1, 64|32) ----------------------------------------------------

const SCRATCH: usize = memory.data(2 * 64, 16);

/** Appends f in Go's shortest 'g' format; non-finite as YAML's .inf/-.inf/.nan. */
export function bufGoFloat(f: f64, single: bool): void {
  if (isNaN(f)) { StrBuf.lit(".nan"); return; }
  if (!isFinite(f)) { StrBuf.lit(f > 0 ? ".inf" : "-.inf"); return; }
  if (f == 0) { StrBuf.lit(1 / f < 0 ? "-0" : "0"); return; }
  let n = single ? <usize>dtoa_buffered<f32>(SCRATCH, <f32>f) : <usize>dtoa_buffered<f64>(SCRATCH, f);
  // JS-style text -> digits + decimal point position
  let digits = alloc(32), nd: i32 = 0, dp: i32 = 0, seenDot = false, neg = false, i: usize = 0;
  let exp: i32 = 0;
  for (; i < n; i++) {
    let c = <u32>load<u16>(SCRATCH + (i << 1));
    if (c == 45) { neg = true; continue; }
    if (c == 46) { seenDot = true; continue; }
    if (c == 101) {
      let es: i32 = 1; i++;
      let s = <u32>load<u16>(SCRATCH + (i << 1));
      if (s == 45) { es = -1; i++; } else if (s == 43) i++;
      for (; i < n; i++) exp = exp * 10 + <i32>(<u32>load<u16>(SCRATCH + (i << 1)) - 48);
      exp *= es;
      break;
    }
    let d = c - 48;
    if (nd == 0 && d == 0) { if (seenDot) dp--; continue; }
    store<u8>(digits + nd, <u8>(48 + d)); nd++;
    if (!seenDot) dp++;
  }
  while (nd > 0 && load<u8>(digits + nd - 1) == 48) nd--;
  dp += exp;
  if (neg) StrBuf.byte(45);
  let x = dp - 1;
  if (x < -4 || x >= 6) { // shortest 'g' switches to an exponent at 1e+06
    StrBuf.byte(load<u8>(digits));
    if (nd > 1) { StrBuf.byte(46); StrBuf.bytes(digits + 1, nd - 1); }
    StrBuf.byte(101); StrBuf.byte(x < 0 ? 45 : 43);
    let ax = x < 0 ? -x : x;
    if (ax < 10) StrBuf.byte(48);
    bufU64(<u64>ax, false);
    return;
  }
  if (dp <= 0) {
    StrBuf.lit("0.");
    for (let k = dp; k < 0; k++) StrBuf.byte(48);
    StrBuf.bytes(digits, nd);
    return;
  }
  for (let k: i32 = 0; k < dp; k++) StrBuf.byte(k < nd ? load<u8>(digits + k) : 48);
  if (nd > dp) { StrBuf.byte(46); StrBuf.bytes(digits + dp, nd - dp); }
}

// ---- encoder checks -------------------------------------------------------------------------------

function digitsAt(p: usize, i: usize, n: usize, min: usize, max: usize): usize {
  let k: usize = 0;
  while (i + k < n && k < max && isDigit(load<u8>(p + i + k))) k++;
  return k >= min ? k : 0;
}

function numAt(p: usize, i: usize, k: usize): i32 {
  let v: i32 = 0;
  for (let j: usize = 0; j < k; j++) v = v * 10 + <i32>(load<u8>(p + i + j) - 48);
  return v;
}

/** go-yaml's timestamp forms: 2006-1-2, 2006-1-2[Tt ]15:4:5[.frac][zone for T]. */
export function isTimestamp(p: usize, n: usize): bool {
  if (digitsAt(p, 0, n, 4, 4) == 0 || n < 5 || load<u8>(p + 4) != 45) return false;
  let i: usize = 5;
  let k = digitsAt(p, i, n, 1, 2); if (k == 0) return false;
  let mon = numAt(p, i, k); i += k;
  if (i >= n || load<u8>(p + i) != 45) return false;
  i++;
  k = digitsAt(p, i, n, 1, 2); if (k == 0) return false;
  let day = numAt(p, i, k); i += k;
  if (mon < 1 || mon > 12 || day < 1 || day > 31) return false;
  if (i == n) return true;
  let sep = <u32>load<u8>(p + i);
  if (sep != 84 && sep != 116 && sep != 32) return false;
  i++;
  for (let part = 0; part < 3; part++) {
    if (part > 0) { if (i >= n || load<u8>(p + i) != 58) return false; i++; }
    k = digitsAt(p, i, n, 1, 2); if (k == 0) return false;
    let v = numAt(p, i, k); i += k;
    if (v > (part == 0 ? 23 : 59)) return false;
  }
  if (i < n && load<u8>(p + i) == 46) {
    i++;
    let f: usize = 0;
    while (i < n && isDigit(load<u8>(p + i))) { i++; f++; }
    if (f == 0) return false;
  }
  if (sep == 32) return i == n;
  if (i < n && load<u8>(p + i) == 90) return i + 1 == n;
  if (i >= n || (load<u8>(p + i) != 43 && load<u8>(p + i) != 45)) return false;
  i++;
  if (digitsAt(p, i, n, 2, 2) == 0) return false;
  i += 2;
  if (i >= n || load<u8>(p + i) != 58) return false;
  return digitsAt(p, i + 1, n, 2, 2) != 0 && i + 3 == n;
}

/** ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$ */
export function isBase60Float(p: usize, n: usize): bool {
  let i: usize = 0;
  if (i < n && (load<u8>(p) == 43 || load<u8>(p) == 45)) i++;
  if (i >= n || !isDigit(load<u8>(p + i))) return false;
  while (i < n && (isDigit(load<u8>(p + i)) || load<u8>(p + i) == 95)) i++;
  let groups = 0;
  while (i < n && load<u8>(p + i) == 58) {
    i++;
    let k = digitsAt(p, i, n, 1, 2);
    if (k == 0) return false;
    if (k == 2 && load<u8>(p + i) > 53) return false;
    i += k; groups++;
  }
  if (groups == 0) return false;
  if (i < n && load<u8>(p + i) == 46) { i++; while (i < n && (isDigit(load<u8>(p + i)) || load<u8>(p + i) == 95)) i++; }
  return i == n;
}

/** Whether the encoder may write s as a plain scalar (it reads back as the same string). */
export function plainReadsAsString(p: usize, n: usize): bool {
  resolvePlain(p, n);
  if (rKind != K_STR) return false;
  if (n > 0 && isDigit(load<u8>(p)) && isTimestamp(p, n)) return false;
  return !isBase60Float(p, n);
}
