// Objects and sets: a vector of entries {key, value, hash} plus, once larger than SMALL entries,
// an open-addressing hash index of entry positions. Entries are kept in insertion order and
// sorted in place by key when an ordered view is needed (iteration, compare, dump).
// Layout: +0 tag, +1 sorted flag, +4 len, +8 cap, +12 entries, +16 index (0 if none), +20 mask.
// Sets use the same layout with value = 0.
// Rule: lazily mutating an existing value (sorting, hash caching) must never make it point to
// newly allocated memory, because the value may live below the heap pointer the host resets to.
import { alloc } from "./heap";
import { Value, T_OBJECT, T_SET, T_STRING, strLen, strPtr, strHash } from "./value";
import { compare, equal, hash } from "./compare";

const SMALL: usize = 8;
const ENTRY: usize = 12;

function mkTable(tag: u8, cap: usize): Value {
  if (cap < 4) cap = 4;
  let v = alloc(24);
  store<u32>(v, <u32>tag | (1 << 8)); // empty is sorted
  store<u32>(v, 0, 4);
  store<u32>(v, <u32>cap, 8);
  store<u32>(v, <u32>alloc(cap * ENTRY), 12);
  store<u32>(v, 0, 16);
  store<u32>(v, 0, 20);
  if (cap > SMALL) buildIndex(v, cap);
  return v;
}

export function mkObject(): Value { return mkTable(T_OBJECT, 4); }
export function mkObjectCap(cap: usize): Value { return mkTable(T_OBJECT, cap); }
export function mkSet(): Value { return mkTable(T_SET, 4); }
export function mkSetCap(cap: usize): Value { return mkTable(T_SET, cap); }

// @ts-ignore: decorator
@inline export function tblLen(v: Value): usize { return <usize>load<u32>(v, 4); }
// @ts-ignore: decorator
@inline function entries(v: Value): usize { return <usize>load<u32>(v, 12); }
// @ts-ignore: decorator
@inline export function tblKeyAt(v: Value, i: usize): Value { return <usize>load<u32>(entries(v) + i * ENTRY); }
// @ts-ignore: decorator
@inline export function tblValAt(v: Value, i: usize): Value { return <usize>load<u32>(entries(v) + i * ENTRY, 4); }

export function tblSetValAt(v: Value, i: usize, x: Value): void {
  store<u32>(entries(v) + i * ENTRY, <u32>x, 4);
}

function keyHash(k: Value): u32 {
  return load<u8>(k) == T_STRING ? strHash(k) : hash(k);
}

function keyEq(a: Value, b: Value): bool {
  if (a == b) return true;
  if (load<u8>(a) == T_STRING && load<u8>(b) == T_STRING) {
    let n = strLen(a);
    if (n != strLen(b)) return false;
    let pa = strPtr(a), pb = strPtr(b);
    return n == 0 || (load<u8>(pa) == load<u8>(pb) && memory.compare(pa, pb, n) == 0);
  }
  return equal(a, b);
}

/** (Re)builds the hash index with room for at least `cap` entries. Allocates. */
function buildIndex(v: Value, cap: usize): void {
  let size: usize = 16;
  while (size < cap * 2) size <<= 1;
  let idx = alloc(size << 2);
  memory.fill(idx, 0, size << 2);
  store<u32>(v, <u32>idx, 16);
  store<u32>(v, <u32>(size - 1), 20);
  fillIndex(v);
}

/** Refills the existing index from the entries; does not allocate. */
function fillIndex(v: Value): void {
  let idx = <usize>load<u32>(v, 16);
  let mask = <usize>load<u32>(v, 20);
  memory.fill(idx, 0, (mask + 1) << 2);
  let e = entries(v);
  let n = tblLen(v);
  for (let i: usize = 0; i < n; i++) {
    let rec = e + i * ENTRY;
    let h = load<u32>(rec, 8);
    if (h == 0) { h = keyHash(<usize>load<u32>(rec)); store<u32>(rec, h, 8); }
    let s = <usize>h & mask;
    while (load<u32>(idx + (s << 2)) != 0) s = (s + 1) & mask;
    store<u32>(idx + (s << 2), <u32>(i + 1));
  }
}

/** Position of key in the table, or -1. */
export function tblFind(v: Value, k: Value): isize {
  let n = tblLen(v);
  let e = entries(v);
  let idx = <usize>load<u32>(v, 16);
  if (idx == 0) {
    if (load<u8>(k) == T_STRING) {
      let kl = strLen(k), kp = strPtr(k);
      for (let i: usize = 0; i < n; i++) {
        let ek = <usize>load<u32>(e + i * ENTRY);
        if (load<u8>(ek) != T_STRING || strLen(ek) != kl) continue;
        let ep = strPtr(ek);
        // the first byte settles most mismatches without a memcmp call
        if (ep == kp || (kl > 0 && load<u8>(ep) == load<u8>(kp) && memory.compare(ep, kp, kl) == 0) || kl == 0) return <isize>i;
      }
      return -1;
    }
    for (let i: usize = 0; i < n; i++) {
      if (keyEq(<usize>load<u32>(e + i * ENTRY), k)) return <isize>i;
    }
    return -1;
  }
  let mask = <usize>load<u32>(v, 20);
  let h = keyHash(k);
  let s = <usize>h & mask;
  while (true) {
    let p = <usize>load<u32>(idx + (s << 2));
    if (p == 0) return -1;
    let rec = e + (p - 1) * ENTRY;
    if (load<u32>(rec, 8) == h && keyEq(<usize>load<u32>(rec), k)) return <isize>(p - 1);
    s = (s + 1) & mask;
  }
  return -1;
}

export function objGet(v: Value, k: Value): Value {
  let i = tblFind(v, k);
  return i < 0 ? 0 : tblValAt(v, <usize>i);
}

/** Inserts or replaces key -> value (for sets value is 0 and an existing key is kept). */
export function tblInsert(v: Value, k: Value, x: Value): void {
  let i = tblFind(v, k);
  if (i >= 0) {
    if (load<u8>(v) == T_OBJECT) tblSetValAt(v, <usize>i, x);
    return;
  }
  append(v, k, x);
}

/** Appends without checking for an existing key (callers guarantee uniqueness). */
export function append(v: Value, k: Value, x: Value): void {
  let n = tblLen(v);
  let cap = <usize>load<u32>(v, 8);
  let e = entries(v);
  if (n == cap) {
    let ncap = cap << 1;
    let ne = alloc(ncap * ENTRY);
    memory.copy(ne, e, n * ENTRY);
    e = ne;
    store<u32>(v, <u32>ncap, 8);
    store<u32>(v, <u32>ne, 12);
    if (ncap > SMALL) {
      store<u32>(v, <u32>(n + 1), 4); // index the new entry too
      let rec0 = e + n * ENTRY;
      store<u32>(rec0, <u32>k); store<u32>(rec0, <u32>x, 4); store<u32>(rec0, 0, 8);
      buildIndex(v, ncap);
      updateSorted(v, n, k);
      return;
    }
  }
  let rec = e + n * ENTRY;
  store<u32>(rec, <u32>k);
  store<u32>(rec, <u32>x, 4);
  let idx = <usize>load<u32>(v, 16);
  if (idx != 0) {
    let h = keyHash(k);
    store<u32>(rec, h, 8);
    let mask = <usize>load<u32>(v, 20);
    let s = <usize>h & mask;
    while (load<u32>(idx + (s << 2)) != 0) s = (s + 1) & mask;
    store<u32>(idx + (s << 2), <u32>(n + 1));
  } else {
    store<u32>(rec, 0, 8);
  }
  store<u32>(v, <u32>(n + 1), 4);
  updateSorted(v, n, k);
}

function updateSorted(v: Value, n: usize, k: Value): void {
  if (n > 0 && load<u8>(v, 1) != 0 && compare(tblKeyAt(v, n - 1), k) >= 0) store<u8>(v, 0, 1);
}

/** Removes key; returns true when it was present. */
export function tblRemove(v: Value, k: Value): bool {
  let i = tblFind(v, k);
  if (i < 0) return false;
  let n = tblLen(v);
  let e = entries(v);
  memory.copy(e + <usize>i * ENTRY, e + (<usize>i + 1) * ENTRY, (n - <usize>i - 1) * ENTRY);
  store<u32>(v, <u32>(n - 1), 4);
  if (load<u32>(v, 16) != 0) fillIndex(v);
  return true;
}

/** Sorts the entries by key in place (idempotent; no allocation for small tables). */
export function tblSort(v: Value): void {
  if (load<u8>(v, 1) != 0) return;
  let n = tblLen(v);
  let e = entries(v);
  if (n <= 24) {
    for (let i: usize = 1; i < n; i++) {
      let k = load<u32>(e + i * ENTRY), x = load<u32>(e + i * ENTRY, 4), h = load<u32>(e + i * ENTRY, 8);
      let j = i;
      while (j > 0 && compare(<usize>load<u32>(e + (j - 1) * ENTRY), <usize>k) > 0) {
        memory.copy(e + j * ENTRY, e + (j - 1) * ENTRY, ENTRY);
        j--;
      }
      store<u32>(e + j * ENTRY, k); store<u32>(e + j * ENTRY, x, 4); store<u32>(e + j * ENTRY, h, 8);
    }
  } else {
    // merge sort through a scratch buffer that is garbage afterwards
    let tmp = alloc(n * ENTRY);
    mergeSort(e, tmp, n);
  }
  if (load<u32>(v, 16) != 0) fillIndex(v);
  store<u8>(v, 1, 1);
}

function mergeSort(a: usize, tmp: usize, n: usize): void {
  for (let width: usize = 1; width < n; width <<= 1) {
    for (let lo: usize = 0; lo < n; lo += width << 1) {
      let mid = min(lo + width, n), hi = min(lo + (width << 1), n);
      let i = lo, j = mid, o = lo;
      while (i < mid && j < hi) {
        if (compare(<usize>load<u32>(a + j * ENTRY), <usize>load<u32>(a + i * ENTRY)) < 0) {
          memory.copy(tmp + o * ENTRY, a + j * ENTRY, ENTRY); j++;
        } else {
          memory.copy(tmp + o * ENTRY, a + i * ENTRY, ENTRY); i++;
        }
        o++;
      }
      if (i < mid) { memory.copy(tmp + o * ENTRY, a + i * ENTRY, (mid - i) * ENTRY); o += mid - i; }
      if (j < hi) { memory.copy(tmp + o * ENTRY, a + j * ENTRY, (hi - j) * ENTRY); }
    }
    memory.copy(a, tmp, n * ENTRY);
  }
}

/** A new table with the same entries (values are shared). */
export function tblCopy(v: Value): Value {
  let n = tblLen(v);
  let c = mkTable(load<u8>(v), n < 4 ? 4 : n);
  memory.copy(entries(c), entries(v), n * ENTRY);
  store<u32>(c, <u32>n, 4);
  store<u8>(c, load<u8>(v, 1), 1);
  if (load<u32>(c, 16) != 0) fillIndex(c);
  return c;
}
