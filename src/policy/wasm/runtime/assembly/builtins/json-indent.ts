// json.marshal_with_options: Go's json.MarshalIndent layout ({"pretty", "indent", "prefix"}),
// made by re-indenting the compact text json.marshal produces.
import { Value, T_BOOLEAN, T_STRING, mkStr, boolOf, strLen, strPtr, tblLen, tblKeyAt, tblValAt, needObject,
  StrBuf, alloc } from "../api";
import { builtin$json$marshal } from "./encoding";
import { failTypeBegin, part, partBytes, failNow } from "./fail";

function keyIs(k: Value, s: string): bool {
  let n = <usize>s.length;
  if (load<u8>(k) != T_STRING || strLen(k) != n) return false;
  for (let i: usize = 0; i < n; i++) if (<u32>load<u8>(strPtr(k) + i) != <u32>s.charCodeAt(<i32>i)) return false;
  return true;
}

function newline(pp: usize, pn: usize, ip: usize, inl: usize, depth: i32): void {
  StrBuf.byte(10);
  StrBuf.bytes(pp, pn);
  for (let d: i32 = 0; d < depth; d++) StrBuf.bytes(ip, inl);
}

export function builtin$json$marshal_with_options(v: Value, opts: Value): Value {
  let name = "json.marshal_with_options";
  needObject(name, 2, opts);
  let pretty: i32 = -1; // unset
  let tab = alloc(1); store<u8>(tab, 9);
  let ip = tab, inl: usize = 1, pp: usize = 0, pn: usize = 0, custom = false;
  let n = tblLen(opts);
  for (let i: usize = 0; i < n; i++) {
    let k = tblKeyAt(opts, i), x = tblValAt(opts, i);
    if (keyIs(k, "pretty")) {
      if (load<u8>(x) != T_BOOLEAN) { failTypeBegin(name); part("pretty must be a boolean"); failNow(); }
      pretty = boolOf(x) ? 1 : 0;
    } else if (keyIs(k, "indent")) {
      if (load<u8>(x) != T_STRING) { failTypeBegin(name); part("indent must be a string"); failNow(); }
      ip = strPtr(x); inl = strLen(x); custom = true;
    } else if (keyIs(k, "prefix")) {
      if (load<u8>(x) != T_STRING) { failTypeBegin(name); part("prefix must be a string"); failNow(); }
      pp = strPtr(x); pn = strLen(x); custom = true;
    } else {
      failTypeBegin(name); part("object contained unknown key ");
      if (load<u8>(k) == T_STRING) { part("\""); partBytes(strPtr(k), strLen(k)); part("\""); }
      failNow();
    }
  }
  let compact = builtin$json$marshal(v);
  if (pretty == 0 || (pretty < 0 && !custom)) return compact;
  let p = strPtr(compact), m = strLen(compact);
  StrBuf.begin(m * 2 + pn + 16);
  StrBuf.bytes(pp, pn);
  let depth: i32 = 0, inStr = false;
  for (let i: usize = 0; i < m; i++) {
    let c = <u32>load<u8>(p + i);
    if (inStr) {
      StrBuf.byte(c);
      if (c == 92) { i++; StrBuf.byte(<u32>load<u8>(p + i)); } else if (c == 34) inStr = false;
      continue;
    }
    if (c == 34) { inStr = true; StrBuf.byte(c); continue; }
    if (c == 91 || c == 123) {
      let close = c + 2;
      if (i + 1 < m && <u32>load<u8>(p + i + 1) == close) { StrBuf.byte(c); StrBuf.byte(close); i++; continue; }
      StrBuf.byte(c); depth++; newline(pp, pn, ip, inl, depth); continue;
    }
    if (c == 93 || c == 125) { depth--; newline(pp, pn, ip, inl, depth); StrBuf.byte(c); continue; }
    if (c == 44) { StrBuf.byte(c); newline(pp, pn, ip, inl, depth); continue; }
    if (c == 58) { StrBuf.byte(c); StrBuf.byte(32); continue; }
    StrBuf.byte(c);
  }
  return StrBuf.finish();
}
