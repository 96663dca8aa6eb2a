// value -> YAML text as sigs.k8s.io/yaml.Marshal writes it (go-yaml v2's encoder and emitter):
// keys in go-yaml's natural order, 2-space indentation, sequences under a key not indented,
// empty collections as {} and [], strings plain when they read back as the same string, else
// single or double quoted, multi-line strings as literal blocks, long lines folded after column 80.
import { Value, T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, StrBuf, alloc, strPtr, strLen,
  arrLen, arrAt, tblLen, tblKeyAt, tblValAt, tblSort, boolOf, formatNum, dumpValue } from "../api";
import { numKind, N_REF, numRefLen } from "../api";
import { resolvePlain, rKind, rUnsigned, rUint, rInt, rFloat, K_INT, K_FLOAT, bufU64, bufGoFloat,
  plainReadsAsString } from "./yaml-scalars";

const BEST_WIDTH: i32 = 80;
let column: i32 = 0;
let ws = true;        // the last thing written was whitespace (or nothing on this line)
let indention = true; // only indentation and indicators on this line so far

function putByte(b: u32): void { StrBuf.byte(b); if ((b & 0xc0) != 0x80) column++; }
function putBreak(): void { StrBuf.byte(10); column = 0; }
function putLit(s: string): void { for (let i = 0; i < s.length; i++) putByte(<u32>s.charCodeAt(i)); }

function writeIndent(indent: i32): void {
  if (indent < 0) indent = 0;
  if (!indention || column > indent || (column == indent && !ws)) putBreak();
  while (column < indent) putByte(32);
  ws = true; indention = true;
}

function indicator(s: string, needWs: bool, isWs: bool, isIndention: bool): void {
  if (needWs && !ws) putByte(32);
  putLit(s);
  ws = isWs; indention = indention && isIndention;
}

/** The YAML text of v (a document ending in a line break). */
export function emitYaml(v: Value): Value {
  StrBuf.begin(256);
  column = 0; ws = true; indention = true;
  emitNode(v, -1, false);
  writeIndent(0);
  return StrBuf.finish();
}

function emitNode(v: Value, indent: i32, mapValue: bool): void {
  let t = load<u8>(v);
  if (t == T_OBJECT && tblLen(v) > 0) { emitMap(v, indent < 0 ? 0 : indent + 2); return; }
  if ((t == T_ARRAY && arrLen(v) > 0) || (t == T_SET && tblLen(v) > 0)) {
    let indentless = mapValue && !indention;
    emitSeq(v, indent < 0 ? 0 : indentless ? indent : indent + 2);
    return;
  }
  if (t == T_OBJECT) { indicator("{", true, true, false); indicator("}", false, false, false); return; }
  if (t == T_ARRAY || t == T_SET) { indicator("[", true, true, false); indicator("]", false, false, false); return; }
  emitScalar(v, indent < 0 ? 2 : indent + 2, false);
}

function emitSeq(v: Value, indent: i32): void {
  let set = load<u8>(v) == T_SET;
  if (set) tblSort(v);
  let n = set ? tblLen(v) : arrLen(v);
  for (let i: usize = 0; i < n; i++) {
    writeIndent(indent);
    indicator("-", true, false, true);
    emitNode(set ? tblKeyAt(v, i) : arrAt(v, i), indent, false);
  }
}

function emitMap(v: Value, indent: i32): void {
  let n = tblLen(v);
  // keys as JSON strings, in go-yaml's order
  let keys = alloc(n << 2), idx = alloc(n << 2);
  for (let i: usize = 0; i < n; i++) {
    let k = tblKeyAt(v, i);
    if (load<u8>(k) != T_STRING) k = keyText(k);
    store<u32>(keys + (i << 2), <u32>k);
    let j = i;
    while (j > 0 && keyLess(k, <usize>load<u32>(keys + (<usize>load<u32>(idx + ((j - 1) << 2)) << 2)))) {
      store<u32>(idx + (j << 2), load<u32>(idx + ((j - 1) << 2)));
      j--;
    }
    store<u32>(idx + (j << 2), <u32>i);
  }
  for (let j: usize = 0; j < n; j++) {
    let i = <usize>load<u32>(idx + (j << 2));
    let k = <usize>load<u32>(keys + (i << 2));
    writeIndent(indent);
    if (isSimpleKey(k)) {
      emitString(k, indent + 2, true);
      indicator(":", false, false, false);
    } else { // long or multi-line keys: "? key" and ": value" on the next line
      indicator("?", true, false, true);
      emitString(k, indent + 2, false);
      writeIndent(indent);
      indicator(":", true, false, true);
    }
    emitNode(tblValAt(v, i), indent, true);
  }
}

/** go-yaml writes a key inline when it is at most 128 bytes on one line. */
function isSimpleKey(k: Value): bool {
  let p = strPtr(k), n = strLen(k);
  if (n > 128) return false;
  for (let i: usize = 0; i < n; i++) if (isBreakAt(p, i, n)) return false;
  return true;
}

/** A non-string key as the string of its JSON text. */
function keyText(k: Value): Value {
  let p = dumpValue(k, false);
  let n: usize = 0;
  while (load<u8>(p + n) != 0) n++;
  let s = alloc(16);
  store<u32>(s, <u32>T_STRING); store<u32>(s, <u32>n, 4); store<u32>(s, <u32>p, 8); store<u32>(s, 0, 12);
  return s;
}

function isLetter(c: u32): bool { return (c | 0x20) - 97 < 26 || c >= 0x80; }
function isDigitCp(c: u32): bool { return c - 48 < 10; }

let cpWidth: usize = 1;
function cpAt(p: usize, i: usize, n: usize): u32 {
  let c = <u32>load<u8>(p + i);
  cpWidth = 1;
  if (c < 0x80) return c;
  let w: usize = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
  if (i + w > n) return c;
  let cp = c & (w == 2 ? 0x1f : w == 3 ? 0x0f : 0x07);
  for (let k: usize = 1; k < w; k++) cp = (cp << 6) | (<u32>load<u8>(p + i + k) & 0x3f);
  cpWidth = w;
  return cp;
}

/** go-yaml's key order: letters after other characters, digit runs compared as numbers. */
function keyLess(a: Value, b: Value): bool {
  let ap = strPtr(a), an = strLen(a), bp = strPtr(b), bn = strLen(b);
  let i: usize = 0, j: usize = 0;
  let prevDigitNonZeroA = false;
  while (i < an && j < bn) {
    let ca = cpAt(ap, i, an); let wa = cpWidth;
    let cb = cpAt(bp, j, bn); let wb = cpWidth;
    if (ca == cb) {
      prevDigitNonZeroA = isDigitCp(ca) ? (prevDigitNonZeroA || ca != 48) : false;
      i += wa; j += wb; continue;
    }
    let al = isLetter(ca), bl = isLetter(cb);
    if (al && bl) return ca < cb;
    if (al || bl) return bl;
    // numbers: a run of digits starting here (after a non-zero digit prefix, zeros count)
    let av: i64 = 0, bv: i64 = 0;
    if ((ca == 48 || cb == 48) && prevDigitNonZeroA) { av = 1; bv = 1; }
    let ai = i, bi = j;
    while (ai < an && isDigitCp(load<u8>(ap + ai))) { av = av * 10 + <i64>(load<u8>(ap + ai) - 48); ai++; }
    while (bi < bn && isDigitCp(load<u8>(bp + bi))) { bv = bv * 10 + <i64>(load<u8>(bp + bi) - 48); bi++; }
    if (av != bv) return av < bv;
    if (ai != bi) return ai < bi;
    return ca < cb;
  }
  return an - i < bn - j;
}

function emitScalar(v: Value, indent: i32, key: bool): void {
  let t = load<u8>(v);
  if (t == T_STRING) { emitString(v, indent, key); return; }
  StrBuf.reserve(8);
  if (t == T_NULL) writePlainLit("null");
  else if (t == T_BOOLEAN) writePlainLit(boolOf(v) ? "true" : "false");
  else if (t == T_NUMBER) writeNumber(v);
}

function writePlainLit(s: string): void {
  if (!ws) putByte(32);
  putLit(s);
  ws = false; indention = false;
}

/** A number as go-yaml reads its JSON text back (int, uint64 or float64) and writes it. */
function writeNumber(v: Value): void {
  let buf = alloc(numKind(v) == N_REF ? numRefLen(v) + 8 : 48);
  let n = formatNum(buf, v);
  resolvePlain(buf, n);
  if (!ws) putByte(32);
  let start = StrBuf.len;
  if (rKind == K_INT) { if (rUnsigned) bufU64(rUint, false); else bufU64(<u64>(rInt < 0 ? -rInt : rInt), rInt < 0); }
  else if (rKind == K_FLOAT) bufGoFloat(rFloat, false);
  else StrBuf.bytes(buf, n);
  column += <i32>(StrBuf.len - start);
  ws = false; indention = false;
}

// ---- strings --------------------------------------------------------------------------------------

let multiline = false, plainAllowed = true, singleAllowed = true, blockAllowed = true;

function isPrintable(p: usize, i: usize, n: usize): bool {
  let c = <u32>load<u8>(p + i);
  let c1: u32 = i + 1 < n ? load<u8>(p + i + 1) : 0, c2: u32 = i + 2 < n ? load<u8>(p + i + 2) : 0;
  return c == 10 || (c >= 0x20 && c <= 0x7e) || (c == 0xc2 && c1 >= 0xa0) || (c > 0xc2 && c < 0xed) ||
    (c == 0xed && c1 < 0xa0) || c == 0xee ||
    (c == 0xef && !(c1 == 0xbb && c2 == 0xbf) && !(c1 == 0xbf && (c2 == 0xbe || c2 == 0xbf)));
}

function isBreakAt(p: usize, i: usize, n: usize): bool {
  let c = <u32>load<u8>(p + i);
  if (c == 10 || c == 13) return true;
  if (c == 0xc2 && i + 1 < n && load<u8>(p + i + 1) == 0x85) return true;
  return c == 0xe2 && i + 2 < n && load<u8>(p + i + 1) == 0x80 && (load<u8>(p + i + 2) & 0xfe) == 0xa8;
}

function width(c: u32): usize { return c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1; }

/** The emitter's scalar analysis: which styles can represent the text. */
function analyze(p: usize, n: usize): void {
  let blockInd = false, specials = false, lineBreaks = false;
  let leadSpace = false, leadBreak = false, trailSpace = false, trailBreak = false, breakSpace = false, spaceBreak = false;
  if (n >= 3 && ((load<u8>(p) == 45 && load<u8>(p + 1) == 45 && load<u8>(p + 2) == 45) ||
    (load<u8>(p) == 46 && load<u8>(p + 1) == 46 && load<u8>(p + 2) == 46))) blockInd = true;
  let precededByWs = true, prevSpace = false, prevBreak = false;
  for (let i: usize = 0; i < n; i += width(load<u8>(p + i))) {
    let c = <u32>load<u8>(p + i);
    let w = width(c);
    let followedByWs = i + w >= n || load<u8>(p + i + w) == 32 || load<u8>(p + i + w) == 9 || isBreakAt(p, i + w, n);
    if (i == 0) {
      if (c == 35 || c == 44 || c == 91 || c == 93 || c == 123 || c == 125 || c == 38 || c == 42 || c == 33 ||
        c == 124 || c == 62 || c == 39 || c == 34 || c == 37 || c == 64 || c == 96) blockInd = true;
      else if ((c == 63 || c == 58 || c == 45) && followedByWs) blockInd = true;
    } else if ((c == 58 && followedByWs) || (c == 35 && precededByWs)) blockInd = true;
    if (!isPrintable(p, i, n)) specials = true;
    if (c == 32) {
      if (i == 0) leadSpace = true;
      if (i + w == n) trailSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true; prevBreak = false;
    } else if (isBreakAt(p, i, n)) {
      lineBreaks = true;
      if (i == 0) leadBreak = true;
      if (i + w == n) trailBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false; prevBreak = true;
    } else { prevSpace = false; prevBreak = false; }
    precededByWs = c == 32 || c == 9 || isBreakAt(p, i, n);
  }
  multiline = lineBreaks;
  plainAllowed = !(leadSpace || leadBreak || trailSpace || trailBreak || breakSpace || spaceBreak || specials ||
    lineBreaks || blockInd);
  singleAllowed = !(breakSpace || spaceBreak || specials);
  blockAllowed = !(trailSpace || spaceBreak || specials);
}

const PLAIN = 0, SINGLE = 1, DOUBLE = 2, LITERAL = 3;

function emitString(s: Value, indent: i32, key: bool): void {
  let p = strPtr(s), n = strLen(s);
  analyze(p, n);
  let style = PLAIN;
  let hasNl = false;
  for (let i: usize = 0; i < n; i++) if (load<u8>(p + i) == 10) { hasNl = true; break; }
  if (hasNl) style = LITERAL;
  else if (!plainReadsAsString(p, n)) style = DOUBLE;
  if (key && multiline) style = DOUBLE;
  if (style == PLAIN && (!plainAllowed || (n == 0 && key))) style = SINGLE;
  if (style == SINGLE && !singleAllowed) style = DOUBLE;
  if (style == LITERAL && (!blockAllowed || key)) style = DOUBLE;
  let breaks = !key;
  if (style == PLAIN) writePlain(p, n, breaks, indent);
  else if (style == SINGLE) writeSingle(p, n, breaks, indent);
  else if (style == DOUBLE) writeDouble(p, n, breaks, indent);
  else writeLiteral(p, n, indent);
}

function copyChar(p: usize, i: usize): usize {
  let w = width(load<u8>(p + i));
  for (let k: usize = 0; k < w; k++) putByte(load<u8>(p + i + k));
  return w;
}

function writePlain(p: usize, n: usize, allowBreaks: bool, indent: i32): void {
  if (!ws) putByte(32);
  let spaces = false;
  for (let i: usize = 0; i < n;) {
    let c = load<u8>(p + i);
    if (c == 32) {
      if (allowBreaks && !spaces && column > BEST_WIDTH && !(i + 1 < n && load<u8>(p + i + 1) == 32)) writeIndent(indent);
      else putByte(32);
      i++; spaces = true;
    } else { i += copyChar(p, i); indention = false; spaces = false; }
  }
  ws = false; indention = false;
}

function writeSingle(p: usize, n: usize, allowBreaks: bool, indent: i32): void {
  indicator("'", true, false, false);
  let spaces = false;
  for (let i: usize = 0; i < n;) {
    let c = load<u8>(p + i);
    if (c == 32) {
      if (allowBreaks && !spaces && column > BEST_WIDTH && i != 0 && i != n - 1 && load<u8>(p + i + 1) != 32) writeIndent(indent);
      else putByte(32);
      i++; spaces = true;
    } else {
      if (c == 39) putByte(39);
      i += copyChar(p, i); indention = false; spaces = false;
    }
  }
  indicator("'", false, false, false);
}

const HEX = "0123456789ABCDEF";

function writeDouble(p: usize, n: usize, allowBreaks: bool, indent: i32): void {
  indicator("\"", true, false, false);
  let spaces = false;
  for (let i: usize = 0; i < n;) {
    let c = <u32>load<u8>(p + i);
    let bom = c == 0xef && i + 2 < n && load<u8>(p + i + 1) == 0xbb && load<u8>(p + i + 2) == 0xbf;
    if (!isPrintable(p, i, n) || bom || isBreakAt(p, i, n) || c == 34 || c == 92) {
      let w = width(c);
      let v = w == 1 ? c : c & (w == 2 ? 0x1f : w == 3 ? 0x0f : 0x07);
      for (let k: usize = 1; k < w && i + k < n; k++) v = (v << 6) | (<u32>load<u8>(p + i + k) & 0x3f);
      i += w;
      putByte(92);
      switch (v) {
        case 0: putByte(48); break; case 7: putByte(97); break; case 8: putByte(98); break;
        case 9: putByte(116); break; case 10: putByte(110); break; case 11: putByte(118); break;
        case 12: putByte(102); break; case 13: putByte(114); break; case 27: putByte(101); break;
        case 34: putByte(34); break; case 92: putByte(92); break; case 0x85: putByte(78); break;
        case 0xa0: putByte(95); break; case 0x2028: putByte(76); break; case 0x2029: putByte(80); break;
        default: {
          let digits = v <= 0xff ? 2 : v <= 0xffff ? 4 : 8;
          putByte(digits == 2 ? 120 : digits == 4 ? 117 : 85);
          for (let k = digits - 1; k >= 0; k--) putByte(<u32>HEX.charCodeAt((v >> (<u32>k * 4)) & 15));
        }
      }
      spaces = false;
    } else if (c == 32) {
      if (allowBreaks && !spaces && column > BEST_WIDTH && i != 0 && i != n - 1) {
        writeIndent(indent);
        if (load<u8>(p + i + 1) == 32) putByte(92);
      } else putByte(32);
      i++; spaces = true;
    } else { i += copyChar(p, i); spaces = false; }
  }
  indicator("\"", false, false, false);
}

function writeLiteral(p: usize, n: usize, indent: i32): void {
  indicator("|", true, false, false);
  if (n > 0 && (load<u8>(p) == 32 || isBreakAt(p, 0, n))) indicator("2", false, false, false);
  // chomping: '-' without a final break, '+' when the text ends in more than one (or is just one)
  let last = n - 1;
  while (last > 0 && (load<u8>(p + last) & 0xc0) == 0x80) last--;
  if (n == 0 || !isBreakAt(p, last, n)) indicator("-", false, false, false);
  else if (last == 0) indicator("+", false, false, false);
  else {
    let prev = last - 1;
    while (prev > 0 && (load<u8>(p + prev) & 0xc0) == 0x80) prev--;
    if (isBreakAt(p, prev, n)) indicator("+", false, false, false);
  }
  putBreak();
  indention = true; ws = true;
  let breaks = true;
  for (let i: usize = 0; i < n;) {
    if (isBreakAt(p, i, n)) {
      i += width(load<u8>(p + i));
      putBreak();
      indention = true; breaks = true;
    } else {
      if (breaks) writeIndent(indent);
      i += copyChar(p, i);
      indention = false; breaks = false;
    }
  }
}
