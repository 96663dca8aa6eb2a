// IP address and CIDR parsing, masking and formatting shared by the net.* builtins (internal:
// not re-exported from index.ts). Addresses are 128-bit (hi, lo); IPv4 uses lo's low 32 bits.
import { Value, strLen, strPtr, StrBuf, alloc } from "../api";
import { i64ToText } from "../number";
import { failBegin, part, partBytes, partInt, failNow } from "./fail";

export let hi: u64 = 0, lo: u64 = 0, v6 = false, prefix: i32 = 0, hasPrefix = false;

export function parseV4(p: usize, n: usize): bool {
  let acc: u64 = 0, parts = 0, i: usize = 0;
  while (parts < 4) {
    let v: u32 = 0, d = 0;
    while (i < n && <u32>load<u8>(p + i) - 48 <= 9) {
      if (d > 0 && v == 0) return false; // no leading zeros
      v = v * 10 + (<u32>load<u8>(p + i) - 48); d++; i++;
      if (d > 3 || v > 255) return false;
    }
    if (d == 0) return false;
    acc = (acc << 8) | <u64>v;
    parts++;
    if (parts < 4) { if (i >= n || load<u8>(p + i) != 46) return false; i++; }
  }
  if (i != n) return false;
  hi = 0; lo = acc; v6 = false;
  return true;
}

function hexv(c: u32): i32 {
  if (c - 48 <= 9) return <i32>(c - 48);
  if ((c | 32) - 97 < 6) return <i32>((c | 32) - 87);
  return -1;
}

function parseV6(p: usize, n: usize): bool {
  // up to 8 groups, one "::" gap, optional trailing dotted IPv4
  let groups = memory.data(32);
  let count = 0, gap = -1;
  let i: usize = 0;
  if (n >= 2 && load<u8>(p) == 58 && load<u8>(p + 1) == 58) { gap = 0; i = 2; }
  else if (n >= 1 && load<u8>(p) == 58) return false;
  while (i < n) {
    if (count >= 8) return false;
    // dotted IPv4 tail
    let j = i;
    while (j < n && load<u8>(p + j) != 58 && load<u8>(p + j) != 46) j++;
    if (j < n && load<u8>(p + j) == 46) {
      if (count > 6) return false;
      let shi = hi, slo = lo;
      if (!parseV4(p + i, n - i)) return false;
      let v4 = lo; hi = shi; lo = slo;
      store<u16>(groups + (<usize>count << 1), <u16>(v4 >> 16)); count++;
      store<u16>(groups + (<usize>count << 1), <u16>(v4 & 0xffff)); count++;
      i = n;
      break;
    }
    let v: u32 = 0, d = 0;
    while (i < n && hexv(<u32>load<u8>(p + i)) >= 0) { v = (v << 4) | <u32>hexv(<u32>load<u8>(p + i)); d++; i++; if (d > 4) return false; }
    if (d == 0) return false;
    store<u16>(groups + (<usize>count << 1), <u16>v); count++;
    if (i < n) {
      if (load<u8>(p + i) != 58) return false;
      i++;
      if (i < n && load<u8>(p + i) == 58) { if (gap >= 0) return false; gap = count; i++; }
      else if (i >= n) return false;
    }
  }
  if (gap < 0 && count != 8) return false;
  if (gap >= 0 && count > 7) return false;
  let full = memory.data(32);
  memory.fill(full, 0, 16);
  if (gap < 0) memory.copy(full, groups, 16);
  else {
    memory.copy(full, groups, <usize>gap << 1);
    let tail = count - gap;
    memory.copy(full + (<usize>(8 - tail) << 1), groups + (<usize>gap << 1), <usize>tail << 1);
  }
  let h: u64 = 0, l: u64 = 0;
  for (let k = 0; k < 4; k++) h = (h << 16) | <u64>load<u16>(full + (<usize>k << 1));
  for (let k = 4; k < 8; k++) l = (l << 16) | <u64>load<u16>(full + (<usize>k << 1));
  hi = h; lo = l; v6 = true;
  return true;
}

/** Parses "ip" or "ip/prefix" into the globals; false when invalid. */
export function parseNet(s: Value): bool {
  let p = strPtr(s), n = strLen(s);
  let slash: isize = -1;
  for (let i: usize = 0; i < n; i++) if (load<u8>(p + i) == 47) { slash = <isize>i; break; }
  let ipLen = slash < 0 ? n : <usize>slash;
  let colon = false;
  for (let i: usize = 0; i < ipLen; i++) if (load<u8>(p + i) == 58) { colon = true; break; }
  if (!(colon ? parseV6(p, ipLen) : parseV4(p, ipLen))) return false;
  let bits: i32 = v6 ? 128 : 32;
  hasPrefix = slash >= 0;
  if (!hasPrefix) { prefix = bits; return true; }
  let v: i32 = 0, d = 0;
  for (let i = <usize>slash + 1; i < n; i++) {
    let c = <u32>load<u8>(p + i) - 48;
    if (c > 9 || d >= 3) return false;
    v = v * 10 + <i32>c; d++;
  }
  if (d == 0 || v > bits) return false;
  prefix = v;
  return true;
}

/** The first `bits` bits of (h, l) as a 128-bit value (IPv4 values live in the low 32 bits). */
export function maskHi(h: u64, bits: i32, isV6: bool): u64 {
  if (!isV6) return 0;
  if (bits >= 64) return h;
  if (bits <= 0) return 0;
  return h & ~((<u64>-1) >>> <u64>bits);
}
export function maskLo(l: u64, bits: i32, isV6: bool): u64 {
  let width: i32 = isV6 ? 128 : 32;
  let keep = bits - (width - 64); // bits of the prefix that fall into lo
  if (!isV6) keep = bits + 32;
  if (keep >= 64) return l;
  if (keep <= 0) return 0;
  return l & ~((<u64>-1) >>> <u64>keep);
}

export function invalid(name: string, operand: i32, s: Value): void {
  failBegin(name); part("operand "); partInt(operand); part(": invalid CIDR or IP address: ");
  partBytes(strPtr(s), strLen(s)); failNow();
}

/** Whether CIDR a contains the address or CIDR b (both strings); aborts when either is invalid. */
export function netContains(name: string, a: Value, b: Value): bool {
  if (!parseNet(a) || !hasPrefix) invalid(name, 1, a);
  let ah = hi, al = lo, a6 = v6, ap = prefix;
  if (!parseNet(b)) invalid(name, 2, b);
  if (a6 != v6 || prefix < ap) return false;
  return maskHi(ah, ap, a6) == maskHi(hi, ap, v6) && maskLo(al, ap, a6) == maskLo(lo, ap, v6);
}


/** An entry {hi, lo, prefix, v6} as text, with "/prefix" when withPrefix. */
export function writeNet(e: usize, withPrefix: bool): Value {
  StrBuf.begin(48);
  let h = load<u64>(e), l = load<u64>(e, 8);
  let num = alloc(24);
  if (load<u32>(e, 20) == 0) {
    for (let k: i32 = 3; k >= 0; k--) {
      StrBuf.bytes(num, i64ToText(num, <i64>((l >> (<u64>k * 8)) & 255)));
      if (k > 0) StrBuf.byte(46);
    }
  } else {
    let g = alloc(16);
    for (let k = 0; k < 4; k++) store<u16>(g + (<usize>k << 1), <u16>(h >> (<u64>(3 - k) * 16)));
    for (let k = 0; k < 4; k++) store<u16>(g + (<usize>(k + 4) << 1), <u16>(l >> (<u64>(3 - k) * 16)));
    let e0 = -1, e1 = -1;
    for (let i = 0; i < 8; i++) {
      let j = i;
      while (j < 8 && load<u16>(g + (<usize>j << 1)) == 0) j++;
      if (j > i && j - i > e1 - e0) { e0 = i; e1 = j; i = j; }
    }
    if (e1 - e0 <= 1) { e0 = -1; e1 = -1; }
    for (let i = 0; i < 8; i++) {
      if (i == e0) { StrBuf.lit("::"); i = e1 - 1; continue; }
      if (i > 0 && i != e1) StrBuf.byte(58);
      let v = <u32>load<u16>(g + (<usize>i << 1));
      let started = false;
      for (let s: i32 = 12; s >= 0; s -= 4) {
        let d = (v >> <u32>s) & 15;
        if (d != 0 || started || s == 0) { StrBuf.byte(d < 10 ? 48 + d : 87 + d); started = true; }
      }
    }
  }
  if (withPrefix) {
    StrBuf.byte(47);
    StrBuf.bytes(num, i64ToText(num, <i64>load<u32>(e, 16)));
  }
  return StrBuf.finish();
}

