// time.date, time.clock, time.weekday and time.add_date on nanoseconds since the epoch, in UTC
// (the zone may be given as "", "UTC" or "Local"; named zones need the host's zone database).
import { Value, T_ARRAY, T_NUMBER, T_STRING, mkInt, mkArray, arrPush, arrLen, arrAt, mkStrLit, strLen, strPtr,
  toI64, lastInt, toF64, typeError } from "../api";
import { failBegin, part, partBytes, failNow } from "./fail";
import { intArg } from "./args";

let civY: i64 = 0, civM: i64 = 0, civD: i64 = 0;

/** Civil date of a day count since 1970-01-01 (Howard Hinnant's algorithm) into civY/civM/civD. */
function civilFromDays(z: i64): void {
  z += 719468;
  let era = (z >= 0 ? z : z - 146096) / 146097;
  let doe = z - era * 146097;
  let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  let y = yoe + era * 400;
  let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  let mp = (5 * doy + 2) / 153;
  civD = doy - (153 * mp + 2) / 5 + 1;
  civM = mp < 10 ? mp + 3 : mp - 9;
  civY = civM <= 2 ? y + 1 : y;
}

function daysFromCivil(y: i64, m: i64, d: i64): i64 {
  y -= m <= 2 ? 1 : 0;
  let era = (y >= 0 ? y : y - 399) / 400;
  let yoe = y - era * 400;
  let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

function floorDiv(a: i64, b: i64): i64 { let q = a / b; if ((a % b != 0) && ((a < 0) != (b < 0))) q--; return q; }

/** Nanoseconds from a number operand. */
function nsOf(name: string, v: Value): i64 {
  if (toI64(v)) return lastInt();
  let f = toF64(v);
  if (!(f > -9.223372036854776e18 && f < 9.223372036854776e18)) { failBegin(name); part("timestamp too big"); failNow(); }
  return <i64>f;
}

/** The ns of operand 1: a number or [ns, zone]; only UTC-equivalent zones are supported natively. */
function timeArg(name: string, v: Value): i64 {
  let t = load<u8>(v);
  if (t == T_NUMBER) return nsOf(name, v);
  if (t != T_ARRAY || arrLen(v) < 1 || load<u8>(arrAt(v, 0)) != T_NUMBER) {
    typeError(name, 1, "either number (ns) or [number (ns), string (tz)]", v);
  }
  let ns = nsOf(name, arrAt(v, 0));
  if (arrLen(v) > 1) {
    let z = arrAt(v, 1);
    if (load<u8>(z) != T_STRING) typeError(name, 1, "either number (ns) or [number (ns), string (tz)]", v);
    let p = strPtr(z), n = strLen(z);
    let utc = n == 0 || (n == 3 && load<u8>(p) == 85 && load<u8>(p + 1) == 84 && load<u8>(p + 2) == 67) ||
      (n == 5 && load<u8>(p) == 76 && load<u8>(p + 1) == 111 && load<u8>(p + 2) == 99 && load<u8>(p + 3) == 97 && load<u8>(p + 4) == 108);
    if (!utc) { failBegin(name); part("unknown time zone "); partBytes(p, n); failNow(); }
  }
  return ns;
}

export function builtin$time$date(v: Value): Value {
  let ns = timeArg("time.date", v);
  civilFromDays(floorDiv(floorDiv(ns, 1000000000), 86400));
  let r = mkArray(3);
  arrPush(r, mkInt(civY)); arrPush(r, mkInt(civM)); arrPush(r, mkInt(civD));
  return r;
}

export function builtin$time$clock(v: Value): Value {
  let ns = timeArg("time.clock", v);
  let s = floorDiv(ns, 1000000000);
  let sod = s - floorDiv(s, 86400) * 86400;
  let r = mkArray(3);
  arrPush(r, mkInt(sod / 3600)); arrPush(r, mkInt((sod % 3600) / 60)); arrPush(r, mkInt(sod % 60));
  return r;
}

export function builtin$time$weekday(v: Value): Value {
  let ns = timeArg("time.weekday", v);
  let days = floorDiv(floorDiv(ns, 1000000000), 86400);
  let w = (days + 4) % 7; if (w < 0) w += 7;
  switch (<i32>w) {
    case 0: return mkStrLit("Sunday"); case 1: return mkStrLit("Monday"); case 2: return mkStrLit("Tuesday");
    case 3: return mkStrLit("Wednesday"); case 4: return mkStrLit("Thursday"); case 5: return mkStrLit("Friday");
  }
  return mkStrLit("Saturday");
}

function rangeFail(): void { failBegin("time.add_date"); part("time outside of valid range"); failNow(); }

export function builtin$time$add_date(v: Value, years: Value, months: Value, days: Value): Value {
  let ns = intArg("time.add_date", 1, v);
  let y = intArg("time.add_date", 2, years), m = intArg("time.add_date", 3, months), d = intArg("time.add_date", 4, days);
  let s = floorDiv(ns, 1000000000);
  let frac = ns - s * 1000000000;
  let day = floorDiv(s, 86400);
  let sod = s - day * 86400;
  civilFromDays(day);
  if (y > 1000000 || y < -1000000 || m > 12000000 || m < -12000000 || d > 365000000 || d < -365000000) rangeFail();
  let mm = civM - 1 + m;
  let ny = civY + y + floorDiv(mm, 12);
  let nm = mm - floorDiv(mm, 12) * 12 + 1;
  let nd = daysFromCivil(ny, nm, 1) + civD - 1 + d;
  let secs = nd * 86400 + sod;
  if (secs > 9223372036 || secs < -9223372037) rangeFail();
  if (secs >= 0) {
    let base = secs * 1000000000;
    if (base > i64.MAX_VALUE - frac) rangeFail();
    return mkInt(base + frac);
  }
  let base = (secs + 1) * 1000000000;
  let sub = 1000000000 - frac;
  if (base < i64.MIN_VALUE + sub) rangeFail();
  return mkInt(base - sub);
}
