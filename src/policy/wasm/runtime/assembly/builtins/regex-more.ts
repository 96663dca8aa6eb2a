// glob.quote_meta and regex.template_match.
import { Value, mkBool, mkStr, strLen, strPtr, needString, StrBuf } from "../api";
import { compileRegex, regexSearch } from "./regex-engine";
import { failBegin, part, partBytes, failNow } from "./fail";

function isGlobMeta(c: u32): bool { return c == 42 || c == 63 || c == 91 || c == 93 || c == 123 || c == 125 || c == 92; }

export function builtin$glob$quote_meta(s: Value): Value {
  needString("glob.quote_meta", 1, s);
  let p = strPtr(s), n = strLen(s);
  StrBuf.begin(n + 8);
  for (let i: usize = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (isGlobMeta(c)) StrBuf.byte(92);
    StrBuf.byte(c);
  }
  return StrBuf.finish();
}

function isPunct(c: u32): bool { return c < 0x80 && c > 32 && !(c - 48 <= 9 || (c | 32) - 97 < 26); }

/** regex.template_match: text outside the delimiters is literal, text inside is a regex. */
export function builtin$regex$template_match(tpl: Value, s: Value, ds: Value, de: Value): Value {
  let name = "regex.template_match";
  needString(name, 1, tpl); needString(name, 2, s); needString(name, 3, ds); needString(name, 4, de);
  let p = strPtr(tpl), n = strLen(tpl);
  let sp = strPtr(ds), sn = strLen(ds), ep = strPtr(de), en = strLen(de);
  StrBuf.begin(n * 2 + 8);
  StrBuf.byte(94);
  let i: usize = 0;
  while (i < n) {
    if (sn > 0 && i + sn <= n && memory.compare(p + i, sp, sn) == 0) {
      // find the matching end delimiter (nested start delimiters count)
      let depth = 1, j = i + sn;
      while (j < n) {
        if (en > 0 && j + en <= n && memory.compare(p + j, ep, en) == 0) { depth--; if (depth == 0) break; j += en; continue; }
        if (j + sn <= n && memory.compare(p + j, sp, sn) == 0) { depth++; j += sn; continue; }
        j++;
      }
      if (j >= n) { failBegin(name); part("unbalanced braces in template: "); partBytes(p, n); failNow(); }
      StrBuf.lit("(?:"); StrBuf.bytes(p + i + sn, j - i - sn); StrBuf.byte(41);
      i = j + en;
      continue;
    }
    let c = <u32>load<u8>(p + i);
    if (isPunct(c)) StrBuf.byte(92);
    StrBuf.byte(c);
    i++;
  }
  StrBuf.byte(36);
  let re = StrBuf.finish();
  let prog = compileRegex(strPtr(re), strLen(re));
  if (prog == 0) { failBegin(name); part("error parsing regexp: invalid template: "); partBytes(p, n); failNow(); }
  return mkBool(regexSearch(prog, strPtr(s), strLen(s), 0));
}
