// net.cidr_merge: the smallest set of CIDRs covering the given CIDRs and addresses (an IPv4
// address without a prefix gets its classful default mask, as Go's DefaultMask does).
import { Value, T_STRING, T_ARRAY, T_SET, mkSetCap, tblInsert, tblLen, tblKeyAt, arrLen, arrAt, strLen, strPtr,
  alloc } from "../api";
import { hi, lo, v6, prefix, hasPrefix, parseNet, maskHi, maskLo, writeNet } from "./net-core";
import { failBegin, part, partBytes, failNow } from "./fail";

// Entries: hi u64, lo u64, prefix u32, v6 u32 (24 bytes).
const E: usize = 24;

function fail(msg: string, s: Value): void {
  failBegin("net.cidr_merge"); part(msg); if (s != 0) partBytes(strPtr(s), strLen(s)); failNow();
}

function cmpEntry(a: usize, b: usize): i32 {
  let av = load<u32>(a, 20), bv = load<u32>(b, 20);
  if (av != bv) return av < bv ? -1 : 1;
  let ah = load<u64>(a), bh = load<u64>(b);
  if (ah != bh) return ah < bh ? -1 : 1;
  let al = load<u64>(a, 8), bl = load<u64>(b, 8);
  if (al != bl) return al < bl ? -1 : 1;
  let ap = load<u32>(a, 16), bp = load<u32>(b, 16);
  return ap < bp ? -1 : (ap > bp ? 1 : 0);
}

/** True when network a (prefix pa) contains network b. */
function contains(a: usize, b: usize): bool {
  if (load<u32>(a, 20) != load<u32>(b, 20)) return false;
  let pa = <i32>load<u32>(a, 16), is6 = load<u32>(a, 20) != 0;
  if (<i32>load<u32>(b, 16) < pa) return false;
  return maskHi(load<u64>(b), pa, is6) == load<u64>(a) && maskLo(load<u64>(b, 8), pa, is6) == load<u64>(a, 8);
}

/** Merges the top two stack entries into their parent when they are its two halves. */
function siblings(a: usize, b: usize): bool {
  if (load<u32>(a, 20) != load<u32>(b, 20) || load<u32>(a, 16) != load<u32>(b, 16)) return false;
  let p = <i32>load<u32>(a, 16);
  if (p == 0) return false;
  let is6 = load<u32>(a, 20) != 0;
  return maskHi(load<u64>(a), p - 1, is6) == maskHi(load<u64>(b), p - 1, is6) &&
    maskLo(load<u64>(a, 8), p - 1, is6) == maskLo(load<u64>(b, 8), p - 1, is6);
}

export function builtin$net$cidr_merge(v: Value): Value {
  let t = load<u8>(v);
  if (t != T_ARRAY && t != T_SET) { failBegin("net.cidr_merge"); part("operand must be an array"); failNow(); }
  let n = t == T_ARRAY ? arrLen(v) : tblLen(v);
  let ents = alloc(n * E + E);
  for (let i: usize = 0; i < n; i++) {
    let s = t == T_ARRAY ? arrAt(v, i) : tblKeyAt(v, i);
    if (load<u8>(s) != T_STRING) fail("element must be string", 0);
    if (!parseNet(s)) fail("invalid CIDR address: ", s);
    let p = prefix;
    if (!hasPrefix) {
      if (v6) fail("IPv6 invalid: needs prefix length", 0);
      let first = <u32>(lo >> 24);
      if (first < 128) p = 8; else if (first < 192) p = 16; else if (first < 224) p = 24;
      else fail("invalid CIDR address: ", s);
    }
    let e = ents + i * E;
    store<u64>(e, maskHi(hi, p, v6)); store<u64>(e, maskLo(lo, p, v6), 8);
    store<u32>(e, <u32>p, 16); store<u32>(e, v6 ? 1 : 0, 20);
  }
  // insertion sort, then a stack that drops covered networks and joins sibling halves
  let tmp = ents + n * E;
  for (let i: usize = 1; i < n; i++) {
    memory.copy(tmp, ents + i * E, E);
    let j = i;
    while (j > 0 && cmpEntry(ents + (j - 1) * E, tmp) > 0) { memory.copy(ents + j * E, ents + (j - 1) * E, E); j--; }
    memory.copy(ents + j * E, tmp, E);
  }
  let stack = alloc(n * E + E);
  let top: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    let e = ents + i * E;
    if (top > 0 && contains(stack + (top - 1) * E, e)) continue;
    memory.copy(stack + top * E, e, E); top++;
    while (top >= 2 && siblings(stack + (top - 2) * E, stack + (top - 1) * E)) {
      top--;
      let parent = stack + (top - 1) * E;
      let p = <i32>load<u32>(parent, 16) - 1, is6 = load<u32>(parent, 20) != 0;
      store<u64>(parent, maskHi(load<u64>(parent), p, is6)); store<u64>(parent, maskLo(load<u64>(parent, 8), p, is6), 8);
      store<u32>(parent, <u32>p, 16);
      // the wider parent may now cover entries below it
      while (top >= 2 && contains(stack + (top - 1) * E, stack + (top - 2) * E)) {
        memory.copy(stack + (top - 2) * E, stack + (top - 1) * E, E); top--;
      }
    }
  }
  let r = mkSetCap(top);
  for (let i: usize = 0; i < top; i++) tblInsert(r, writeNet(stack + i * E, true), 0);
  return r;
}
