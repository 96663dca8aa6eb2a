// Values as Rego literal text, as OPA's Value.String() prints them ("[1, 2]", "{\"a\": 1}",
// "set()"): used by template strings. Scalars reuse the JSON dumper.
import { Value, T_STRING, T_ARRAY, T_OBJECT, T_SET, arrLen, arrAt, tblLen, tblKeyAt, tblValAt, tblSort,
  dumpValue, StrBuf } from "../api";

function putDump(v: Value): void {
  let p = dumpValue(v, true);
  let n: usize = 0;
  while (load<u8>(p + n) != 0) n++;
  StrBuf.bytes(p, n);
}

/**
 * Appends a composite value's Rego text (`[a, b]`, `{k: v}`, `{a, b}`, `set()`) to the current StrBuf,
 * writing each element with `write`; returns false, writing nothing, for scalars. Shared by template
 * strings and sprintf, which differ only in how they print scalars.
 */
export function writeComposite(v: Value, write: (v: Value) => void): bool {
  switch (load<u8>(v)) {
    case T_ARRAY: {
      StrBuf.byte(91);
      let n = arrLen(v);
      for (let i: usize = 0; i < n; i++) { if (i) StrBuf.lit(", "); write(arrAt(v, i)); }
      StrBuf.byte(93);
      return true;
    }
    case T_OBJECT: {
      tblSort(v);
      StrBuf.byte(123);
      let n = tblLen(v);
      for (let i: usize = 0; i < n; i++) {
        if (i) StrBuf.lit(", ");
        write(tblKeyAt(v, i)); StrBuf.lit(": "); write(tblValAt(v, i));
      }
      StrBuf.byte(125);
      return true;
    }
    case T_SET: {
      tblSort(v);
      let n = tblLen(v);
      if (n == 0) { StrBuf.lit("set()"); return true; }
      StrBuf.byte(123);
      for (let i: usize = 0; i < n; i++) { if (i) StrBuf.lit(", "); write(tblKeyAt(v, i)); }
      StrBuf.byte(125);
      return true;
    }
  }
  return false;
}

/** Appends v's Rego text to the current StrBuf (strings quoted). */
export function writeRego(v: Value): void {
  if (!writeComposite(v, writeRego)) putDump(v);
}

/** Like writeRego, but a top-level string is written raw (as print and template strings do). */
export function writeText(v: Value): void {
  if (load<u8>(v) == T_STRING) { StrBuf.bytes(load<u32>(v, 8), load<u32>(v, 4)); return; }
  writeRego(v);
}
