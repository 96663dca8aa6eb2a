// More string builtins: template strings ($"..."), strings.replace_n, strings.reverse,
// strings.count, indexof_n, strings.split_n.
import { Value, T_STRING, T_ARRAY, T_SET, mkInt, mkStr, mkArray, arrPush, arrLen, arrAt, strLen, strPtr,
  tblLen, tblKeyAt, tblValAt, tblSort, needString, needArray, needObject, utf8Count, utf8Width, bytesIndexOf, StrBuf,
  alloc } from "../api";
import { msgBegin, msgStr, msgAbort } from "../heap";
import { writeText } from "./regofmt";
import { failTypeBegin, part, failNow } from "./fail";
import { builtin$split } from "./strings2";
import { intArg } from "./args";

export function builtin$internal$template_string(parts: Value): Value {
  needArray("internal.template_string", 1, parts);
  let n = arrLen(parts);
  StrBuf.begin(64);
  for (let i: usize = 0; i < n; i++) {
    let p = arrAt(parts, i);
    let t = load<u8>(p);
    if (t == T_STRING) { StrBuf.bytes(strPtr(p), strLen(p)); continue; }
    if (t != T_SET) { msgBegin(); msgStr("internal_error: illegal argument type in template string"); msgAbort(); }
    let m = tblLen(p);
    if (m == 0) { StrBuf.lit("<undefined>"); continue; }
    if (m > 1) { msgBegin(); msgStr("eval_conflict_error: template-strings must not produce multiple outputs"); msgAbort(); }
    writeText(tblKeyAt(p, 0));
  }
  return StrBuf.finish();
}

export function builtin$strings$replace_n(patterns: Value, s: Value): Value {
  needObject("strings.replace_n", 1, patterns);
  needString("strings.replace_n", 2, s);
  tblSort(patterns);
  let k = tblLen(patterns);
  for (let j: usize = 0; j < k; j++) {
    if (load<u8>(tblKeyAt(patterns, j)) != T_STRING) {
      failTypeBegin("strings.replace_n"); part("operand 1 non-string key found in pattern object"); failNow();
    }
    if (load<u8>(tblValAt(patterns, j)) != T_STRING) {
      failTypeBegin("strings.replace_n"); part("operand 1 non-string value found in pattern object"); failNow();
    }
  }
  // Go's strings.Replacer: scan left to right; at each position the first pattern (in key order) that matches wins
  let p = strPtr(s), n = strLen(s);
  StrBuf.begin(n + 16);
  let i: usize = 0;
  while (i <= n) {
    let matched = false;
    for (let j: usize = 0; j < k; j++) {
      let key = tblKeyAt(patterns, j);
      let kl = strLen(key);
      if (kl == 0) continue;
      if (i + kl <= n && memory.compare(p + i, strPtr(key), kl) == 0) {
        let val = tblValAt(patterns, j);
        StrBuf.bytes(strPtr(val), strLen(val));
        i += kl; matched = true; break;
      }
    }
    if (matched) continue;
    if (i < n) StrBuf.byte(<u32>load<u8>(p + i));
    i++;
  }
  return StrBuf.finish();
}

export function builtin$strings$reverse(s: Value): Value {
  needString("strings.reverse", 1, s);
  let p = strPtr(s), n = strLen(s);
  let q = alloc(n);
  let i: usize = 0;
  while (i < n) {
    let k = utf8Width(p, i, n);
    memory.copy(q + n - i - k, p + i, k);
    i += k;
  }
  return mkStr(q, n);
}

export function builtin$strings$count(s: Value, sub: Value): Value {
  needString("strings.count", 1, s);
  needString("strings.count", 2, sub);
  let p = strPtr(s), n = strLen(s), sp = strPtr(sub), sn = strLen(sub);
  if (sn == 0) return mkInt(<i64>utf8Count(p, n) + 1);
  let c: i64 = 0, from: usize = 0;
  while (true) {
    let i = bytesIndexOf(p, n, sp, sn, from);
    if (i < 0) break;
    c++; from = <usize>i + sn;
  }
  return mkInt(c);
}

export function builtin$indexof_n(s: Value, sub: Value): Value {
  needString("indexof_n", 1, s);
  needString("indexof_n", 2, sub);
  let p = strPtr(s), n = strLen(s), sp = strPtr(sub), sn = strLen(sub);
  let r = mkArray(4);
  let from: usize = 0;
  while (from < n) {
    let i = bytesIndexOf(p, n, sp, sn, from);
    if (i < 0) break;
    arrPush(r, mkInt(<i64>utf8Count(p, <usize>i)));
    from = <usize>i + 1;
  }
  return r;
}

export function builtin$strings$split_n(s: Value, delim: Value, count: Value): Value {
  needString("strings.split_n", 1, s);
  needString("strings.split_n", 2, delim);
  let c = intArg("strings.split_n", 3, count);
  let all = builtin$split(s, delim);
  let n = <i64>arrLen(all);
  let lo: i64 = 0, hi: i64 = n;
  if (c >= 0) { if (c < n) hi = c; } else { if (-c < n) lo = n + c; }
  let r = mkArray(<usize>(hi - lo));
  for (let i = lo; i < hi; i++) arrPush(r, arrAt(all, <usize>i));
  return r;
}
