// json.filter and json.remove: paths ("a/b/0" JSON-pointer-like strings or arrays of segments)
// are first turned into a tree of objects whose leaves are null, as OPA does.
import { Value, T_NULL, T_STRING, T_OBJECT, T_SET, T_ARRAY, mkNull, mkStr, mkArray, arrPush, arrLen, arrAt,
  mkObject, mkObjectCap, mkSetCap, tblLen, tblKeyAt, tblValAt, tblInsert, tblAppendUnique, objGet, strLen, strPtr,
  needObject, typeError, typeName, alloc } from "../api";
import { i64ToText } from "../number";
import { failTypeBegin, part, failNow } from "./fail";

/** One path as an array of segments. */
function parsePath(name: string, p: Value): Value {
  let t = load<u8>(p);
  if (t == T_ARRAY) return p;
  if (t != T_STRING) {
    failTypeBegin(name);
    part("operand 2 must be one of {set, array} containing string paths or array of path segments but got ");
    part(typeName(p));
    failNow();
  }
  return pointerSegments(strPtr(p), strLen(p));
}

/** The segments of a "/a/b" pointer (leading slashes skipped; ~1 and ~0 unescaped); json.patch uses them too. */
export function pointerSegments(s: usize, n: usize): Value {
  let segs = mkArray(4);
  if (n == 0) return segs;
  let i: usize = 0;
  while (i < n && load<u8>(s + i) == 47) i++;
  let from = i;
  while (true) {
    let j = from;
    while (j < n && load<u8>(s + j) != 47) j++;
    arrPush(segs, unescape(s + from, j - from));
    if (j >= n) break;
    from = j + 1;
  }
  return segs;
}

/** "~1" -> "/" then "~0" -> "~". */
function unescape(p: usize, n: usize): Value {
  let has = false;
  for (let i: usize = 0; i + 1 < n; i++) if (load<u8>(p + i) == 126) { has = true; break; }
  if (!has) return mkStr(p, n);
  let q = alloc(n);
  let o: usize = 0;
  for (let i: usize = 0; i < n; i++) {
    let c = load<u8>(p + i);
    if (c == 126 && i + 1 < n && (load<u8>(p + i + 1) == 49 || load<u8>(p + i + 1) == 48)) {
      store<u8>(q + o++, load<u8>(p + i + 1) == 49 ? 47 : 126);
      i++;
    } else store<u8>(q + o++, c);
  }
  return mkStr(q, o);
}

/** The paths operand as a tree {seg: {seg: null}}. */
function pathsTree(name: string, paths: Value): Value {
  let t = load<u8>(paths);
  if (t != T_ARRAY && t != T_SET) typeError(name, 2, "one of {set, array}", paths);
  let n = t == T_ARRAY ? arrLen(paths) : tblLen(paths);
  let root = mkObject();
  for (let i: usize = 0; i < n; i++) {
    let path = parsePath(name, t == T_ARRAY ? arrAt(paths, i) : tblKeyAt(paths, i));
    let m = arrLen(path);
    if (m == 0) continue;
    let node = root, done = false;
    for (let j: usize = 0; j + 1 < m; j++) {
      let k = arrAt(path, j);
      let child = objGet(node, k);
      if (child == 0) { let o = mkObject(); tblInsert(node, k, o); node = o; continue; }
      if (load<u8>(child) == T_NULL) { done = true; break; }
      node = child;
    }
    if (!done) tblInsert(node, arrAt(path, m - 1), mkNull());
  }
  return root;
}

/** Key for array index i: its decimal text as a string. */
function indexKey(i: usize): Value {
  let buf = alloc(24);
  return mkStr(buf, i64ToText(buf, <i64>i));
}

function filterValue(v: Value, f: Value): Value {
  if (load<u8>(f) == T_NULL) return v;
  switch (load<u8>(v)) {
    case T_ARRAY: {
      let n = arrLen(v);
      let r = mkArray(n);
      for (let i: usize = 0; i < n; i++) {
        let sub = objGet(f, indexKey(i));
        if (sub != 0) arrPush(r, filterValue(arrAt(v, i), sub));
      }
      return r;
    }
    case T_SET: {
      let n = tblLen(v);
      let r = mkSetCap(n);
      for (let i: usize = 0; i < n; i++) {
        let k = tblKeyAt(v, i);
        let sub = objGet(f, k);
        if (sub != 0) tblInsert(r, filterValue(k, sub), 0);
      }
      return r;
    }
    case T_OBJECT: {
      let n = tblLen(v);
      let r = mkObjectCap(n);
      for (let i: usize = 0; i < n; i++) {
        let k = tblKeyAt(v, i);
        let sub = objGet(f, k);
        if (sub != 0) tblAppendUnique(r, k, filterValue(tblValAt(v, i), sub));
      }
      return r;
    }
  }
  return v;
}

export function builtin$json$filter(o: Value, paths: Value): Value {
  needObject("json.filter", 1, o);
  return filterValue(o, pathsTree("json.filter", paths));
}

/** v without the leaves of tree b (0 when v itself is removed). */
function removeValue(v: Value, b: Value): Value {
  if (b == 0) return v;
  let tb = load<u8>(b);
  if (tb == T_NULL) return 0;
  if (tb != T_OBJECT) return v;
  switch (load<u8>(v)) {
    case T_OBJECT: {
      let n = tblLen(v);
      let r = mkObjectCap(n);
      for (let i: usize = 0; i < n; i++) {
        let k = tblKeyAt(v, i);
        let d = removeValue(tblValAt(v, i), objGet(b, k));
        if (d != 0) tblAppendUnique(r, k, d);
      }
      return r;
    }
    case T_SET: {
      let n = tblLen(v);
      let r = mkSetCap(n);
      for (let i: usize = 0; i < n; i++) {
        let k = tblKeyAt(v, i);
        let d = removeValue(k, objGet(b, k));
        if (d != 0) tblInsert(r, d, 0);
      }
      return r;
    }
    case T_ARRAY: {
      let n = arrLen(v);
      let r = mkArray(n);
      for (let i: usize = 0; i < n; i++) {
        let d = removeValue(arrAt(v, i), objGet(b, indexKey(i)));
        if (d != 0) arrPush(r, d);
      }
      return r;
    }
  }
  return v;
}

export function builtin$json$remove(o: Value, paths: Value): Value {
  needObject("json.remove", 1, o);
  return removeValue(o, pathsTree("json.remove", paths));
}
