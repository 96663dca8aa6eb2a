// UTF-8 helpers shared by builtins.

/** Number of code points in UTF-8 bytes (continuation bytes are not counted). */
export function utf8Count(p: usize, n: usize): usize {
  let c: usize = 0;
  for (let i: usize = 0; i < n; i++) if ((load<u8>(p + i) & 0xc0) != 0x80) c++;
  return c;
}

/** Byte offset of the code point with index `cp` (or n when past the end). */
export function utf8Offset(p: usize, n: usize, cp: usize): usize {
  let c: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    if ((load<u8>(p + i) & 0xc0) != 0x80) {
      if (c == cp) return i;
      c++;
    }
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
