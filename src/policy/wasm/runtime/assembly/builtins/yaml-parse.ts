// YAML text -> value for the first document, as sigs.k8s.io/yaml.Unmarshal (go-yaml v2, then JSON)
// sees it: block and flow collections, plain/quoted/block scalars, anchors, aliases, merge keys and
// the core tags. Failures set `failed` with go-yaml's wording and a line number instead of aborting,
// so yaml.is_valid can use the same parser.
import { Value, T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, N_INT, N_FLOAT, mkNull, mkStr, mkArray,
  arrPush, arrLen, arrAt, mkObject, tblInsert, tblLen, tblKeyAt, tblValAt, objGet, alloc, strPtr, strLen, StrBuf,
  mkStrLit, mkFloat, numFromF64, boolOf, formatNum } from "../api";
import { numKind, numFloatOf, N_REF, numRefLen } from "../api";
import { resolvePlain, rKind, rFloat, K_STR, K_INT, K_FLOAT, K_BOOL, K_NULL, bufGoFloat } from "./yaml-scalars";
import { flowNode } from "./yaml-flow";
import { pos, end, setPos, ch, at, blankz, col, newline, skipSpaces, skipToContent, isDocMarker, fail, failed,
  resetScan, readProperties, propName, propTag, readName, quoted, scanPlain, plainLines, plainMerge, blockScalar, TAG_NONE, TAG_STR,
  TAG_INT, TAG_FLOAT, TAG_BOOL, TAG_NULL, TAG_OTHER, failWith, failPlain } from "./yaml-scan";

const MAX_DEPTH: i32 = 1000;
let depth: i32 = 0;
let anchors: Value = 0;

// Node contexts in block collections.
const CTX_DOC: i32 = 0;
const CTX_MAPVAL: i32 = 1;
const CTX_SEQITEM: i32 = 2;

/** Parses the first document of the text; 0 when it is not YAML (see scan.ts failure state). */
export function parseYaml(p: usize, n: usize): Value {
  resetScan(p, n);
  depth = 0;
  anchors = mkObject();
  floatKey = 0;
  skipToContent();
  while (pos < end && col() == 0 && ch() == 37) { // %YAML / %TAG directives
    while (pos < end && ch() != 10) setPos(pos + 1);
    skipToContent();
  }
  if (isDocMarker() && ch() == 45) setPos(pos + 3);
  let v = blockNode(-1, CTX_DOC);
  if (failed) return 0;
  skipToContent(true);
  if (failed) return 0;
  if (pos < end && !isDocMarker()) return fail("did not find expected <document start>");
  if (!jsonSafe(v)) return 0;
  return v;
}

/** Registers an anchor (a string value naming it) for v. */
export function anchor(name: Value, v: Value): Value {
  if (name != 0 && v != 0) tblInsert(anchors, name, v);
  return v;
}

export function alias(): Value {
  setPos(pos + 1);
  let name = readName();
  if (failed) return 0;
  let v = objGet(anchors, name);
  if (v == 0) return failWith("unknown anchor '", name, "' referenced");
  return v;
}

// The last float read from text, so that as a map key it is written from its float64 value.
let floatKey: Value = 0;
let floatKeyValue: f64 = 0;

/** A scalar from its text and tag; plain text without a tag is resolved (YAML 1.1 types). */
export function scalar(s: Value, plain: bool, tag: i32): Value {
  if ((tag == TAG_NONE && !plain) || tag == TAG_STR || tag == TAG_OTHER) return s;
  let v = resolvePlain(strPtr(s), strLen(s));
  if (rKind == K_FLOAT) { floatKey = v; floatKeyValue = rFloat; }
  if (tag == TAG_NONE) return v;
  let k = rKind;
  if (tag == TAG_INT && k == K_INT || tag == TAG_BOOL && k == K_BOOL || tag == TAG_NULL && k == K_NULL ||
    tag == TAG_FLOAT && k == K_FLOAT) return v;
  if (tag == TAG_FLOAT && k == K_INT) return numFromF64(<f64>parseFloatOf(v));
  return failWith(k == K_STR ? "cannot decode !!str `" : k == K_INT ? "cannot decode !!int `" :
    k == K_FLOAT ? "cannot decode !!float `" : k == K_BOOL ? "cannot decode !!bool `" : "cannot decode !!null `", s,
    tag == TAG_INT ? "` as a !!int" : tag == TAG_FLOAT ? "` as a !!float" : tag == TAG_BOOL ? "` as a !!bool" : "` as a !!null");
}

function parseFloatOf(v: Value): f64 {
  return numKind(v) == N_INT ? <f64>load<i64>(v, 8) : numFloatOf(v);
}

/** Map keys become strings as sigs.k8s.io/yaml does (numbers and booleans by their text). */
export function insertKey(obj: Value, key: Value, v: Value): void {
  let t = load<u8>(key);
  let ks: Value = key;
  if (t == T_STRING) ks = key;
  else if (t == T_BOOLEAN) ks = mkStrLit(boolOf(key) ? "true" : "false");
  else if (t == T_NUMBER) {
    StrBuf.begin(32);
    if (key == floatKey) bufGoFloat(floatKeyValue, true); // sigs.k8s.io/yaml: FormatFloat(f, 'g', -1, 32)
    else if (numKind(key) == N_FLOAT) bufGoFloat(numFloatOf(key), true);
    else {
      StrBuf.reserve(numKind(key) == N_REF ? numRefLen(key) + 8 : 48);
      StrBuf.len += formatNum(StrBuf.ptr + StrBuf.len, key);
    }
    ks = StrBuf.finish();
  } else { failPlain("unsupported map key"); return; }
  tblInsert(obj, ks, v);
}

/** `<<: map` or `<<: [maps]` copies entries into obj (later sequence entries first, as go-yaml v2). */
export function merge(obj: Value, v: Value): void {
  if (load<u8>(v) == T_OBJECT) { mergeOne(obj, v); return; }
  if (load<u8>(v) == T_ARRAY) {
    for (let i = <i32>arrLen(v) - 1; i >= 0; i--) {
      let m = arrAt(v, <usize>i);
      if (load<u8>(m) != T_OBJECT) { failWith("map merge requires map or sequence of maps as the value", 0, ""); return; }
      mergeOne(obj, m);
    }
    return;
  }
  failWith("map merge requires map or sequence of maps as the value", 0, "");
}

function mergeOne(obj: Value, m: Value): void {
  let n = tblLen(m);
  for (let i: usize = 0; i < n; i++) tblInsert(obj, tblKeyAt(m, i), tblValAt(m, i));
}

function isSeqEntry(): bool { return ch() == 45 && blankz(pos + 1); }

export function blockNode(parent: i32, ctx: i32): Value {
  if (++depth > MAX_DEPTH) return fail("exceeded max depth");
  let v = blockNode0(parent, ctx);
  depth--;
  return v;
}

function blockNode0(parent: i32, ctx: i32): Value {
  let crossed = skipToContent();
  if (pos >= end || isDocMarker()) return mkNull();
  let c = col();
  if (crossed && c <= parent) {
    if (ctx == CTX_MAPVAL && c == parent && isSeqEntry()) return blockSeq(c);
    return mkNull();
  }
  let sameLine = !crossed && ctx == CTX_MAPVAL;
  let c0 = c;
  // properties: &anchor and !tag
  if (!readProperties(TAG_NONE, false)) return 0;
  let name = propName, tag = propTag;
  if ((name != 0 || tag != TAG_NONE) && (pos >= end || ch() == 10 || ch() == 35)) {
    // the node itself starts on a later line
    let v = blockNode(parent, ctx == CTX_DOC ? CTX_DOC : CTX_MAPVAL);
    if (failed) return 0;
    if (tag != TAG_NONE && load<u8>(v) == T_NULL && (tag == TAG_STR || tag == TAG_OTHER)) v = mkStr(0, 0);
    return anchor(name, v);
  }
  let b = ch();
  c = col();
  if (b == 45 && blankz(pos + 1)) {
    if (sameLine) return fail("block sequence entries are not allowed in this context");
    return anchor(name, blockSeq(c));
  }
  if (b == 63 && blankz(pos + 1)) {
    if (sameLine) return fail("mapping values are not allowed in this context");
    return anchor(name, blockMap(c, 0, false));
  }
  if (b == 124 || b == 62) return anchor(name, blockScalar(parent, b == 62, tag));
  if (b == 91 || b == 123) {
    let v = flowNode(tag);
    if (failed) return 0;
    skipSpaces();
    if (ch() == 58 && blankz(pos + 1)) return fail("unsupported map key");
    return anchor(name, v);
  }
  if (b == 64 || b == 96 || b == 37) return fail("found character that cannot start any token");
  if (b == 44 || b == 93 || b == 125) return fail("did not find expected node content");
  // alias or scalar, which may turn out to be the first key of a block mapping
  let k: Value, isMerge = false, lines = 1;
  if (b == 42) {
    if (name != 0 || tag != TAG_NONE) return fail("an alias cannot have properties");
    k = alias();
  } else if (b == 34 || b == 39) {
    let s = quoted(b == 34);
    if (failed) return 0;
    k = scalar(s, false, tag);
  } else {
    let s = scanPlain(parent, 0);
    if (failed) return 0;
    lines = plainLines;
    isMerge = tag == TAG_NONE && plainMerge;
    k = scalar(s, true, tag);
  }
  if (failed) return 0;
  skipSpaces();
  if (ch() == 58 && blankz(pos + 1)) {
    if (sameLine || lines > 1) return fail("mapping values are not allowed in this context");
    anchor(name, k);
    return blockMap(c0, k, isMerge); // the mapping starts where the key's properties do
  }
  return anchor(name, k);
}

/** A key of a block mapping after the first: properties, then an alias or one-line scalar and ':'. */
function mapKey(): bool {
  if (!readProperties(TAG_NONE, false)) return false;
  let name = propName, tag = propTag;
  let b = ch(), k: Value = 0;
  keyMerge = false;
  if (b == 42) k = alias();
  else if (b == 34 || b == 39) { let s = quoted(b == 34); if (!failed) k = scalar(s, false, tag); }
  else if (b == 91 || b == 123 || (b == 45 && blankz(pos + 1))) { fail("did not find expected key"); return false; }
  else {
    let s = scanPlain(-1, 1);
    if (!failed) {
      keyMerge = tag == TAG_NONE && plainMerge;
      k = scalar(s, true, tag);
    }
  }
  if (failed) return false;
  skipSpaces();
  if (!(ch() == 58 && blankz(pos + 1))) { fail("could not find expected ':'"); return false; }
  anchor(name, k);
  curKey = k;
  return true;
}

let curKey: Value = 0;
let keyMerge = false;

/** A block mapping at column c; firstKey 0 means its first entry is an explicit "? key". */
function blockMap(c: i32, firstKey: Value, firstMerge: bool): Value {
  let obj = mkObject();
  let key = firstKey, isMerge = firstMerge;
  while (true) {
    let v: Value;
    if (key == 0) { // "? key" then optionally ": value" at the same column
      setPos(pos + 1);
      key = blockNode(c, CTX_SEQITEM);
      if (failed) return 0;
      let crossed = skipToContent(true);
      if (crossed && pos < end && !isDocMarker() && col() == c && ch() == 58 && blankz(pos + 1)) {
        setPos(pos + 1);
        v = blockNode(c, CTX_SEQITEM);
      } else v = mkNull();
    } else {
      setPos(pos + 1); // ':'
      v = blockNode(c, CTX_MAPVAL);
    }
    if (failed) return 0;
    if (isMerge) merge(obj, v); else insertKey(obj, key, v);
    if (failed) return 0;
    let crossed = skipToContent(true);
    if (pos >= end || isDocMarker()) break;
    let cc = col();
    if (crossed && cc < c) break;
    if (!crossed || cc > c) return fail("did not find expected key");
    if (ch() == 63 && blankz(pos + 1)) { key = 0; isMerge = false; continue; }
    if (!mapKey()) return 0;
    key = curKey; isMerge = keyMerge;
  }
  return obj;
}

function blockSeq(c: i32): Value {
  let arr = mkArray(4);
  while (true) {
    setPos(pos + 1); // '-'
    let v = blockNode(c, CTX_SEQITEM);
    if (failed) return 0;
    arrPush(arr, v);
    let crossed = skipToContent(true);
    if (pos >= end || isDocMarker()) break;
    let cc = col();
    if (crossed && cc < c) break;
    if (!crossed || cc > c) return fail("did not find expected '-' indicator");
    if (!isSeqEntry()) break; // a key after an indentless sequence, or an error the caller reports
  }
  return arr;
}

/** JSON has no NaN or infinities: sigs.k8s.io/yaml fails to convert them. */
function jsonSafe(v: Value): bool {
  let t = load<u8>(v);
  if (t == T_NUMBER && numKind(v) == N_FLOAT && !isFinite(numFloatOf(v))) {
    let f = numFloatOf(v);
    failPlain(isNaN(f) ? "json: unsupported value: NaN" : f > 0 ? "json: unsupported value: +Inf" : "json: unsupported value: -Inf");
    return false;
  }
  if (t == T_ARRAY) { for (let i: usize = 0; i < arrLen(v); i++) if (!jsonSafe(arrAt(v, i))) return false; }
  else if (t == T_OBJECT) { for (let i: usize = 0; i < tblLen(v); i++) if (!jsonSafe(tblValAt(v, i))) return false; }
  return true;
}
