// UTF-8 helpers shared by builtins.

/**
 * Width in bytes of the code point starting at p + i, decoded as Go's utf8.DecodeRune does:
 * an invalid or truncated sequence counts as one byte (one RuneError).
 */
export function utf8Width(p: usize, i: usize, n: usize): usize {
  let c = <u32>load<u8>(p + i);
  if (c < 0x80) return 1;
  let k: usize, lo: u32 = 0x80, hi: u32 = 0xbf;
  if (c < 0xc2) return 1;
  else if (c < 0xe0) k = 2;
  else if (c < 0xf0) { k = 3; if (c == 0xe0) lo = 0xa0; else if (c == 0xed) hi = 0x9f; }
  else if (c < 0xf5) { k = 4; if (c == 0xf0) lo = 0x90; else if (c == 0xf4) hi = 0x8f; }
  else return 1;
  if (i + k > n) return 1;
  let b1 = <u32>load<u8>(p + i + 1);
  if (b1 < lo || b1 > hi) return 1;
  for (let j: usize = 2; j < k; j++) {
    let b = <u32>load<u8>(p + i + j);
    if (b < 0x80 || b > 0xbf) return 1;
  }
  return k;
}

/** Width in bytes of the last code point before p + end (Go's utf8.DecodeLastRune), 0 when end is 0. */
export function utf8LastWidth(p: usize, end: usize): usize {
  if (end == 0) return 0;
  let start = end - 1;
  let lim: usize = end >= 4 ? end - 4 : 0;
  while (start > lim && (load<u8>(p + start) & 0xc0) == 0x80) start--;
  return utf8Width(p, start, end) == end - start ? end - start : 1;
}

/** Number of code points in UTF-8 bytes, counted as Go's utf8.RuneCount (each invalid byte is one). */
export function utf8Count(p: usize, n: usize): usize {
  let c: usize = 0;
  let i: usize = 0;
  while (i < n) {
    let b = load<u8>(p + i);
    i += b < 0x80 ? 1 : utf8Width(p, i, n);
    c++;
  }
  return c;
}

/** Byte offset of the code point with index `cp` (or n when past the end). */
export function utf8Offset(p: usize, n: usize, cp: usize): usize {
  let c: usize = 0;
  let i: usize = 0;
  while (i < n) {
    if (c == cp) return i;
    i += utf8Width(p, i, n);
    c++;
  }
  return n;
}

export function bytesEq(a: usize, b: usize, n: usize): bool {
  return memory.compare(a, b, n) == 0;
}

/** Index of needle in haystack (bytes), or -1. */
export function bytesIndexOf(h: usize, hn: usize, nd: usize, nn: usize, from: usize): isize {
  if (nn == 0) return <isize>from;
  if (nn > hn) return -1;
  let first = load<u8>(nd);
  for (let i = from; i + nn <= hn; i++) {
    if (load<u8>(h + i) == first && memory.compare(h + i, nd, nn) == 0) return <isize>i;
  }
  return -1;
}
