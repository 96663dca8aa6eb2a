// json.patch (RFC 6902 operations add/remove/replace/move/copy/test, extended to sets as OPA
// does: a set element is addressed by its value). Values are rebuilt along the edited path, never
// mutated. Any failing operation makes the result undefined, as in OPA.
import { Value, T_STRING, T_NUMBER, T_ARRAY, T_OBJECT, T_SET, mkArray, arrPush, arrLen, arrAt, mkObjectCap,
  mkSetCap, tblLen, tblKeyAt, tblValAt, tblFind, tblInsert, tblAppendUnique, objGet, equal, strLen, strPtr,
  mkStrLit, toI64, lastInt, needArray } from "../api";
import { pointerSegments } from "./jsonpaths";

const ADD: i32 = 1, REMOVE: i32 = 2;

/** Path segments from a "/a/b" string (~1 and ~0 unescaped) or an array; 0 when invalid. */
function segments(p: Value): Value {
  let t = load<u8>(p);
  if (t == T_ARRAY) return p;
  if (t != T_STRING) return 0;
  return pointerSegments(strPtr(p), strLen(p));
}

/** Array index of a segment (-1 invalid; `len` for "-" when allowed). */
function index(seg: Value, len: usize, allowEnd: bool): i64 {
  if (load<u8>(seg) == T_NUMBER) return toI64(seg) ? lastInt() : -1;
  if (load<u8>(seg) != T_STRING) return -1;
  let p = strPtr(seg), n = strLen(seg);
  if (n == 1 && load<u8>(p) == 45) return allowEnd ? <i64>len : -1;
  if (n == 0 || n > 18 || (n > 1 && load<u8>(p) == 48)) return -1;
  let v: i64 = 0;
  for (let i: usize = 0; i < n; i++) { let d = <u32>load<u8>(p + i) - 48; if (d > 9) return -1; v = v * 10 + <i64>d; }
  return v;
}

function child(node: Value, seg: Value): Value {
  let t = load<u8>(node);
  if (t == T_OBJECT) return objGet(node, seg);
  if (t == T_SET) return tblFind(node, seg) >= 0 ? seg : 0;
  if (t == T_ARRAY) { let i = index(seg, arrLen(node), false); return i >= 0 && i < <i64>arrLen(node) ? arrAt(node, <usize>i) : 0; }
  return 0;
}

function getAt(doc: Value, path: Value): Value {
  let cur = doc;
  let n = arrLen(path);
  for (let i: usize = 0; i < n && cur != 0; i++) cur = child(cur, arrAt(path, i));
  return cur;
}

/** node with `seg` replaced by x (x = 0 removes it); for ADD on arrays x is inserted. 0 on failure. */
function applyLast(node: Value, seg: Value, mode: i32, x: Value): Value {
  let t = load<u8>(node);
  if (t == T_OBJECT) {
    let n = tblLen(node);
    if (mode == REMOVE && tblFind(node, seg) < 0) return 0;
    let r = mkObjectCap(n + 1);
    for (let i: usize = 0; i < n; i++) {
      let k = tblKeyAt(node, i);
      if (mode == REMOVE && equal(k, seg)) continue;
      tblAppendUnique(r, k, tblValAt(node, i));
    }
    if (mode == ADD) tblInsert(r, seg, x);
    return r;
  }
  if (t == T_SET) {
    if (mode == ADD && !equal(seg, x)) return 0;
    if (mode == REMOVE && tblFind(node, seg) < 0) return 0;
    let n = tblLen(node);
    let r = mkSetCap(n + 1);
    for (let i: usize = 0; i < n; i++) { let k = tblKeyAt(node, i); if (mode == REMOVE && equal(k, seg)) continue; tblAppendUnique(r, k, 0); }
    if (mode == ADD) tblInsert(r, x, 0);
    return r;
  }
  if (t == T_ARRAY) {
    let n = arrLen(node);
    let at = index(seg, n, mode == ADD);
    if (at < 0 || at > <i64>n || (mode == REMOVE && at == <i64>n)) return 0;
    let r = mkArray(n + 1);
    for (let i: usize = 0; i < n; i++) {
      if (<i64>i == at) { if (mode == ADD) arrPush(r, x); else continue; }
      arrPush(r, arrAt(node, i));
    }
    if (mode == ADD && at == <i64>n) arrPush(r, x);
    return r;
  }
  return 0;
}

/** Replaces the child `seg` of node by `nc` (an edited copy). */
function withChild(node: Value, seg: Value, old: Value, nc: Value): Value {
  let t = load<u8>(node);
  if (t == T_SET) {
    let r = applyLast(node, old, REMOVE, 0);
    if (r == 0) return 0;
    tblInsert(r, nc, 0);
    return r;
  }
  if (t == T_OBJECT) return applyLast(node, seg, ADD, nc);
  let r = applyLast(node, seg, REMOVE, 0);
  return r == 0 ? 0 : applyLast(r, seg, ADD, nc);
}

function edit(node: Value, path: Value, i: usize, mode: i32, x: Value): Value {
  let n = arrLen(path);
  if (n == 0) return mode == ADD ? x : 0;
  let seg = arrAt(path, i);
  if (i + 1 == n) return applyLast(node, seg, mode, x);
  let c = child(node, seg);
  if (c == 0) return 0;
  let nc = edit(c, path, i + 1, mode, x);
  return nc == 0 ? 0 : withChild(node, seg, c, nc);
}

function opIs(op: Value, s: string): bool {
  let n = <usize>s.length;
  if (strLen(op) != n) return false;
  for (let i: usize = 0; i < n; i++) if (<u32>load<u8>(strPtr(op) + i) != <u32>s.charCodeAt(<i32>i)) return false;
  return true;
}

function field(o: Value, name: string): Value { return objGet(o, mkStrLit(name)); }

export function builtin$json$patch(doc: Value, ops: Value): Value {
  needArray("json.patch", 2, ops);
  let n = arrLen(ops);
  for (let k: usize = 0; k < n; k++) {
    let o = arrAt(ops, k);
    if (load<u8>(o) != T_OBJECT) return 0;
    let op = field(o, "op"), pv = field(o, "path");
    if (op == 0 || load<u8>(op) != T_STRING || pv == 0) return 0;
    let path = segments(pv);
    if (path == 0) return 0;
    if (opIs(op, "add") || opIs(op, "replace")) {
      let v = field(o, "value");
      if (v == 0) return 0;
      if (opIs(op, "replace")) { if (arrLen(path) > 0) { doc = edit(doc, path, 0, REMOVE, 0); if (doc == 0) return 0; } }
      doc = edit(doc, path, 0, ADD, v);
    } else if (opIs(op, "remove")) {
      doc = edit(doc, path, 0, REMOVE, 0);
    } else if (opIs(op, "move") || opIs(op, "copy")) {
      let fv = field(o, "from");
      if (fv == 0) return 0;
      let from = segments(fv);
      if (from == 0) return 0;
      let v = getAt(doc, from);
      if (v == 0) return 0;
      if (opIs(op, "move")) { doc = edit(doc, from, 0, REMOVE, 0); if (doc == 0) return 0; }
      doc = edit(doc, path, 0, ADD, v);
    } else if (opIs(op, "test")) {
      let v = field(o, "value");
      if (v == 0) return 0;
      let got = getAt(doc, path);
      if (got == 0 || !equal(got, v)) return 0;
    } else return 0;
    if (doc == 0) return 0;
  }
  return doc;
}
