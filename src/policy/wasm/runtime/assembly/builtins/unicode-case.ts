// Go's unicode.ToLower / ToUpper for one code point, over the generated run tables.
import { LOWER, LOWER_RUNS, UPPER, UPPER_RUNS } from "./case-table";

export function mapRune(r: u32, upper: bool): u32 {
  if (r < 0x80) {
    if (upper && r - 97 < 26) return r - 32;
    if (!upper && r - 65 < 26) return r + 32;
    return r;
  }
  let table = upper ? UPPER : LOWER;
  let lo: i32 = 0, hi: i32 = (upper ? UPPER_RUNS : LOWER_RUNS) - 1;
  // the last run starting at or below r
  while (lo < hi) {
    let mid = (lo + hi + 1) >> 1;
    if (<u32>load<i32>(table + <usize>mid * 12) <= r) lo = mid; else hi = mid - 1;
  }
  let run = table + <usize>lo * 12;
  let start = <u32>load<i32>(run);
  if (r < start || r > <u32>load<i32>(run, 4)) return r;
  let code = load<i32>(run, 8);
  if ((code & 1) != 0 && ((r - start) & 1) != 0) return r;
  return <u32>(<i32>r + (code >> 1));
}
