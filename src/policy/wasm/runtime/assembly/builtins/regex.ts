// regex.* builtins over the native RE2-subset engine (regex-engine.ts).
import { Value, T_STRING, mkBool, mkStr, mkArray, arrPush, strLen, strPtr, needString, needNumber, toI64, lastInt,
  StrBuf } from "../api";
import { compileRegex, regexSearch, progCaps, runeWidth, caps, errCode } from "./regex-engine";
import { failBegin, part, partBytes, failNow, intTypeError } from "./fail";
import { heapEpoch, alloc } from "../heap";

// Compiled programs of this evaluation, keyed by pattern text (programs are read-only once built).
// Both the pattern bytes and the program live on the heap, so the cache is only trusted while
// heapEpoch is unchanged (every heap reset bumps it).
const CACHE_SLOTS: usize = 4;
let cacheEpoch: u32 = 0xffffffff;
let cacheNext: usize = 0;
let cachePat0: usize = 0, cacheLen0: usize = 0, cacheProg0: usize = 0;
let cachePat1: usize = 0, cacheLen1: usize = 0, cacheProg1: usize = 0;
let cachePat2: usize = 0, cacheLen2: usize = 0, cacheProg2: usize = 0;
let cachePat3: usize = 0, cacheLen3: usize = 0, cacheProg3: usize = 0;

// @ts-ignore: decorator
@inline function sameText(a: usize, alen: usize, p: usize, n: usize): bool {
  return a != 0 && alen == n && memory.compare(a, p, n) == 0;
}

function cachedProg(p: usize, n: usize): usize {
  if (cacheEpoch != heapEpoch) {
    cacheEpoch = heapEpoch; cacheNext = 0;
    cachePat0 = 0; cachePat1 = 0; cachePat2 = 0; cachePat3 = 0;
    return 0;
  }
  if (sameText(cachePat0, cacheLen0, p, n)) return cacheProg0;
  if (sameText(cachePat1, cacheLen1, p, n)) return cacheProg1;
  if (sameText(cachePat2, cacheLen2, p, n)) return cacheProg2;
  if (sameText(cachePat3, cacheLen3, p, n)) return cacheProg3;
  return 0;
}

/** Remembers prog under a private copy of the pattern text (the caller's bytes may be scratch). */
function cacheProg(pat: usize, n: usize, prog: usize): void {
  let p = alloc(n + 1); // +1: a non-zero address even for the empty pattern
  memory.copy(p, pat, n);
  switch (<i32>cacheNext) {
    case 0: cachePat0 = p; cacheLen0 = n; cacheProg0 = prog; break;
    case 1: cachePat1 = p; cacheLen1 = n; cacheProg1 = prog; break;
    case 2: cachePat2 = p; cacheLen2 = n; cacheProg2 = prog; break;
    default: cachePat3 = p; cacheLen3 = n; cacheProg3 = prog; break;
  }
  cacheNext = (cacheNext + 1) % CACHE_SLOTS;
}

/** The compiled pattern, or an eval_builtin_error "<name>: error parsing regexp: <why>: `<pattern>`". */
function compile(name: string, pat: Value): usize {
  let pp = strPtr(pat), pn = strLen(pat);
  let hit = cachedProg(pp, pn);
  if (hit != 0) return hit;
  let prog = compileRegex(pp, pn);
  if (prog != 0) cacheProg(pp, pn, prog);
  if (prog == 0) {
    failBegin(name);
    part("error parsing regexp: "); part(errCode); part(": `"); partBytes(strPtr(pat), strLen(pat)); part("`");
    failNow();
  }
  return prog;
}

function matchImpl(name: string, pat: Value, s: Value): Value {
  needString(name, 1, pat);
  needString(name, 2, s);
  let prog = compile(name, pat);
  return mkBool(regexSearch(prog, strPtr(s), strLen(s), 0));
}

export function builtin$regex$match(pat: Value, s: Value): Value { return matchImpl("regex.match", pat, s); }
export function builtin$re_match(pat: Value, s: Value): Value { return matchImpl("re_match", pat, s); }

export function builtin$regex$is_valid(pat: Value): Value {
  if (load<u8>(pat) != T_STRING) return mkBool(false);
  return mkBool(compileRegex(strPtr(pat), strLen(pat)) != 0);
}

// @ts-ignore: decorator
@inline function cap(i: usize): i32 { return load<i32>(caps + (i << 2)); }

// Go's FindAll iteration: after an empty match advance one rune; an empty match right after the
// previous match is skipped. Calls `each` for every accepted match (caps hold its groups).
let iterPos: usize = 0, iterPrevEnd: isize = -1;

function iterBegin(): void { iterPos = 0; iterPrevEnd = -1; }

/** Next accepted match at or after the iterator position; false when none. */
function iterNext(prog: usize, p: usize, n: usize): bool {
  while (iterPos <= n) {
    if (!regexSearch(prog, p, n, iterPos)) return false;
    let s = <usize>cap(0), e = <usize>cap(1);
    let accept = true;
    if (e == iterPos) {
      if (<isize>s == iterPrevEnd) accept = false;
      iterPos += iterPos < n ? runeWidth(p, n, iterPos) : 1;
    } else {
      iterPos = e;
    }
    iterPrevEnd = <isize>e;
    if (accept) return true;
  }
  return false;
}

function countArg(name: string, v: Value): i64 {
  needNumber(name, 3, v);
  if (!toI64(v)) intTypeError(name, 3);
  return lastInt();
}

export function builtin$regex$find_n(pat: Value, s: Value, nv: Value): Value {
  needString("regex.find_n", 1, pat);
  needString("regex.find_n", 2, s);
  let limit = countArg("regex.find_n", nv);
  let prog = compile("regex.find_n", pat);
  let p = strPtr(s), n = strLen(s);
  let r = mkArray(4);
  iterBegin();
  while ((limit < 0 || <i64>0 < limit) && iterNext(prog, p, n)) {
    arrPush(r, mkStr(p + <usize>cap(0), <usize>(cap(1) - cap(0))));
    if (limit > 0) limit--;
  }
  return r;
}

export function builtin$regex$find_all_string_submatch_n(pat: Value, s: Value, nv: Value): Value {
  let name = "regex.find_all_string_submatch_n";
  needString(name, 1, pat);
  needString(name, 2, s);
  let limit = countArg(name, nv);
  let prog = compile(name, pat);
  let p = strPtr(s), n = strLen(s);
  let ng = <usize>progCaps(prog);
  let r = mkArray(4);
  iterBegin();
  while ((limit < 0 || <i64>0 < limit) && iterNext(prog, p, n)) {
    let m = mkArray(ng);
    for (let g: usize = 0; g < ng; g++) {
      let a = cap(g << 1), b = cap((g << 1) | 1);
      arrPush(m, a < 0 || b < 0 ? mkStr(p, 0) : mkStr(p + <usize>a, <usize>(b - a)));
    }
    arrPush(r, m);
    if (limit > 0) limit--;
  }
  return r;
}

export function builtin$regex$split(pat: Value, s: Value): Value {
  needString("regex.split", 1, pat);
  needString("regex.split", 2, s);
  let prog = compile("regex.split", pat);
  let p = strPtr(s), n = strLen(s);
  let r = mkArray(4);
  if (n == 0 && strLen(pat) > 0) { arrPush(r, mkStr(p, 0)); return r; }
  let beg: usize = 0, end: usize = 0;
  iterBegin();
  while (iterNext(prog, p, n)) {
    end = <usize>cap(0);
    if (cap(1) != 0) arrPush(r, mkStr(p + beg, end - beg));
    beg = <usize>cap(1);
  }
  if (end != n) arrPush(r, mkStr(p + beg, n - beg));
  return r;
}

function isNameByte(c: u32): bool { return c - 48 <= 9 || (c | 32) - 97 < 26 || c == 95; }

/** Appends the replacement template with $1 / ${1} expanded (named groups expand to ""). */
function expand(tp: usize, tn: usize, p: usize, ncap: usize): void {
  let i: usize = 0;
  while (i < tn) {
    let c = <u32>load<u8>(tp + i);
    if (c != 36 || i + 1 >= tn) { StrBuf.byte(c); i++; continue; }
    let c2 = <u32>load<u8>(tp + i + 1);
    if (c2 == 36) { StrBuf.byte(36); i += 2; continue; }
    let s: usize, e: usize, after: usize;
    if (c2 == 123) {
      s = i + 2; e = s;
      while (e < tn && isNameByte(<u32>load<u8>(tp + e))) e++;
      if (e == s || e >= tn || load<u8>(tp + e) != 125) { StrBuf.byte(c); i++; continue; }
      after = e + 1;
    } else {
      s = i + 1; e = s;
      while (e < tn && isNameByte(<u32>load<u8>(tp + e))) e++;
      if (e == s) { StrBuf.byte(c); i++; continue; }
      after = e;
    }
    // numeric group reference
    let num: i64 = 0, numeric = true;
    for (let k = s; k < e; k++) {
      let d = <u32>load<u8>(tp + k) - 48;
      if (d > 9) { numeric = false; break; }
      num = num * 10 + <i64>d; if (num > 100000) num = 100000;
    }
    if (numeric && <usize>num < ncap) {
      let a = cap(<usize>num << 1), b = cap((<usize>num << 1) | 1);
      if (a >= 0 && b >= 0) StrBuf.bytes(p + <usize>a, <usize>(b - a));
    }
    i = after;
  }
}

export function builtin$regex$replace(s: Value, pat: Value, repl: Value): Value {
  needString("regex.replace", 1, s);
  needString("regex.replace", 2, pat);
  needString("regex.replace", 3, repl);
  let prog = compile("regex.replace", pat);
  let p = strPtr(s), n = strLen(s);
  let ncap = <usize>progCaps(prog);
  StrBuf.begin(n + 16);
  let lastEnd: usize = 0, searchPos: usize = 0;
  while (searchPos <= n) {
    if (!regexSearch(prog, p, n, searchPos)) break;
    let a = <usize>cap(0), b = <usize>cap(1);
    StrBuf.bytes(p + lastEnd, a - lastEnd);
    if (b > lastEnd || a == 0) expand(strPtr(repl), strLen(repl), p, ncap);
    lastEnd = b;
    let w: usize = searchPos < n ? runeWidth(p, n, searchPos) : 0;
    if (searchPos + w > b) searchPos += w;
    else if (searchPos + 1 > b) searchPos++;
    else searchPos = b;
  }
  StrBuf.bytes(p + lastEnd, n - lastEnd);
  return StrBuf.finish();
}
