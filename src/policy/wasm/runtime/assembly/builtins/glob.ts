// glob.match (gobwas/glob semantics, as OPA uses it): `*` is any run of non-delimiters, `**` any
// run, `?` one non-delimiter, `[a-z]`/`[!a-z]` classes, `{a,b}` alternatives, `\` escapes. The
// glob is translated to an anchored pattern for the regex engine.
import { Value, T_NULL, T_ARRAY, T_STRING, mkBool, strLen, strPtr, arrLen, arrAt, needString, typeError, StrBuf } from "../api";
import { compileRegex, regexSearch } from "./regex-engine";
import { elemTypeError, failBegin, part, partBytes, failNow } from "./fail";

function isPunct(c: u32): bool { return c < 0x80 && !(c - 48 <= 9 || (c | 32) - 97 < 26) && c > 32; }

/** A literal byte, escaped for the regex parser when it is punctuation. */
function lit(c: u32): void {
  if (isPunct(c)) StrBuf.byte(92);
  StrBuf.byte(c);
}

/** "[^delims]" (or "." when there are none). */
function notDelim(delims: Value): void {
  let n = arrLen(delims);
  if (n == 0) { StrBuf.byte(46); return; }
  StrBuf.lit("[^");
  for (let i: usize = 0; i < n; i++) {
    let d = arrAt(delims, i);
    let p = strPtr(d), m = strLen(d);
    for (let j: usize = 0; j < m; j++) lit(<u32>load<u8>(p + j));
  }
  StrBuf.byte(93);
}

function globError(pat: Value, msg: string): void {
  failBegin("glob.match"); part(msg); partBytes(strPtr(pat), strLen(pat)); failNow();
}

export function builtin$glob$match(pat: Value, delims: Value, s: Value): Value {
  needString("glob.match", 1, pat);
  let td = load<u8>(delims);
  if (td != T_NULL && td != T_ARRAY) typeError("glob.match", 2, "array or null", delims);
  needString("glob.match", 3, s);
  let useDefault = td == T_ARRAY && arrLen(delims) == 0;
  if (td == T_ARRAY) {
    let n = arrLen(delims);
    for (let i: usize = 0; i < n; i++) if (load<u8>(arrAt(delims, i)) != T_STRING) elemTypeError("glob.match", 2, delims, "string", arrAt(delims, i));
  }
  let p = strPtr(pat), n = strLen(pat);
  StrBuf.begin(n * 2 + 16);
  StrBuf.lit("(?s)^");
  let depth = 0;
  for (let i: usize = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 92 && i + 1 < n) { i++; lit(<u32>load<u8>(p + i)); continue; }
    if (c == 42) {
      if (i + 1 < n && load<u8>(p + i + 1) == 42) { StrBuf.lit(".*"); i++; }
      else {
        if (useDefault) StrBuf.lit("[^\\.]"); else if (td == T_NULL) StrBuf.byte(46); else notDelim(delims);
        StrBuf.byte(42);
      }
      continue;
    }
    if (c == 63) { if (useDefault) StrBuf.lit("[^\\.]"); else if (td == T_NULL) StrBuf.byte(46); else notDelim(delims); continue; }
    if (c == 91) {
      let end = i + 1;
      while (end < n && load<u8>(p + end) != 93) end++;
      if (end >= n) globError(pat, "unexpected end of input in pattern ");
      StrBuf.byte(91);
      let j = i + 1;
      if (j < end && load<u8>(p + j) == 33) { StrBuf.byte(94); j++; }
      for (; j < end; j++) {
        let b = <u32>load<u8>(p + j);
        if (b == 92 || b == 94 || b == 91) StrBuf.byte(92);
        StrBuf.byte(b);
      }
      StrBuf.byte(93);
      i = end;
      continue;
    }
    if (c == 123) { depth++; StrBuf.lit("(?:"); continue; }
    if (c == 125 && depth > 0) { depth--; StrBuf.byte(41); continue; }
    if (c == 44 && depth > 0) { StrBuf.byte(124); continue; }
    lit(c);
  }
  if (depth != 0) globError(pat, "unbalanced braces in pattern ");
  StrBuf.byte(36);
  let re = StrBuf.finish();
  let prog = compileRegex(strPtr(re), strLen(re));
  if (prog == 0) globError(pat, "invalid pattern ");
  return mkBool(regexSearch(prog, strPtr(s), strLen(s), 0));
}
