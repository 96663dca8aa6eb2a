// units.parse and units.parse_bytes, exact: the amount is kept as decimal digits, SI multipliers
// append zeros, IEC multipliers go through the bigint-aware multiplication, and the result is
// handed back as exact number text (so "1000Ei" or "1.5m" are not rounded through a double).
import { Value, N_INT, mkInt, numKind, numIntOf, numRefPtr, numRefLen, numFromText, needString, alloc,
  StrBuf } from "../api";
import { i64ToText } from "../number";
import { builtin$mul } from "./arith";
import { failBegin, part, partBytes, failNow } from "./fail";

function fail(name: string, msg: string): void { failBegin(name); part(msg); failNow(); }
function badNumber(name: string, what: string): void {
  failBegin(name); part("could not parse "); part(what); part(" to a number"); failNow();
}

// SI prefix index: k m g t p e -> 1..6 (0 = none).
function siIndex(c: u32): i32 {
  switch (c | 32) {
    case 107: return 1; case 109: return 2; case 103: return 3; case 116: return 4; case 112: return 5; case 101: return 6;
  }
  return 0;
}

function isDigit(c: u32): bool { return c - 48 <= 9; }

/** Length of the numeric prefix ("12.5e3" of "12.5e3Mi"): `e` belongs to it only before a digit or sign+digit. */
function numberLen(p: usize, n: usize): usize {
  let i: usize = 0;
  if (i < n && (load<u8>(p) == 45 || load<u8>(p) == 43)) i++;
  for (; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (isDigit(c) || c == 46) continue;
    if ((c | 32) == 101 && i + 1 < n) {
      let d = <u32>load<u8>(p + i + 1);
      let sign = d == 43 || d == 45;
      if (sign && i + 2 < n) d = <u32>load<u8>(p + i + 2);
      if (isDigit(d) && (!sign || i + 2 < n)) { if (sign) i++; continue; }
    }
    break;
  }
  for (let j: usize = 0; j < i; j++) if (isDigit(<u32>load<u8>(p + j))) return i;
  return 0;
}

// The parsed amount: sign, digits (no dot) and scale (value = digits x 10^-scale).
let neg = false, digits: usize = 0, digitsLen: usize = 0, scale: i32 = 0;

function parseAmount(name: string, what: string, p: usize, n: usize): void {
  let i: usize = 0;
  neg = false;
  if (load<u8>(p) == 45) { neg = true; i++; } else if (load<u8>(p) == 43) i++;
  let buf = alloc(n + 2100);
  let o: usize = 0, intDigits = 0, fracDigits: i32 = 0;
  while (i < n && isDigit(<u32>load<u8>(p + i))) { store<u8>(buf + o++, load<u8>(p + i)); i++; intDigits++; }
  if (i < n && load<u8>(p + i) == 46) {
    i++;
    while (i < n && isDigit(<u32>load<u8>(p + i))) { store<u8>(buf + o++, load<u8>(p + i)); i++; fracDigits++; }
  }
  if (intDigits == 0 && fracDigits == 0) badNumber(name, what);
  let exp: i32 = 0;
  if (i < n && (load<u8>(p + i) | 32) == 101) {
    i++;
    let eneg = false;
    if (i < n && (load<u8>(p + i) == 45 || load<u8>(p + i) == 43)) { eneg = load<u8>(p + i) == 45; i++; }
    let ed = 0;
    while (i < n && isDigit(<u32>load<u8>(p + i))) { if (exp < 100000) exp = exp * 10 + <i32>(load<u8>(p + i) - 48); i++; ed++; }
    if (ed == 0) badNumber(name, what);
    if (exp > 1000) fail(name, "exponent too large");
    if (eneg) exp = -exp;
  }
  if (i != n) badNumber(name, what);
  scale = fracDigits - exp;
  if (scale < 0) { for (let k: i32 = 0; k < -scale; k++) store<u8>(buf + o++, 48); scale = 0; }
  // strip leading zeros
  let s: usize = 0;
  while (s + 1 < o && load<u8>(buf + s) == 48) s++;
  digits = buf + s; digitsLen = o - s;
}

function appendZeros(k: i32): void {
  let nb = alloc(digitsLen + <usize>k);
  memory.copy(nb, digits, digitsLen);
  for (let i: i32 = 0; i < k; i++) store<u8>(nb + digitsLen + <usize>i, 48);
  digits = nb; digitsLen += <usize>k;
}

function mulPow2(k: i32): void {
  let r = builtin$mul(numFromText(digits, digitsLen, false), mkInt(<i64>1 << k));
  if (numKind(r) == N_INT) {
    let b = alloc(24);
    digitsLen = i64ToText(b, numIntOf(r)); digits = b;
  } else { digits = numRefPtr(r); digitsLen = numRefLen(r); }
}

/** The exact number digits x 10^-scale (fraction dropped when truncate). */
function result(truncate: bool): Value {
  let intLen: usize = digitsLen > <usize>scale ? digitsLen - <usize>scale : 0;
  StrBuf.begin(digitsLen + 4);
  if (neg) StrBuf.byte(45);
  if (intLen == 0) StrBuf.byte(48); else StrBuf.bytes(digits, intLen);
  if (!truncate && scale > 0) {
    // fraction: pad with leading zeros to `scale` digits, then trim trailing zeros
    let fracStart = StrBuf.len;
    StrBuf.byte(46);
    for (let k = digitsLen; k < <usize>scale; k++) StrBuf.byte(48);
    StrBuf.bytes(digits + intLen, digitsLen - intLen);
    while (StrBuf.len > fracStart && (load<u8>(StrBuf.ptr + StrBuf.len - 1) == 48 || load<u8>(StrBuf.ptr + StrBuf.len - 1) == 46)) {
      let dot = load<u8>(StrBuf.ptr + StrBuf.len - 1) == 46;
      StrBuf.len--;
      if (dot) break;
    }
  }
  let p = StrBuf.ptr, n = StrBuf.len;
  // "-0" and "0.0..." collapse to 0
  let zero = true;
  for (let i: usize = 0; i < n; i++) { let c = load<u8>(p + i); if (c != 48 && c != 45 && c != 46) { zero = false; break; } }
  if (zero) return mkInt(0);
  return numFromText(p, n, false);
}

/** The input without double quotes; aborts on spaces. */
function clean(name: string, s: Value): usize {
  needString(name, 1, s);
  let p = load<u32>(s, 8), n = load<u32>(s, 4);
  let q = alloc(<usize>n);
  let o: usize = 0;
  for (let i: usize = 0; i < <usize>n; i++) {
    let c = load<u8>(<usize>p + i);
    if (c == 32) fail(name, "spaces not allowed in resource strings");
    if (c != 34) store<u8>(q + o++, c);
  }
  cleanLen = o;
  return q;
}
let cleanLen: usize = 0;

export function builtin$units$parse(s: Value): Value {
  let name = "units.parse";
  let p = clean(name, s), n = cleanLen;
  let nl = numberLen(p, n);
  if (nl == 0) fail(name, "no amount provided");
  let up = p + nl, un = n - nl;
  parseAmount(name, "amount", p, nl);
  if (un == 0) return result(false);
  let first = <u32>load<u8>(up);
  if (un == 1 && first == 109) { scale += 3; return result(false); } // milli
  let idx = siIndex(first);
  let second: u32 = un == 2 ? <u32>load<u8>(up + 1) | 32 : 0;
  if (idx == 0 || un > 2 || (un == 2 && second != 105)) {
    failBegin(name); part("unit "); partBytes(up, un); part(" not recognized"); failNow();
  }
  if (un == 2) mulPow2(10 * idx); else appendZeros(3 * idx);
  return result(false);
}

export function builtin$units$parse_bytes(s: Value): Value {
  let name = "units.parse_bytes";
  let p = clean(name, s), n = cleanLen;
  for (let i: usize = 0; i < n; i++) { let c = <u32>load<u8>(p + i); if (c - 65 < 26) store<u8>(p + i, <u8>(c + 32)); }
  let nl = numberLen(p, n);
  if (nl == 0) fail(name, "no byte amount provided");
  let up = p + nl, un = n - nl;
  parseAmount(name, "byte amount", p, nl);
  let raw = un;
  if (un > 0 && load<u8>(up + un - 1) == 98) un--; // optional trailing b
  if (un > 0) {
    let idx = siIndex(<u32>load<u8>(up));
    if (idx == 0 || un > 2 || (un == 2 && load<u8>(up + 1) != 105)) {
      failBegin(name); part("byte unit "); partBytes(up, raw); part(" not recognized"); failNow();
    }
    if (un == 2) mulPow2(10 * idx); else appendZeros(3 * idx);
  }
  return result(true);
}
