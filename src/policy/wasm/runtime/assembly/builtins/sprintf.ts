// sprintf with Go's fmt semantics for the arguments OPA passes: integers as int (or *big.Int),
// other numbers as float64, strings as string, and any other value as its Rego text (`["a", "b"]`).
import { Value, T_NULL, T_BOOLEAN, T_NUMBER, T_STRING, N_INT, N_REF, numKind,
  numIntOf, numRefPtr, numRefLen, toF64, toI64, lastInt, boolOf, strLen, strPtr, arrLen, arrAt,
  formatNum, formatF64, needString, needArray, StrBuf, alloc } from "../api";
import { writeComposite } from "./regofmt";

// Go argument kinds
const K_INT = 1, K_BIG = 2, K_FLOAT = 3, K_STRING = 4;
let kind = 0;
let kInt: i64 = 0;
let kFloat: f64 = 0;
let kPtr: usize = 0;
let kLen: usize = 0;

const NUMBUF: usize = memory.data(64);

function classify(v: Value): void {
  let t = load<u8>(v);
  if (t == T_STRING) { kind = K_STRING; kPtr = strPtr(v); kLen = strLen(v); return; }
  if (t == T_NUMBER) {
    if (toI64(v)) { kind = K_INT; kInt = lastInt(); return; }
    if (numKind(v) == N_REF && isIntText(numRefPtr(v), numRefLen(v))) { kind = K_BIG; kPtr = numRefPtr(v); kLen = numRefLen(v); return; }
    kFloat = toF64(v);
    if (numKind(v) == N_REF && (kFloat - kFloat) != 0) {
      // out of float64 range: OPA passes the number's text as a string
      kind = K_STRING; kPtr = numRefPtr(v); kLen = numRefLen(v); return;
    }
    kind = K_FLOAT; return;
  }
  // composite and other scalars: their Rego text, as a Go string
  let start = StrBuf.len;
  writeRego(v);
  let n = StrBuf.len - start;
  let copy = alloc(n);
  memory.copy(copy, StrBuf.ptr + start, n);
  StrBuf.len = start;
  kind = K_STRING; kPtr = copy; kLen = n;
}

function isIntText(p: usize, n: usize): bool {
  let i: usize = load<u8>(p) == 45 ? 1 : 0;
  for (; i < n; i++) if (<u32>load<u8>(p + i) - 48 > 9) return false;
  return true;
}

/** Go strconv.Quote-style quoting (printable UTF-8 kept as is). */
function writeQuoted(p: usize, n: usize): void {
  StrBuf.byte(34);
  for (let i: usize = 0; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 34 || c == 92) { StrBuf.byte(92); StrBuf.byte(c); }
    else if (c == 10) StrBuf.lit("\\n");
    else if (c == 13) StrBuf.lit("\\r");
    else if (c == 9) StrBuf.lit("\\t");
    else if (c < 0x20 || c == 0x7f) {
      StrBuf.lit("\\x");
      StrBuf.byte(hexDigit(c >> 4)); StrBuf.byte(hexDigit(c & 15));
    } else StrBuf.byte(c);
  }
  StrBuf.byte(34);
}

function hexDigit(d: u32): u32 { return d < 10 ? 48 + d : 87 + d; }

/** The value's Rego text, as OPA's term String() prints it. */
function writeRego(v: Value): void {
  switch (load<u8>(v)) {
    case T_NULL: StrBuf.lit("null"); return;
    case T_BOOLEAN: StrBuf.lit(boolOf(v) ? "true" : "false"); return;
    case T_NUMBER: {
      let n: usize = numKind(v) == N_REF ? numRefLen(v) : 40;
      StrBuf.reserve(n);
      StrBuf.len += formatNum(StrBuf.ptr + StrBuf.len, v);
      return;
    }
    case T_STRING: writeQuoted(strPtr(v), strLen(v)); return;
    default: writeComposite(v, writeRego);
  }
}

// ---- number formatting --------------------------------------------------------------------------

function writeInt(x: i64, plus: bool): void {
  if (plus && x >= 0) StrBuf.byte(43);
  let n = formatI64(NUMBUF, x);
  StrBuf.bytes(NUMBUF, n);
}

function formatI64(buf: usize, x: i64): usize {
  let neg = x < 0;
  let u: u64 = neg ? <u64>(-x) : <u64>x;
  let tmp = buf + 32;
  let n: usize = 0;
  do { store<u8>(tmp + n, <u8>(48 + <u32>(u % 10))); u /= 10; n++; } while (u != 0);
  let o: usize = 0;
  if (neg) { store<u8>(buf, 45); o = 1; }
  for (let i: usize = 0; i < n; i++) store<u8>(buf + o + i, load<u8>(tmp + n - 1 - i));
  return o + n;
}

/** Go's %v for float64: strconv 'g' with shortest digits, exponent form when exp < -4 or exp >= 6. */
function writeFloatV(f: f64, plus: bool): void {
  if (f != f) { StrBuf.lit("NaN"); return; }
  if (f == Infinity) { StrBuf.lit("+Inf"); return; }
  if (f == -Infinity) { StrBuf.lit("-Inf"); return; }
  if (plus && f >= 0) StrBuf.byte(43);
  // shortest digits and decimal exponent from the JS-style rendering
  let n = formatF64(NUMBUF, f);
  let p = NUMBUF;
  let neg = load<u8>(p) == 45;
  if (neg) { StrBuf.byte(45); p++; n--; }
  let digits = NUMBUF + 40; // scratch for digits (max 17)
  let nd: i32 = 0, dp: i32 = 0, seenDot = false, i: usize = 0, leading = true;
  for (; i < n; i++) {
    let c = <u32>load<u8>(p + i);
    if (c == 46) { seenDot = true; continue; }
    if (c == 101) break;
    if (leading && c == 48) { if (seenDot) dp--; continue; }
    leading = false;
    store<u8>(digits + <usize>nd, <u8>c); nd++;
    if (!seenDot) dp++;
  }
  if (i < n) { // exponent part e+XX / e-XX
    let sign: i32 = load<u8>(p + i + 1) == 45 ? -1 : 1;
    let e: i32 = 0;
    for (let j = i + 2; j < n; j++) e = e * 10 + <i32>(load<u8>(p + j) - 48);
    dp += sign * e;
  }
  while (nd > 1 && load<u8>(digits + <usize>(nd - 1)) == 48) nd--;
  if (nd == 0) { StrBuf.byte(48); return; }
  let exp = dp - 1;
  if (exp < -4 || exp >= 6) {
    writeExp(digits, nd, exp);
  } else {
    writeFixedDigits(digits, nd, dp);
  }
}

function writeExp(digits: usize, nd: i32, exp: i32): void {
  StrBuf.byte(<u32>load<u8>(digits));
  if (nd > 1) { StrBuf.byte(46); StrBuf.bytes(digits + 1, <usize>(nd - 1)); }
  StrBuf.byte(101);
  StrBuf.byte(exp < 0 ? 45 : 43);
  let e = exp < 0 ? -exp : exp;
  if (e < 10) StrBuf.byte(48);
  writeInt(<i64>e, false);
}

function writeFixedDigits(digits: usize, nd: i32, dp: i32): void {
  if (dp <= 0) {
    StrBuf.lit("0.");
    for (let z = dp; z < 0; z++) StrBuf.byte(48);
    StrBuf.bytes(digits, <usize>nd);
    return;
  }
  for (let k: i32 = 0; k < dp; k++) StrBuf.byte(k < nd ? <u32>load<u8>(digits + <usize>k) : 48);
  if (nd > dp) { StrBuf.byte(46); StrBuf.bytes(digits + <usize>dp, <usize>(nd - dp)); }
}

/** %.<prec>f (rounded half away from zero on the scaled value). */
function writeFixed(f: f64, prec: i32, plus: bool): void {
  if (f < 0 || (f == 0 && 1 / f < 0)) { StrBuf.byte(45); f = -f; } else if (plus) StrBuf.byte(43);
  let scale = Math.pow(10, <f64>prec);
  let scaled = Math.floor(f * scale + 0.5);
  if (scaled >= 9.2e18) { writeFloatV(f, false); return; }
  let u = <u64>scaled;
  let ip = u / <u64>scale, fp = u % <u64>scale;
  writeInt(<i64>ip, false);
  if (prec > 0) {
    StrBuf.byte(46);
    let n = formatI64(NUMBUF, <i64>fp);
    for (let z = <i32>n; z < prec; z++) StrBuf.byte(48);
    StrBuf.bytes(NUMBUF, n);
  }
}

// ---- the formatter --------------------------------------------------------------------------------

function writeBad(verb: u32): void {
  // Go: %!verb(type=value)
  StrBuf.lit("%!"); StrBuf.byte(verb); StrBuf.byte(40);
  if (kind == K_INT) { StrBuf.lit("int="); writeInt(kInt, false); }
  else if (kind == K_BIG) { StrBuf.lit("*big.Int="); StrBuf.bytes(kPtr, kLen); }
  else if (kind == K_FLOAT) { StrBuf.lit("float64="); writeFloatV(kFloat, false); }
  else { StrBuf.lit("string="); StrBuf.bytes(kPtr, kLen); }
  StrBuf.byte(41);
}

function formatArg(verb: u32, prec: i32, plus: bool, sharp: bool): void {
  switch (verb) {
    case 118: // v
      if (kind == K_INT) writeInt(kInt, plus);
      else if (kind == K_BIG) { if (plus && load<u8>(kPtr) != 45) StrBuf.byte(43); StrBuf.bytes(kPtr, kLen); }
      else if (kind == K_FLOAT) writeFloatV(kFloat, plus);
      else if (sharp) writeQuoted(kPtr, kLen);
      else StrBuf.bytes(kPtr, prec >= 0 && <usize>prec < kLen ? <usize>prec : kLen);
      return;
    case 115: // s (*big.Int formats %s as decimal)
      if (kind == K_STRING) StrBuf.bytes(kPtr, prec >= 0 && <usize>prec < kLen ? <usize>prec : kLen);
      else if (kind == K_BIG) StrBuf.bytes(kPtr, kLen);
      else writeBad(verb);
      return;
    case 100: // d
      if (kind == K_INT) writeInt(kInt, plus);
      else if (kind == K_BIG) StrBuf.bytes(kPtr, kLen);
      else writeBad(verb);
      return;
    case 113: // q
      if (kind == K_STRING) writeQuoted(kPtr, kLen); else writeBad(verb);
      return;
    case 102: case 70: // f F
      if (kind == K_FLOAT) writeFixed(kFloat, prec < 0 ? 6 : prec, plus);
      else writeBad(verb);
      return;
    case 120: case 88: { // x X
      let base: u32 = verb == 120 ? 87 : 55;
      if (kind == K_INT) {
        let x = kInt;
        if (x < 0) { StrBuf.byte(45); x = -x; }
        let u = <u64>x;
        let tmp = NUMBUF; let n: usize = 0;
        do { let d = <u32>(u & 15); store<u8>(tmp + n++, <u8>(d < 10 ? 48 + d : base + d)); u >>= 4; } while (u != 0);
        for (let i: usize = 0; i < n; i++) StrBuf.byte(<u32>load<u8>(tmp + n - 1 - i));
      } else if (kind == K_STRING) {
        for (let i: usize = 0; i < kLen; i++) {
          let c = <u32>load<u8>(kPtr + i);
          let hi = c >> 4, lo = c & 15;
          StrBuf.byte(hi < 10 ? 48 + hi : base + hi); StrBuf.byte(lo < 10 ? 48 + lo : base + lo);
        }
      } else writeBad(verb);
      return;
    }
  }
  writeBad(verb);
}

export function builtin$sprintf(format: Value, args: Value): Value {
  needString("sprintf", 1, format);
  needArray("sprintf", 2, args);
  let fp = strPtr(format), fl = strLen(format);
  let nargs = arrLen(args);
  let argi: usize = 0;
  StrBuf.begin(fl + 64);
  let i: usize = 0;
  while (i < fl) {
    let c = <u32>load<u8>(fp + i++);
    if (c != 37) { StrBuf.byte(c); continue; }
    if (i >= fl) { StrBuf.lit("%!(NOVERB)"); break; }
    let minus = false, plus = false, zero = false, sharp = false;
    while (i < fl) {
      let f = <u32>load<u8>(fp + i);
      if (f == 45) minus = true; else if (f == 43) plus = true; else if (f == 48) zero = true;
      else if (f == 35) sharp = true; else if (f != 32) break;
      i++;
    }
    let width: i32 = -1, prec: i32 = -1;
    while (i < fl && <u32>load<u8>(fp + i) - 48 <= 9) { width = (width < 0 ? 0 : width) * 10 + <i32>(load<u8>(fp + i) - 48); i++; }
    if (i < fl && load<u8>(fp + i) == 46) {
      i++; prec = 0;
      while (i < fl && <u32>load<u8>(fp + i) - 48 <= 9) { prec = prec * 10 + <i32>(load<u8>(fp + i) - 48); i++; }
    }
    if (i >= fl) { StrBuf.lit("%!(NOVERB)"); break; }
    let verb = <u32>load<u8>(fp + i++);
    if (verb == 37) { StrBuf.byte(37); continue; }
    if (argi >= nargs) { StrBuf.lit("%!"); StrBuf.byte(verb); StrBuf.lit("(MISSING)"); continue; }
    classify(arrAt(args, argi++));
    let start = StrBuf.len;
    formatArg(verb, prec, plus, sharp);
    let n = <i32>(StrBuf.len - start);
    if (width > n) pad(start, <usize>(width - n), minus, zero && kind != K_STRING && !minus);
  }
  if (argi < nargs) {
    StrBuf.lit("%!(EXTRA ");
    for (let k = argi; k < nargs; k++) {
      if (k > argi) StrBuf.lit(", ");
      classify(arrAt(args, k));
      if (kind == K_INT) { StrBuf.lit("int="); writeInt(kInt, false); }
      else if (kind == K_BIG) { StrBuf.lit("*big.Int="); StrBuf.bytes(kPtr, kLen); }
      else if (kind == K_FLOAT) { StrBuf.lit("float64="); writeFloatV(kFloat, false); }
      else { StrBuf.lit("string="); StrBuf.bytes(kPtr, kLen); }
    }
    StrBuf.byte(41);
  }
  return StrBuf.finish();
}

/** Pads the text written since `start` to the field width (zeros go after a sign). */
function pad(start: usize, n: usize, left: bool, zeros: bool): void {
  if (left) { for (let k: usize = 0; k < n; k++) StrBuf.byte(32); return; }
  StrBuf.reserve(n);
  let s = StrBuf.ptr + start, len = StrBuf.len - start;
  memory.copy(s + n, s, len);
  let sign = len > 0 ? load<u8>(s + n) : 0;
  if (zeros && (sign == 45 || sign == 43)) {
    memory.fill(s + 1, 48, n);
    store<u8>(s, sign);
  } else {
    memory.fill(s, zeros ? 48 : 32, n);
  }
  StrBuf.len += n;
}
