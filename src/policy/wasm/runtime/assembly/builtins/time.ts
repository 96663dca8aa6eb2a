// time.parse_rfc3339_ns and time.parse_duration_ns (Go's time.Parse(RFC3339) and
// time.ParseDuration). time.date, time.clock, time.weekday, time.add_date, time.diff, time.format, time.parse_ns and
// time.now_ns are host builtins (src/policy/engine/time-builtins.ts): they need zone data.
import { Value, mkInt, strLen, strPtr, needString } from "../api";
import { failBegin, part, partBytes, failNow } from "./fail";

let p: usize = 0, n: usize = 0, i: usize = 0;

function digits(k: usize): i32 {
  if (i + k > n) return -1;
  let v: i32 = 0;
  for (let j: usize = 0; j < k; j++) {
    let d = <u32>load<u8>(p + i + j) - 48;
    if (d > 9) return -1;
    v = v * 10 + <i32>d;
  }
  i += k;
  return v;
}

function expect(c: u32): bool {
  if (i < n && <u32>load<u8>(p + i) == c) { i++; return true; }
  return false;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
function daysFromCivil(y: i64, m: i64, d: i64): i64 {
  y -= m <= 2 ? 1 : 0;
  let era = (y >= 0 ? y : y - 399) / 400;
  let yoe = y - era * 400;
  let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

function daysIn(y: i32, m: i32): i32 {
  if (m == 2) return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28;
  return (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31;
}

function parseFail(s: Value): void {
  failBegin("time.parse_rfc3339_ns"); part("parsing time \""); partBytes(strPtr(s), strLen(s));
  part("\" as \"2006-01-02T15:04:05Z07:00\": cannot parse"); failNow();
}

function rangeFail(): void { failBegin("time.parse_rfc3339_ns"); part("time outside of valid range"); failNow(); }

export function builtin$time$parse_rfc3339_ns(s: Value): Value {
  needString("time.parse_rfc3339_ns", 1, s);
  p = strPtr(s); n = strLen(s); i = 0;
  let y = digits(4);
  if (y < 0 || !expect(45)) parseFail(s);
  let mo = digits(2);
  if (mo < 1 || mo > 12 || !expect(45)) parseFail(s);
  let d = digits(2);
  if (d < 1 || d > daysIn(y, mo)) parseFail(s);
  if (!expect(84) && !expect(116)) parseFail(s);
  let h = digits(2);
  if (h < 0 || h > 23 || !expect(58)) parseFail(s);
  let mi = digits(2);
  if (mi < 0 || mi > 59 || !expect(58)) parseFail(s);
  let sec = digits(2);
  if (sec < 0 || sec > 59) parseFail(s);
  let frac: i64 = 0;
  if (i < n && (load<u8>(p + i) == 46 || load<u8>(p + i) == 44)) {
    i++;
    let k = 0;
    while (i < n && <u32>load<u8>(p + i) - 48 <= 9) {
      if (k < 9) frac = frac * 10 + <i64>(load<u8>(p + i) - 48);
      k++; i++;
    }
    if (k == 0) parseFail(s);
    for (; k < 9; k++) frac *= 10;
  }
  let off: i64 = 0;
  if (expect(90) || expect(122)) off = 0;
  else {
    let sign: i64 = expect(43) ? 1 : (expect(45) ? -1 : 0);
    if (sign == 0) parseFail(s);
    let oh = digits(2);
    if (oh < 0 || oh > 24 || !expect(58)) parseFail(s);
    let om = digits(2);
    if (om < 0 || om > 59) parseFail(s);
    off = sign * (<i64>oh * 3600 + <i64>om * 60);
  }
  if (i != n) parseFail(s);
  let secs = daysFromCivil(y, mo, d) * 86400 + <i64>h * 3600 + <i64>mi * 60 + <i64>sec - off;
  // ns = secs * 1e9 + frac without overflowing i64
  if (secs > 9223372036 || secs < -9223372037) rangeFail();
  let ns: i64;
  if (secs >= 0) {
    let base = secs * 1000000000;
    if (base > i64.MAX_VALUE - frac) rangeFail();
    ns = base + frac;
  } else {
    let base = (secs + 1) * 1000000000;
    let sub = 1000000000 - frac;
    if (base < i64.MIN_VALUE + sub) rangeFail();
    ns = base - sub;
  }
  return mkInt(ns);
}

function durFail(s: Value, msg: string): void {
  failBegin("time.parse_duration_ns"); part("time: "); part(msg); part(" \"");
  partBytes(strPtr(s), strLen(s)); part("\""); failNow();
}

/** Nanoseconds per unit at p (k bytes), or 0 when unknown. */
function unitNs(q: usize, k: usize): i64 {
  if (k == 1) {
    let c = load<u8>(q);
    if (c == 115) return 1000000000; if (c == 109) return 60000000000; if (c == 104) return 3600000000000;
    // OPA's duration grammar also has days, weeks and (365-day) years
    if (c == 100) return 86400000000000; if (c == 119) return 604800000000000; if (c == 121) return 31536000000000000;
    return 0;
  }
  if (k == 2) {
    let a = load<u8>(q), b = load<u8>(q + 1);
    if (b != 115) return 0;
    if (a == 110) return 1; if (a == 117) return 1000; if (a == 109) return 1000000;
    return 0;
  }
  // µs (U+00B5) and μs (U+03BC)
  if (k == 3 && load<u8>(q + 2) == 115 && ((load<u8>(q) == 0xc2 && load<u8>(q + 1) == 0xb5) || (load<u8>(q) == 0xce && load<u8>(q + 1) == 0xbc))) return 1000;
  return 0;
}

export function builtin$time$parse_duration_ns(s: Value): Value {
  needString("time.parse_duration_ns", 1, s);
  let q = strPtr(s), m = strLen(s), j: usize = 0;
  let neg = false;
  if (j < m && (load<u8>(q) == 45 || load<u8>(q) == 43)) { neg = load<u8>(q) == 45; j++; }
  if (m - j == 1 && load<u8>(q + j) == 48) return mkInt(0);
  if (j == m) durFail(s, "invalid duration");
  let total: u64 = 0;
  while (j < m) {
    let v: u64 = 0, f: u64 = 0, scale: f64 = 1, pre = 0, post = 0, over = false;
    while (j < m && <u32>load<u8>(q + j) - 48 <= 9) {
      if (v > (<u64>1 << 63) / 10) over = true;
      v = v * 10 + <u64>(load<u8>(q + j) - 48); j++; pre++;
    }
    if (j < m && load<u8>(q + j) == 46) {
      j++;
      while (j < m && <u32>load<u8>(q + j) - 48 <= 9) {
        if (f < 100000000000000000) { f = f * 10 + <u64>(load<u8>(q + j) - 48); scale *= 10; }
        j++; post++;
      }
    }
    if (pre == 0 && post == 0) durFail(s, "invalid duration");
    let us = j;
    while (j < m && load<u8>(q + j) != 46 && <u32>load<u8>(q + j) - 48 > 9) j++;
    if (us == j) durFail(s, "missing unit in duration");
    let unit = unitNs(q + us, j - us);
    if (unit == 0) {
      failBegin("time.parse_duration_ns"); part("time: unknown unit \""); partBytes(q + us, j - us);
      part("\" in duration \""); partBytes(q, m); part("\""); failNow();
    }
    if (over || v > (<u64>1 << 63) / <u64>unit) durFail(s, "invalid duration");
    v *= <u64>unit;
    if (f > 0) v += <u64>(<f64>f * (<f64>unit / scale));
    total += v;
    if (total > (<u64>1 << 63)) durFail(s, "invalid duration");
  }
  if (!neg && total == (<u64>1 << 63)) durFail(s, "invalid duration");
  return mkInt(neg ? -(<i64>total) : <i64>total);
}
