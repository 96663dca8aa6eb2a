// Lexical layer of the YAML parser: the cursor (with line numbers), comments and blank lines,
// scalars (plain with line folding, single/double quoted with escapes, literal/folded block
// scalars with chomping and indentation indicators), anchors' names, tags, and the error state.
import { Value, mkStr, alloc, StrBuf, utf8Encode } from "../api";

export let src: usize = 0;
export let end: usize = 0;
export let pos: usize = 0;
let line: i32 = 1;
let lineStart: usize = 0;

export let failed = false;
export let flowLevel: i32 = 0;
export function enterFlow(d: i32): void { flowLevel += d; }
let errMsg: string = "";
let errLine: i32 = 0;
let errDetail: Value = 0;
let errTail: string = "";
let errNoLine = false;
let errDecoder = false;

// Tags that change how a scalar is read.
export const TAG_NONE: i32 = 0;
export const TAG_STR: i32 = 1;
export const TAG_INT: i32 = 2;
export const TAG_FLOAT: i32 = 3;
export const TAG_BOOL: i32 = 4;
export const TAG_NULL: i32 = 5;
export const TAG_OTHER: i32 = 6; // any other tag: scalars stay strings

/** Starts scanning p[0..n) (CR and CRLF line breaks are read as LF, a leading BOM is skipped). */
export function resetScan(p: usize, n: usize): void {
  let hasCR = false;
  for (let i: usize = 0; i < n; i++) if (load<u8>(p + i) == 13) { hasCR = true; break; }
  if (hasCR) {
    let q = alloc(n), m: usize = 0;
    for (let i: usize = 0; i < n; i++) {
      let c = load<u8>(p + i);
      if (c == 13) { if (i + 1 < n && load<u8>(p + i + 1) == 10) continue; c = 10; }
      store<u8>(q + m++, c);
    }
    p = q; n = m;
  }
  if (n >= 3 && load<u8>(p) == 0xef && load<u8>(p + 1) == 0xbb && load<u8>(p + 2) == 0xbf) { p += 3; n -= 3; }
  src = p; end = p + n; pos = p; line = 1; lineStart = p;
  flowLevel = 0; failed = false; errMsg = ""; errDetail = 0; errTail = ""; errNoLine = false; errDecoder = false;
}

export function setPos(p: usize): void { pos = p; }
// @ts-ignore: decorator
@inline export function ch(): u32 { return pos < end ? <u32>load<u8>(pos) : 0; }
export function at(k: usize): u32 { return pos + k < end ? <u32>load<u8>(pos + k) : 0; }
export function blankz(p: usize): bool {
  if (p >= end) return true;
  let c = load<u8>(p);
  return c == 32 || c == 9 || c == 10;
}
export function col(): i32 { return <i32>(pos - lineStart); }
export function newline(): void { pos++; line++; lineStart = pos; }
export function skipSpaces(): void { while (pos < end && (load<u8>(pos) == 32 || load<u8>(pos) == 9)) pos++; }

/** Skips blanks, comments and line breaks; true when the content reached starts its line. */
export function skipToContent(tabsOk: bool = false): bool {
  let crossed = false;
  while (pos < end) {
    // go-yaml skips tabs only in flow context and after a scalar, not in indentation or after ':' or '-'
    while (pos < end && (load<u8>(pos) == 32 || (load<u8>(pos) == 9 && tabsOk))) pos++;
    let c = ch();
    if (c == 9) { fail("found character that cannot start any token"); return false; }
    if (c == 35) { while (pos < end && ch() != 10) pos++; continue; }
    if (c == 10) { newline(); crossed = true; tabsOk = flowLevel > 0; continue; }
    break;
  }
  if (!crossed) { // already at the first content of a line (an earlier node skipped the break)
    crossed = true;
    for (let q = lineStart; q < pos; q++) if (load<u8>(q) != 32 && load<u8>(q) != 9) { crossed = false; break; }
  }
  return crossed;
}

/** "---" or "..." at the start of a line. */
export function isDocMarker(): bool {
  if (pos != lineStart || pos + 3 > end) return false;
  let c = load<u8>(pos);
  if (c != 45 && c != 46) return false;
  return load<u8>(pos + 1) == c && load<u8>(pos + 2) == c && blankz(pos + 3);
}

export function fail(msg: string): Value {
  if (!failed) {
    failed = true; errMsg = msg;
    errLine = pos >= end && pos == lineStart && line > 1 ? line - 1 : line;
  }
  pos = end;
  return 0;
}

/** A failure of the JSON conversion after parsing (no line number). */
export function failPlain(msg: string): Value {
  if (!failed) { fail(msg); errNoLine = true; }
  return 0;
}

/** A failure of go-yaml's decoder (its message has no line): msg + detail's text + tail. */
export function failWith(msg: string, detail: Value, tail: string): Value {
  if (!failed) { fail(msg); errDetail = detail; errTail = tail; errDecoder = true; }
  return 0;
}

/** go-yaml's message: "yaml: line N: <problem>", or the JSON conversion's message. */
export function errorText(): Value {
  StrBuf.begin(64);
  if (errNoLine) StrBuf.lit(errMsg);
  else if (errDecoder) { StrBuf.lit("yaml: "); StrBuf.lit(errMsg); }
  else {
    StrBuf.lit("yaml: line ");
    let buf = alloc(16), k: usize = 0, x = errLine;
    do { store<u8>(buf + k++, <u8>(48 + x % 10)); x /= 10; } while (x != 0);
    for (let i: usize = 0; i < k; i++) StrBuf.byte(load<u8>(buf + k - 1 - i));
    StrBuf.lit(": "); StrBuf.lit(errMsg);
  }
  if (errDetail != 0) { StrBuf.bytes(<usize>load<u32>(errDetail, 8), <usize>load<u32>(errDetail, 4)); StrBuf.lit(errTail); }
  return StrBuf.finish();
}

function isAlnum(c: u32): bool {
  return c - 48 < 10 || (c | 0x20) - 97 < 26 || c == 95 || c == 45;
}

/** An anchor's or alias's name (after & or *). */
export function readName(): Value {
  let s = pos;
  while (pos < end && isAlnum(load<u8>(pos))) pos++;
  if (pos == s) return fail("did not find expected alphabetic or numeric character");
  return mkStr(s, pos - s);
}

function isFlowInd(c: u32): bool { return c == 44 || c == 91 || c == 93 || c == 123 || c == 125; }

function tagIs(p: usize, n: usize, s: string): bool {
  if (n != <usize>s.length) return false;
  for (let i: usize = 0; i < n; i++) if (<u32>load<u8>(p + i) != <u32>s.charCodeAt(<i32>i)) return false;
  return true;
}

/** A tag (!!type, !<uri>, !local); returns which scalar reading it asks for. */
export function readTag(): i32 {
  let s = pos;
  while (pos < end && !blankz(pos) && !isFlowInd(load<u8>(pos))) pos++;
  let p = s, n = pos - s;
  if (n > 2 && load<u8>(p + 1) == 33) { p += 2; n -= 2; }
  else if (n > 20 && tagIs(p, 20, "!<tag:yaml.org,2002:")) { p += 20; n -= 21; }
  else return TAG_OTHER;
  if (tagIs(p, n, "str")) return TAG_STR;
  if (tagIs(p, n, "int")) return TAG_INT;
  if (tagIs(p, n, "float")) return TAG_FLOAT;
  if (tagIs(p, n, "bool")) return TAG_BOOL;
  if (tagIs(p, n, "null")) return TAG_NULL;
  if (tagIs(p, n, "map") || tagIs(p, n, "seq") || tagIs(p, n, "merge")) return TAG_NONE;
  return TAG_OTHER;
}

// ---- node properties --------------------------------------------------------------------------

/** What readProperties found: the &anchor name (0 when none) and the !tag. */
export let propName: Value = 0;
export let propTag: i32 = TAG_NONE;

/** Reads &anchor and !tag in any order, starting from `tag`; in flow context they may span lines. */
export function readProperties(tag: i32, inFlow: bool): bool {
  propName = 0;
  propTag = tag;
  while (pos < end) {
    let b = ch();
    if (b == 38) { setPos(pos + 1); propName = readName(); }
    else if (b == 33) propTag = readTag();
    else break;
    if (failed) return false;
    if (inFlow) skipToContent(true); else skipSpaces();
  }
  return true;
}

// ---- plain scalars --------------------------------------------------------------------------------

export let plainLines: i32 = 1;
export let plainMerge = false;

/** Scans one line of a plain scalar from pos; returns the end of its text (trailing blanks dropped). */
function plainLine(flow: bool): usize {
  let last = pos;
  while (pos < end) {
    let c = <u32>load<u8>(pos);
    if (c == 10) break;
    if (c == 58 && blankz(pos + 1)) break;
    if (flow && (isFlowInd(c) || c == 63)) break;
    if (c == 32 || c == 9) {
      let q = pos;
      while (q < end && (load<u8>(q) == 32 || load<u8>(q) == 9)) q++;
      if (q >= end || load<u8>(q) == 10 || load<u8>(q) == 35) { pos = q; break; }
      pos = q;
      continue;
    }
    pos++;
    last = pos;
  }
  return last;
}

/**
 * A plain scalar's text. mode 0: block value (continues on lines indented more than parent),
 * 1: block mapping key (one line), 2: flow context.
 */
export function scanPlain(parent: i32, mode: i32): Value {
  plainLines = 1;
  let flow = mode == 2;
  let start = pos;
  let e = plainLine(flow);
  let building = false;
  while (mode != 1 && ch() == 10) {
    let sp = pos, sl = line, sls = lineStart;
    let breaks = 0;
    while (ch() == 10) { newline(); breaks++; skipSpaces(); }
    let c = ch();
    if (pos >= end || c == 35 || isDocMarkerAtLine() || (!flow && col() <= parent) ||
      (flow && (isFlowInd(c) || c == 63 || (c == 58 && blankz(pos + 1)))) || (c == 58 && blankz(pos + 1))) {
      pos = sp; line = sl; lineStart = sls;
      break;
    }
    if (!building) { StrBuf.begin(64 + (e - start)); StrBuf.bytes(start, e - start); building = true; }
    if (breaks == 1) StrBuf.byte(32); else for (let i = 1; i < breaks; i++) StrBuf.byte(10);
    let ls = pos;
    let le = plainLine(flow);
    StrBuf.bytes(ls, le - ls);
    plainLines++;
  }
  plainMerge = !building && e - start == 2 && load<u16>(start) == 0x3c3c;
  return building ? StrBuf.finish() : mkStr(start, e - start);
}

function isDocMarkerAtLine(): bool { return isDocMarker(); }

// ---- quoted scalars -------------------------------------------------------------------------------

function hexVal(c: u32): i32 {
  if (c - 48 < 10) return <i32>(c - 48);
  let l = c | 0x20;
  if (l - 97 < 6) return <i32>(l - 87);
  return -1;
}

/** '...' or "..." with line folding; double quotes take YAML's escapes. */
export function quoted(dbl: bool): Value {
  let q: u32 = dbl ? 34 : 39;
  pos++;
  StrBuf.begin(32);
  while (true) {
    if (pos >= end) return fail("found unexpected end of stream");
    let c = ch();
    if (c == q) {
      if (!dbl && at(1) == 39) { StrBuf.byte(39); pos += 2; continue; }
      pos++;
      break;
    }
    if (dbl && c == 92) {
      let e = at(1);
      pos += 2;
      if (e == 10) { pos--; newline(); skipSpaces(); continue; }
      let code: i32 = -1, digits = 0;
      switch (e) {
        case 48: code = 0; break; case 97: code = 7; break; case 98: code = 8; break;
        case 116: case 9: code = 9; break; case 110: code = 10; break; case 118: code = 11; break;
        case 102: code = 12; break; case 114: code = 13; break; case 101: code = 27; break;
        case 32: code = 32; break; case 34: code = 34; break; case 47: code = 47; break;
        case 92: code = 92; break; case 78: code = 0x85; break; case 95: code = 0xa0; break;
        case 76: code = 0x2028; break; case 80: code = 0x2029; break;
        case 120: digits = 2; break; case 117: digits = 4; break; case 85: digits = 8; break;
        default: return fail("found unknown escape character while parsing a quoted scalar");
      }
      if (digits > 0) {
        code = 0;
        for (let i = 0; i < digits; i++) {
          let h = hexVal(ch());
          if (h < 0) return fail("did not find expected hexdecimal number");
          code = (code << 4) | h; pos++;
        }
        if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return fail("found invalid Unicode character escape code");
      }
      StrBuf.reserve(4);
      StrBuf.len += utf8Encode(StrBuf.ptr + StrBuf.len, <u32>code);
      continue;
    }
    if (c == 32 || c == 9) {
      let ws = pos;
      skipSpaces();
      if (ch() != 10) StrBuf.bytes(ws, pos - ws);
      continue;
    }
    if (c == 10) {
      let breaks = 0;
      while (ch() == 10) {
        newline(); breaks++;
        if (isDocMarker()) return fail("found unexpected document indicator");
        skipSpaces();
      }
      if (breaks == 1) StrBuf.byte(32); else for (let i = 1; i < breaks; i++) StrBuf.byte(10);
      continue;
    }
    StrBuf.byte(c); pos++;
  }
  return StrBuf.finish();
}

// ---- block scalars --------------------------------------------------------------------------------

/** `|` or `>` with optional chomping (+/-) and indentation (1-9) indicators. */
export function blockScalar(parent: i32, folded: bool, tag: i32): Value {
  pos++;
  let chomp = 0, inc = 0;
  for (let k = 0; k < 2; k++) {
    let c = ch();
    if (c == 43 || c == 45) { if (chomp != 0) break; chomp = c == 43 ? 1 : -1; pos++; }
    else if (c - 49 < 9) { if (inc != 0) break; inc = <i32>(c - 48); pos++; }
    else if (c == 48) return fail("found an indentation indicator equal to 0");
    else break;
  }
  skipSpaces();
  if (ch() == 35) while (pos < end && ch() != 10) pos++;
  if (pos < end && ch() != 10) return fail("did not find expected comment or line break");
  if (pos < end) newline();
  let indent: i32;
  if (inc > 0) indent = parent >= 0 ? parent + inc : inc;
  else {
    let maxCol: i32 = 0, p = pos;
    while (p < end) {
      let k: i32 = 0;
      while (p + <usize>k < end && load<u8>(p + <usize>k) == 32) k++;
      if (k > maxCol) maxCol = k;
      if (p + <usize>k < end && load<u8>(p + <usize>k) == 10) { p += <usize>k + 1; continue; }
      break;
    }
    indent = maxCol;
    if (indent < parent + 1) indent = parent + 1;
    if (indent < 1) indent = 1;
  }
  StrBuf.begin(64);
  let pending = 0, seen = false, prevMore = false;
  while (pos < end) {
    let k: i32 = 0;
    while (k < indent && ch() == 32) { pos++; k++; }
    if (pos >= end) break;
    if (ch() == 10) { pending++; newline(); continue; }
    if (k < indent) { pos = lineStart; break; }
    let more = ch() == 32 || ch() == 9;
    if (seen && folded && !prevMore && !more) {
      if (pending == 1) StrBuf.byte(32); else for (let i = 1; i < pending; i++) StrBuf.byte(10);
    } else for (let i = 0; i < pending; i++) StrBuf.byte(10);
    let s = pos;
    while (pos < end && ch() != 10) pos++;
    StrBuf.bytes(s, pos - s);
    seen = true; prevMore = more; pending = 0;
    if (pos < end) { newline(); pending = 1; }
  }
  if (chomp == 0 && seen && pending > 0) StrBuf.byte(10);
  else if (chomp == 1) for (let i = 0; i < pending; i++) StrBuf.byte(10);
  return StrBuf.finish();
}
