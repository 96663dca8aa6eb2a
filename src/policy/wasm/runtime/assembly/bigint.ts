// Exact integer arithmetic beyond i64 on decimal digit strings (OPA's numbers are arbitrary
// precision). Used by the arithmetic builtins when an operand or the result leaves i64.
import { alloc } from "./heap";
import { Value, N_INT, N_REF, numKind, numIntOf, numRefPtr, numRefLen } from "./value";
import { numFromText, i64ToText } from "./number";

// A parsed operand: sign and magnitude digits (most significant first, no leading zeros).
let aNeg = false, aPtr: usize = 0, aLen: usize = 0;
let bNeg = false, bPtr: usize = 0, bLen: usize = 0;

/** True when v is an integer (i64 or integer text); loads it as operand a (which=0) or b (which=1). */
export function loadBig(v: Value, which: i32): bool {
  let neg = false, p: usize, n: usize;
  let k = numKind(v);
  if (k == N_INT) {
    p = alloc(24);
    n = i64ToText(p, numIntOf(v));
  } else if (k == N_REF) {
    p = numRefPtr(v); n = numRefLen(v);
  } else return false;
  if (n > 0 && load<u8>(p) == 45) { neg = true; p++; n--; }
  if (n == 0) return false;
  for (let i: usize = 0; i < n; i++) if (<u32>load<u8>(p + i) - 48 > 9) return false;
  while (n > 1 && load<u8>(p) == 48) { p++; n--; }
  if (n == 1 && load<u8>(p) == 48) neg = false;
  if (which == 0) { aNeg = neg; aPtr = p; aLen = n; } else { bNeg = neg; bPtr = p; bLen = n; }
  return true;
}

function cmpMag(ap: usize, an: usize, bp: usize, bn: usize): i32 {
  if (an != bn) return an < bn ? -1 : 1;
  let c = memory.compare(ap, bp, an);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// Results are written right-aligned into a buffer with room for a sign, then trimmed.
function finish(buf: usize, start: usize, end: usize, neg: bool): Value {
  while (end - start > 1 && load<u8>(buf + start) == 48) start++;
  if (end - start == 1 && load<u8>(buf + start) == 48) neg = false;
  if (neg) { start--; store<u8>(buf + start, 45); }
  return numFromText(buf + start, end - start, false);
}

function addMag(ap: usize, an: usize, bp: usize, bn: usize, neg: bool): Value {
  let n = (an > bn ? an : bn) + 2;
  let buf = alloc(n);
  let carry: u32 = 0;
  let o = n;
  for (let i: usize = 0; i < n - 1; i++) {
    let d = carry;
    if (i < an) d += <u32>load<u8>(ap + an - 1 - i) - 48;
    if (i < bn) d += <u32>load<u8>(bp + bn - 1 - i) - 48;
    carry = d >= 10 ? 1 : 0;
    store<u8>(buf + --o, <u8>(48 + d % 10));
  }
  return finish(buf, o, n, neg);
}

/** |a| - |b| with |a| >= |b|. */
function subMag(ap: usize, an: usize, bp: usize, bn: usize, neg: bool): Value {
  let n = an + 1;
  let buf = alloc(n);
  let borrow: i32 = 0;
  let o = n;
  for (let i: usize = 0; i < an; i++) {
    let d = <i32>load<u8>(ap + an - 1 - i) - 48 - borrow;
    if (i < bn) d -= <i32>load<u8>(bp + bn - 1 - i) - 48;
    borrow = d < 0 ? 1 : 0;
    if (d < 0) d += 10;
    store<u8>(buf + --o, <u8>(48 + d));
  }
  return finish(buf, o, n, neg);
}

function signedAdd(an: bool, bn: bool): Value {
  if (an == bn) return addMag(aPtr, aLen, bPtr, bLen, an);
  let c = cmpMag(aPtr, aLen, bPtr, bLen);
  if (c >= 0) return subMag(aPtr, aLen, bPtr, bLen, an);
  return subMag(bPtr, bLen, aPtr, aLen, bn);
}

/** a + b for integer operands loaded with loadBig. */
export function bigAdd(): Value { return signedAdd(aNeg, bNeg); }
/** a - b for integer operands loaded with loadBig. */
export function bigSub(): Value { return signedAdd(aNeg, !bNeg); }

/** a * b for integer operands loaded with loadBig. */
export function bigMul(): Value {
  let n = aLen + bLen + 1;
  let acc = alloc(n << 2); // u32 per digit position, least significant first
  memory.fill(acc, 0, n << 2);
  for (let i: usize = 0; i < aLen; i++) {
    let x = <u32>load<u8>(aPtr + aLen - 1 - i) - 48;
    if (x == 0) continue;
    for (let j: usize = 0; j < bLen; j++) {
      let slot = acc + ((i + j) << 2);
      store<u32>(slot, load<u32>(slot) + x * (<u32>load<u8>(bPtr + bLen - 1 - j) - 48));
    }
  }
  let buf = alloc(n + 1);
  let carry: u32 = 0;
  let o = n + 1;
  for (let k: usize = 0; k < n; k++) {
    let d = load<u32>(acc + (k << 2)) + carry;
    store<u8>(buf + --o, <u8>(48 + d % 10));
    carry = d / 10;
  }
  return finish(buf, o, n + 1, aNeg != bNeg);
}

/** a % b (truncated: the sign follows a), b != 0, for operands loaded with loadBig. */
export function bigRem(): Value {
  let cur = alloc(bLen + 2); // running remainder digits
  let cn: usize = 0;
  for (let i: usize = 0; i < aLen; i++) {
    // cur = cur * 10 + digit
    if (cn == 1 && load<u8>(cur) == 48) cn = 0;
    store<u8>(cur + cn++, load<u8>(aPtr + i));
    while (cmpMag(cur, cn, bPtr, bLen) >= 0) {
      // cur -= b in place
      let borrow: i32 = 0;
      for (let k: usize = 0; k < cn; k++) {
        let d = <i32>load<u8>(cur + cn - 1 - k) - 48 - borrow;
        if (k < bLen) d -= <i32>load<u8>(bPtr + bLen - 1 - k) - 48;
        borrow = d < 0 ? 1 : 0;
        if (d < 0) d += 10;
        store<u8>(cur + cn - 1 - k, <u8>(48 + d));
      }
      let z: usize = 0;
      while (z < cn - 1 && load<u8>(cur + z) == 48) z++;
      if (z > 0) { memory.copy(cur, cur + z, cn - z); cn -= z; }
    }
  }
  if (cn == 0) { store<u8>(cur, 48); cn = 1; }
  let buf = alloc(cn + 1);
  memory.copy(buf + 1, cur, cn);
  return finish(buf, 1, cn + 1, aNeg);
}
