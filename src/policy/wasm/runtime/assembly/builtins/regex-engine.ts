// Regex program and matcher. The parse tree (regex-parse.ts) is compiled to a small instruction
// program run by a backtracking matcher that remembers visited (instruction, position) pairs, as
// RE2's bit-state engine does: leftmost-first (Perl/RE2) results in time linear in
// program size x text length, with no exponential blow-up.
import { alloc, allocZero } from "../api";
import { parseRegex, capCount, N_EMPTY, N_LIT, N_ANY, N_CLASS, N_ASSERT, N_CAP, N_CAT, N_ALT, N_REP,
  A_BOT, A_EOT, A_BOL, A_EOL, A_WORD, A_NOTWORD } from "./regex-parse";

const OP_MATCH: u32 = 0, OP_CHAR: u32 = 1, OP_ANY: u32 = 2, OP_CLASS: u32 = 3, OP_SPLIT: u32 = 4,
  OP_JMP: u32 = 5, OP_SAVE: u32 = 6, OP_ASSERT: u32 = 7;

let code: usize = 0, codeLen: u32 = 0, codeCap: u32 = 0;

function emit(op: u32, a: u32, b: u32, c: u32): u32 {
  if (codeLen == codeCap) {
    let nc = codeCap < 32 ? 32 : codeCap << 1;
    let nb = alloc(<usize>nc << 4);
    if (codeLen > 0) memory.copy(nb, code, <usize>codeLen << 4);
    code = nb; codeCap = nc;
  }
  let at = code + (<usize>codeLen << 4);
  store<u32>(at, op); store<u32>(at, a, 4); store<u32>(at, b, 8); store<u32>(at, c, 12);
  return codeLen++;
}

function patch(i: u32, field: usize, v: u32): void { store<u32>(code + (<usize>i << 4) + field, v); }

// @ts-ignore: decorator
@inline function child(n: usize): usize { return <usize>load<u32>(n, 20); }
// @ts-ignore: decorator
@inline function next(n: usize): usize { return <usize>load<u32>(n, 16); }

function gen(n: usize): void {
  let t = load<u32>(n);
  switch (t) {
    case N_EMPTY: return;
    case N_LIT: emit(OP_CHAR, load<u32>(n, 4), load<u32>(n, 8), 0); return;
    case N_ANY: emit(OP_ANY, load<u32>(n, 4), 0, 0); return;
    case N_CLASS: emit(OP_CLASS, load<u32>(n, 4), load<u32>(n, 8), load<u32>(n, 12)); return;
    case N_ASSERT: emit(OP_ASSERT, load<u32>(n, 4), 0, 0); return;
    case N_CAP: {
      let k = load<u32>(n, 4);
      emit(OP_SAVE, k << 1, 0, 0);
      gen(child(n));
      emit(OP_SAVE, (k << 1) | 1, 0, 0);
      return;
    }
    case N_CAT: {
      for (let c = child(n); c != 0; c = next(c)) gen(c);
      return;
    }
    case N_ALT: {
      // SPLIT L1,next; L1: a1; JMP end; next: SPLIT ...; last alternative falls through
      let jumps = alloc(4 * 64);
      let nj: u32 = 0;
      for (let c = child(n); c != 0; c = next(c)) {
        if (next(c) == 0) { gen(c); break; }
        let sp = emit(OP_SPLIT, 0, 0, 0);
        patch(sp, 4, codeLen);
        gen(c);
        let j = emit(OP_JMP, 0, 0, 0);
        if (nj < 64) { store<u32>(jumps + (<usize>nj << 2), j); nj++; }
        patch(sp, 8, codeLen);
      }
      for (let i: u32 = 0; i < nj; i++) patch(load<u32>(jumps + (<usize>i << 2)), 4, codeLen);
      return;
    }
    case N_REP: {
      let min = load<u32>(n, 4), max = <i32>load<u32>(n, 8), greedy = load<u32>(n, 12) != 0;
      let c = child(n);
      for (let i: u32 = 0; i < min; i++) gen(c);
      if (max < 0) {
        let sp = emit(OP_SPLIT, 0, 0, 0);
        gen(c);
        emit(OP_JMP, sp, 0, 0);
        patch(sp, greedy ? 4 : 8, sp + 1);
        patch(sp, greedy ? 8 : 4, codeLen);
        return;
      }
      let opt = <u32>max - min;
      let splits = alloc(<usize>(opt + 1) << 2);
      for (let i: u32 = 0; i < opt; i++) {
        let sp = emit(OP_SPLIT, 0, 0, 0);
        store<u32>(splits + (<usize>i << 2), sp);
        patch(sp, greedy ? 4 : 8, sp + 1);
        gen(c);
      }
      for (let i: u32 = 0; i < opt; i++) patch(load<u32>(splits + (<usize>i << 2)), greedy ? 8 : 4, codeLen);
      return;
    }
  }
}

// A program: +0 instruction count, +4 capture count (groups + 1), +8 instructions.
export function compileRegex(p: usize, n: usize): usize {
  let root = parseRegex(p, n);
  if (root == 0) return 0;
  code = 0; codeLen = 0; codeCap = 0;
  emit(OP_SAVE, 0, 0, 0);
  gen(root);
  emit(OP_SAVE, 1, 0, 0);
  emit(OP_MATCH, 0, 0, 0);
  let prog = alloc(12);
  store<u32>(prog, codeLen); store<u32>(prog, capCount, 4); store<u32>(prog, <u32>code, 8);
  return prog;
}

export function progCaps(prog: usize): u32 { return load<u32>(prog, 4); }

// ---- matching -----------------------------------------------------------------------------------

let runeW: usize = 1;
function runeAt(p: usize, n: usize, i: usize): u32 {
  let c = <u32>load<u8>(p + i);
  if (c < 0x80) { runeW = 1; return c; }
  let k: usize = c >= 0xf0 ? 4 : (c >= 0xe0 ? 3 : (c >= 0xc0 ? 2 : 1));
  if (i + k > n || k == 1) { runeW = 1; return 0xfffd; }
  let cp = c & (k == 4 ? 0x07 : (k == 3 ? 0x0f : 0x1f));
  for (let j: usize = 1; j < k; j++) cp = (cp << 6) | (<u32>load<u8>(p + i + j) & 0x3f);
  runeW = k;
  return cp;
}

/** Width in bytes of the rune at i (for advancing between matches). */
export function runeWidth(p: usize, n: usize, i: usize): usize { runeAt(p, n, i); return runeW; }

function swapCase(c: u32): u32 {
  if (c - 65 < 26) return c + 32;
  if (c - 97 < 26) return c - 32;
  if (c >= 0xc0 && c <= 0xde && c != 0xd7) return c + 32;
  if (c >= 0xe0 && c <= 0xfe && c != 0xf7) return c - 32;
  if (c == 0x17f) return 115; if (c == 0x212a) return 107;
  return c;
}

function inRanges(ranges: usize, cnt: u32, c: u32): bool {
  for (let i: u32 = 0; i < cnt; i++) {
    let at = ranges + (<usize>i << 3);
    if (c >= load<u32>(at) && c <= load<u32>(at, 4)) return true;
  }
  return false;
}

function isWord(p: usize, n: usize, i: isize): bool {
  if (i < 0 || <usize>i >= n) return false;
  let c = <u32>load<u8>(p + <usize>i);
  return c - 48 <= 9 || (c | 32) - 97 < 26 || c == 95;
}

function assertOk(kind: u32, p: usize, n: usize, i: usize): bool {
  switch (kind) {
    case A_BOT: return i == 0;
    case A_EOT: return i == n;
    case A_BOL: return i == 0 || load<u8>(p + i - 1) == 10;
    case A_EOL: return i == n || load<u8>(p + i) == 10;
    case A_WORD: return isWord(p, n, <isize>i - 1) != isWord(p, n, <isize>i);
    case A_NOTWORD: return isWord(p, n, <isize>i - 1) == isWord(p, n, <isize>i);
  }
  return false;
}

export let caps: usize = 0; // i32 per slot: byte offsets of group starts/ends (-1 = unset)
let stk: usize = 0, stkLen: usize = 0, stkCap: usize = 0;

function push(kind: u32, a: u32, b: u32): void {
  if (stkLen == stkCap) {
    let nc: usize = stkCap < 64 ? 64 : stkCap << 1;
    let nb = alloc(nc * 12);
    if (stkLen > 0) memory.copy(nb, stk, stkLen * 12);
    stk = nb; stkCap = nc;
  }
  let at = stk + stkLen * 12;
  store<u32>(at, kind); store<u32>(at, a, 4); store<u32>(at, b, 8);
  stkLen++;
}

/** Leftmost-first search from byte offset `from`; on success the groups are in `caps`. */
export function regexSearch(prog: usize, p: usize, n: usize, from: usize): bool {
  let ninstr = <usize>load<u32>(prog);
  let ins = <usize>load<u32>(prog, 8);
  let ncap = <usize>load<u32>(prog, 4) << 1;
  caps = alloc(ncap << 2);
  memory.fill(caps, 0xff, ncap << 2);
  let stride = n + 1;
  let visited = allocZero((ninstr * stride + 7) >> 3);
  stk = 0; stkLen = 0; stkCap = 0;
  let anchored = ninstr > 1 && load<u32>(ins + 16) == OP_ASSERT && load<u32>(ins + 16, 4) == A_BOT;
  let start = from;
  while (start <= n) {
    push(0, 0, <u32>start);
    while (stkLen > 0) {
      stkLen--;
      let e = stk + stkLen * 12;
      let kind = load<u32>(e), pc = <usize>load<u32>(e, 4), i = <usize>load<u32>(e, 8);
      if (kind == 1) { store<i32>(caps + (pc << 2), <i32>i); continue; }
      while (true) {
        let bit = pc * stride + i;
        let byte = visited + (bit >> 3), mask = <u8>(1 << <u8>(bit & 7));
        if (load<u8>(byte) & mask) break;
        store<u8>(byte, load<u8>(byte) | mask);
        let at = ins + (pc << 4);
        let op = load<u32>(at);
        if (op == OP_MATCH) return true;
        if (op == OP_CHAR) {
          if (i >= n) break;
          let c = runeAt(p, n, i), want = load<u32>(at, 4);
          if (c != want && !(load<u32>(at, 8) != 0 && swapCase(c) == want)) break;
          i += runeW; pc++;
        } else if (op == OP_ANY) {
          if (i >= n) break;
          let c = runeAt(p, n, i);
          if (c == 10 && load<u32>(at, 4) == 0) break;
          i += runeW; pc++;
        } else if (op == OP_CLASS) {
          if (i >= n) break;
          let c = runeAt(p, n, i);
          let fl = load<u32>(at, 12);
          let r = <usize>load<u32>(at, 4), cnt = load<u32>(at, 8);
          let hit = inRanges(r, cnt, c) || ((fl & 2) != 0 && inRanges(r, cnt, swapCase(c)));
          if (hit == ((fl & 1) != 0)) break;
          i += runeW; pc++;
        } else if (op == OP_SPLIT) {
          push(0, load<u32>(at, 8), <u32>i);
          pc = <usize>load<u32>(at, 4);
        } else if (op == OP_JMP) {
          pc = <usize>load<u32>(at, 4);
        } else if (op == OP_SAVE) {
          let slot = <usize>load<u32>(at, 4);
          if (slot < ncap) {
            push(1, <u32>slot, <u32>load<i32>(caps + (slot << 2)));
            store<i32>(caps + (slot << 2), <i32>i);
          }
          pc++;
        } else { // OP_ASSERT
          if (!assertOk(load<u32>(at, 4), p, n, i)) break;
          pc++;
        }
      }
    }
    if (anchored || start >= n) break;
    start += runeWidth(p, n, start);
  }
  return false;
}

/** Compiles or returns 0; errCode in regex-parse.ts says why. */
export { errCode } from "./regex-parse";
