// Arithmetic: exact on i64 when both operands are integers (falling back to f64 on overflow),
// f64 otherwise. `minus` on two sets is set difference, as in Rego.
import { loadBig, bigAdd, bigSub, bigMul, bigRem } from "../bigint";
import { Value, T_NUMBER, T_SET, N_INT, mkInt, numKind, numIntOf, toF64, toI64, lastInt, numFromF64,
  needNumber, builtinError, typeError, mkSetCap, tblLen, tblKeyAt, tblFind, tblAppendUnique } from "../api";

function bothInts(a: Value, b: Value): bool {
  return numKind(a) == N_INT && numKind(b) == N_INT;
}

/** Both operands are integers of any size (then loaded for the bigint routines). */
function bothBig(a: Value, b: Value): bool {
  return loadBig(a, 0) && loadBig(b, 1);
}

function check(name: string, a: Value, b: Value): void {
  needNumber(name, 1, a);
  needNumber(name, 2, b);
}

export function builtin$plus(a: Value, b: Value): Value {
  check("plus", a, b);
  if (bothInts(a, b)) {
    let x = numIntOf(a), y = numIntOf(b), r = x + y;
    if (((x ^ r) & (y ^ r)) >= 0) return mkInt(r);
  }
  if (bothBig(a, b)) return bigAdd();
  return numFromF64(toF64(a) + toF64(b));
}

export function builtin$minus(a: Value, b: Value): Value {
  if (load<u8>(a) == T_SET && load<u8>(b) == T_SET) {
    let n = tblLen(a);
    let r = mkSetCap(n);
    for (let i: usize = 0; i < n; i++) {
      let k = tblKeyAt(a, i);
      if (tblFind(b, k) < 0) tblAppendUnique(r, k, 0);
    }
    return r;
  }
  if (load<u8>(a) != T_NUMBER && load<u8>(a) != T_SET) typeError("minus", 1, "number or set", a);
  if (load<u8>(a) == T_SET) typeError("minus", 2, "set", b);
  needNumber("minus", 2, b);
  if (bothInts(a, b)) {
    let x = numIntOf(a), y = numIntOf(b), r = x - y;
    if (((x ^ y) & (x ^ r)) >= 0) return mkInt(r);
  }
  if (bothBig(a, b)) return bigSub();
  return numFromF64(toF64(a) - toF64(b));
}

export function builtin$mul(a: Value, b: Value): Value {
  check("mul", a, b);
  if (bothInts(a, b)) {
    let x = numIntOf(a), y = numIntOf(b);
    let ax = x < 0 ? -x : x, ay = y < 0 ? -y : y;
    if (ax < 0x7fffffff && ay < 0x7fffffff) return mkInt(x * y);
    let r = x * y;
    if (!(x != 0 && (r / x != y || (x == -1 && y == i64.MIN_VALUE)))) return mkInt(r);
  }
  if (bothBig(a, b)) return bigMul();
  return numFromF64(toF64(a) * toF64(b));
}

export function builtin$div(a: Value, b: Value): Value {
  check("div", a, b);
  let y = toF64(b);
  if (y == 0) builtinError("div", "divide by zero");
  if (bothInts(a, b)) {
    let xi = numIntOf(a), yi = numIntOf(b);
    if (xi % yi == 0 && !(xi == i64.MIN_VALUE && yi == -1)) return mkInt(xi / yi);
  }
  return numFromF64(toF64(a) / y);
}

/** The number as an integer value (i64 or integer text), or 0 when it has a fraction. */
function integral(v: Value): Value {
  if (loadBig(v, 0)) return v;
  return toI64(v) ? mkInt(lastInt()) : 0;
}

export function builtin$rem(a: Value, b: Value): Value {
  check("rem", a, b);
  let x = integral(a), y = integral(b);
  if (x == 0 || y == 0) builtinError("rem", "modulo on floating-point number");
  if (toF64(y) == 0) builtinError("rem", "modulo by zero");
  if (bothInts(x, y)) {
    let yi = numIntOf(y);
    return mkInt(yi == -1 ? 0 : numIntOf(x) % yi);
  }
  loadBig(x, 0); loadBig(y, 1);
  return bigRem();
}

export function builtin$abs(a: Value): Value {
  needNumber("abs", 1, a);
  if (numKind(a) == N_INT && numIntOf(a) != i64.MIN_VALUE) { let x = numIntOf(a); return x < 0 ? mkInt(-x) : a; }
  return numFromF64(Math.abs(toF64(a)));
}

export function builtin$round(a: Value): Value {
  needNumber("round", 1, a);
  if (numKind(a) == N_INT) return a;
  let f = toF64(a);
  // Go's math.Round: half away from zero
  let r = f < 0 ? -Math.floor(-f + 0.5) : Math.floor(f + 0.5);
  return numFromF64(r);
}

export function builtin$ceil(a: Value): Value {
  needNumber("ceil", 1, a);
  return numKind(a) == N_INT ? a : numFromF64(Math.ceil(toF64(a)));
}

export function builtin$floor(a: Value): Value {
  needNumber("floor", 1, a);
  return numKind(a) == N_INT ? a : numFromF64(Math.floor(toF64(a)));
}
