// Type predicates and conversions.
import { Value, T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, mkBool, mkInt, mkStrLit,
  boolOf, strLen, strPtr, numFromText, alloc, parseF64, numFromF64, builtinErrorWith, typeError, typeErrorWith, typeName } from "../api";

export function builtin$is_string(v: Value): Value { return mkBool(load<u8>(v) == T_STRING); }
export function builtin$is_number(v: Value): Value { return mkBool(load<u8>(v) == T_NUMBER); }
export function builtin$is_boolean(v: Value): Value { return mkBool(load<u8>(v) == T_BOOLEAN); }
export function builtin$is_array(v: Value): Value { return mkBool(load<u8>(v) == T_ARRAY); }
export function builtin$is_object(v: Value): Value { return mkBool(load<u8>(v) == T_OBJECT); }
export function builtin$is_set(v: Value): Value { return mkBool(load<u8>(v) == T_SET); }
export function builtin$is_null(v: Value): Value { return mkBool(load<u8>(v) == T_NULL); }
export function builtin$type_name(v: Value): Value { return mkStrLit(typeName(v)); }

/** Go's strconv.ParseFloat syntax (decimal only): [+-]digits[.digits][e[+-]digits], or [+-]Inf/NaN rejected. */
function validNumber(p: usize, n: usize): bool {
  let i: usize = 0;
  if (i < n && (load<u8>(p) == 43 || load<u8>(p) == 45)) i++;
  let digits = 0;
  while (i < n && <u32>load<u8>(p + i) - 48 <= 9) { i++; digits++; }
  if (i < n && load<u8>(p + i) == 46) {
    i++;
    while (i < n && <u32>load<u8>(p + i) - 48 <= 9) { i++; digits++; }
  }
  if (digits == 0) return false;
  if (i < n && (load<u8>(p + i) | 32) == 101) {
    i++;
    if (i < n && (load<u8>(p + i) == 43 || load<u8>(p + i) == 45)) i++;
    let e = 0;
    while (i < n && <u32>load<u8>(p + i) - 48 <= 9) { i++; e++; }
    if (e == 0) return false;
  }
  return i == n;
}

/** Go's ParseFloat also accepts [+-]inf, infinity and nan (any case); OPA rejects them. */
function isNanOrInf(p: usize, n: usize): bool {
  let i: usize = 0;
  if (n > 0 && (load<u8>(p) == 43 || load<u8>(p) == 45)) i = 1;
  let m = n - i;
  if (m != 3 && m != 8) return false;
  let w: u32 = 0;
  for (let k: usize = 0; k < 3; k++) w = (w << 8) | (<u32>load<u8>(p + i + k) | 32);
  return w == 0x6e616e || w == 0x696e66; // "nan", "inf"
}

export function builtin$to_number(v: Value): Value {
  switch (load<u8>(v)) {
    case T_NULL: return mkInt(0);
    case T_BOOLEAN: return mkInt(boolOf(v) ? 1 : 0);
    case T_NUMBER: return v;
    case T_STRING: {
      let p = strPtr(v), n = strLen(v);
      if (isNanOrInf(p, n)) typeErrorWith("to_number", "operand 1 must be a finite number, got ", v);
      if (!validNumber(p, n)) builtinErrorWith("to_number", "strconv.ParseFloat: parsing invalid syntax: ", v);
      let start = p, len = n;
      if (load<u8>(p) == 43) { start++; len--; }
      // integers (and JSON-shaped numbers) keep their exact text; others go through f64
      let plain = true;
      for (let i: usize = 0; i < len; i++) {
        let c = load<u8>(start + i);
        if (c == 46 || c == 101 || c == 69) { plain = false; break; }
      }
      if (plain) {
        // copy without leading zeros ("007" -> 7): the exact text must stay valid JSON
        let q = alloc(len);
        let o: usize = 0, i: usize = 0;
        if (load<u8>(start) == 45) { store<u8>(q, 45); o = 1; i = 1; }
        while (i + 1 < len && load<u8>(start + i) == 48) i++;
        memory.copy(q + o, start + i, len - i);
        return numFromText(q, o + len - i, false);
      }
      return numFromF64(parseF64(start, len));
    }
  }
  typeError("to_number", 1, "one of {null, boolean, number, string}", v);
  return 0;
}
