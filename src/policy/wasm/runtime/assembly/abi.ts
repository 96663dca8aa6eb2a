// The OPA wasm ABI surface (spec/opa-wasm.md section 1) plus the helpers generated code calls.
// Every function generated code needs is exported: the code generator finds runtime functions
// through the export table, never through internal names.
import { alloc, allocZero, heapTop, setHeapPtr, setHeapLimit, setEvalBudget, evalStep, failStr,
  setStrictBuiltinErrors, takeSoftBuiltinError,
  msgBegin, msgStr, msgBytes, msgInt, msgAbort } from "./heap";
import { Value, T_NUMBER, T_STRING, T_ARRAY, T_OBJECT, T_SET, N_INT, mkNull, mkBool, mkInt, mkNumRef,
  mkArray, arrPush, arrLen, arrAt, strLen, strPtr, numKind } from "./value";
import { mkObject, mkSet, tblInsert, tblLen, tblKeyAt, tblValAt, tblSort, tblFind, tblRemove, tblCopy,
  objGet } from "./object";
import { compare, equal } from "./compare";
import { toI64, lastInt } from "./number";
import { parse } from "./json";
import { parseProjected } from "./json-project";
import { dump } from "./json-write";
import { fmemoReset, fmemoPush, fmemoPop } from "./fmemo";
import { utf8Count } from "./strings";

@external("policy", "eval")
declare function policy_eval(ctx: usize): void;
@external("policy", "builtins")
declare function policy_builtins(): usize;
@external("policy", "entrypoints")
declare function policy_entrypoints(): usize;
/** The entrypoint's input projection (json-project.ts), or 0 when it reads the whole input. */
@external("policy", "input_projection")
declare function policy_input_projection(entrypoint: i32): usize;

export const opa_wasm_abi_version: i32 = 1;
export const opa_wasm_abi_minor_version: i32 = 2;

// ---- evaluation context: {input@0, data@4, result@8, entrypoint@12} --------------------------

export function opa_eval_ctx_new(): usize { return allocZero(16); }
export function opa_eval_ctx_set_input(ctx: usize, v: Value): void { store<u32>(ctx, <u32>v, 0); }
export function opa_eval_ctx_set_data(ctx: usize, v: Value): void { store<u32>(ctx, <u32>v, 4); }
export function opa_eval_ctx_set_entrypoint(ctx: usize, ep: i32): void { store<i32>(ctx, ep, 12); }
export function opa_eval_ctx_get_result(ctx: usize): Value { return <usize>load<u32>(ctx, 8); }

function evalWrapper(ctx: usize): i32 { policy_eval(ctx); return 0; }
export { evalWrapper as eval };
function builtinsWrapper(): usize { return policy_builtins(); }
export { builtinsWrapper as builtins };
function entrypointsWrapper(): usize { return policy_entrypoints(); }
export { entrypointsWrapper as entrypoints };

export function opa_eval(reserved: i32, entrypoint: i32, data: Value, input: usize, inputLen: usize,
  heapPtr: usize, format: i32): usize {
  if (reserved != 0) failStr("opa_eval: reserved argument must be 0");
  setHeapPtr(heapPtr);
  let ctx = allocZero(16);
  if (inputLen > 0) {
    let projection = policy_input_projection(entrypoint);
    let iv = projection != 0 ? parseProjected(input, inputLen, projection) : parse(input, inputLen, true);
    if (iv == 0) failStr("opa_eval: input is not valid JSON");
    store<u32>(ctx, <u32>iv, 0);
  }
  store<u32>(ctx, <u32>data, 4);
  store<i32>(ctx, entrypoint, 12);
  policy_eval(ctx);
  return dump(<usize>load<u32>(ctx, 8), format != 0);
}

// ---- heap ---------------------------------------------------------------------------------------

export function opa_malloc(size: usize): usize { return alloc(size); }
export function opa_free(_addr: usize): void {}
export function opa_heap_ptr_get(): usize { return heapTop(); }
export function opa_heap_ptr_set(p: usize): void { setHeapPtr(p); }
/** Project extension: caps the heap at `limit` bytes (0 = no cap); opa_malloc aborts beyond it. */
export function opa_heap_limit_set(limit: usize): void { setHeapLimit(limit); }
/** Project extension: aborts an evaluation after `steps` loop iterations (0 = unlimited). */
export function opa_eval_budget_set(steps: i64): void { setEvalBudget(steps); }

/**
 * Project extension: 1 makes builtin errors abort the evaluation (OPA's strict-builtin-errors);
 * 0 (default) makes the failing builtin call undefined, as OPA does by default.
 */
export function opa_strict_builtin_errors_set(on: i32): void { setStrictBuiltinErrors(on != 0); }
/** Called by generated code after catching an abort from a native builtin: 1 = treat as undefined. */
export function rt_soft_builtin_error(): i32 { return takeSoftBuiltinError() ? 1 : 0; }

// ---- JSON ---------------------------------------------------------------------------------------

export function opa_json_parse(p: usize, n: usize): Value { return parse(p, n, false); }
export function opa_value_parse(p: usize, n: usize): Value { return parse(p, n, true); }
export function opa_json_dump(v: Value): usize { return dump(v, false); }
export function opa_value_dump(v: Value): usize { return dump(v, true); }

// ---- data updates -------------------------------------------------------------------------------

const ERR_OK = 0, ERR_INVALID_TYPE = 2, ERR_INVALID_PATH = 3;

export function opa_value_add_path(base: Value, path: Value, v: Value): i32 {
  if (base == 0 || load<u8>(base) != T_OBJECT) return ERR_INVALID_TYPE;
  if (path == 0 || load<u8>(path) != T_ARRAY || arrLen(path) == 0) return ERR_INVALID_PATH;
  let cur = base;
  let n = arrLen(path);
  for (let i: usize = 0; i + 1 < n; i++) {
    let k = arrAt(path, i);
    let next = objGet(cur, k);
    if (next == 0) { next = mkObject(); tblInsert(cur, k, next); }
    else if (load<u8>(next) != T_OBJECT) return ERR_INVALID_TYPE;
    cur = next;
  }
  tblInsert(cur, arrAt(path, n - 1), v);
  return ERR_OK;
}

export function opa_value_remove_path(base: Value, path: Value): i32 {
  if (base == 0 || load<u8>(base) != T_OBJECT) return ERR_INVALID_TYPE;
  if (path == 0 || load<u8>(path) != T_ARRAY) return ERR_INVALID_PATH;
  let n = arrLen(path);
  if (n == 0) return ERR_INVALID_PATH;
  let cur = base;
  for (let i: usize = 0; i + 1 < n; i++) {
    cur = objGet(cur, arrAt(path, i));
    if (cur == 0) return ERR_OK;
    if (load<u8>(cur) != T_OBJECT) return ERR_INVALID_TYPE;
  }
  tblRemove(cur, arrAt(path, n - 1));
  return ERR_OK;
}

// ---- value helpers used by generated code -------------------------------------------------------

export function opa_null(): Value { return mkNull(); }
export function opa_boolean(b: i32): Value { return mkBool(b != 0); }
export function opa_number_int(i: i64): Value { return mkInt(i); }
export function opa_number_ref(p: usize, n: usize): Value { return mkNumRef(p, n); }
export function opa_number_size(n: usize): Value { return mkInt(<i64>n); }
export function opa_value_number_set_int(v: Value, i: i64): void {
  store<u8>(v, N_INT, 1);
  store<i64>(v, i, 8);
}
export function opa_array_with_cap(cap: usize): Value { return mkArray(cap); }
export function opa_array_append(a: Value, v: Value): void { arrPush(a, v); }
export function opa_object(): Value { return mkObject(); }
export function opa_object_insert(o: Value, k: Value, v: Value): void { tblInsert(o, k, v); }
export function opa_set(): Value { return mkSet(); }
export function opa_set_add(s: Value, v: Value): void { tblInsert(s, v, 0); }
export function opa_value_compare(a: Value, b: Value): i32 { return compare(a, b); }
/** 1 when equal, else 0 (faster than compare for objects and sets). */
export function opa_value_equal(a: Value, b: Value): i32 { return equal(a, b) ? 1 : 0; }
export function opa_value_type(v: Value): i32 { return <i32>load<u8>(v); }

export function opa_value_get(v: Value, k: Value): Value {
  if (v == 0 || k == 0) return 0;
  let t = load<u8>(v);
  if (t == T_OBJECT) return objGet(v, k);
  if (t == T_ARRAY) {
    if (load<u8>(k) != T_NUMBER || !toI64(k)) return 0;
    let i = lastInt();
    if (i < 0 || i >= <i64>arrLen(v)) return 0;
    return arrAt(v, <usize>i);
  }
  if (t == T_SET) {
    let i = tblFind(v, k);
    return i < 0 ? 0 : tblKeyAt(v, <usize>i);
  }
  return 0;
}

export function opa_value_length(v: Value): usize {
  let t = load<u8>(v);
  if (t == T_ARRAY) return arrLen(v);
  if (t == T_OBJECT || t == T_SET) return tblLen(v);
  if (t == T_STRING) return utf8Count(strPtr(v), strLen(v));
  return 0;
}

/** Key-based iteration as in OPA: the key after `prev` (0 = first), or 0 at the end. */
export function opa_value_iter(v: Value, prev: Value): Value {
  let t = load<u8>(v);
  if (t == T_ARRAY) {
    let next: i64 = 0;
    if (prev != 0) { if (!toI64(prev)) return 0; next = lastInt() + 1; }
    return next < <i64>arrLen(v) ? mkInt(next) : 0;
  }
  if (t == T_OBJECT || t == T_SET) {
    tblSort(v);
    let i: isize = 0;
    if (prev != 0) { i = tblFind(v, prev); if (i < 0) return 0; i++; }
    return <usize>i < tblLen(v) ? tblKeyAt(v, <usize>i) : 0;
  }
  return 0;
}

// Index-based iteration used by generated Scan loops (objects and sets in sorted key order).
export function rt_iter_count(v: Value): usize {
  if (v == 0) return 0;
  let t = load<u8>(v);
  if (t == T_ARRAY) return arrLen(v);
  if (t == T_OBJECT || t == T_SET) { tblSort(v); return tblLen(v); }
  return 0;
}
export function rt_iter_key(v: Value, i: usize): Value {
  return load<u8>(v) == T_ARRAY ? mkInt(<i64>i) : tblKeyAt(v, i);
}
export function rt_iter_value(v: Value, i: usize): Value {
  let t = load<u8>(v);
  if (t == T_ARRAY) return arrAt(v, i);
  return t == T_OBJECT ? tblValAt(v, i) : tblKeyAt(v, i);
}
export function rt_step(): void { evalStep(); }

export function opa_value_shallow_copy(v: Value): Value {
  let t = load<u8>(v);
  if (t == T_OBJECT || t == T_SET) return tblCopy(v);
  if (t == T_ARRAY) {
    let n = arrLen(v);
    let c = mkArray(n);
    for (let i: usize = 0; i < n; i++) arrPush(c, arrAt(v, i));
    return c;
  }
  return v;
}

/** Recursive merge into a copy of a: objects merge, sets union, other clashes keep a's value; 0 unless both are objects. */
export function opa_value_merge(a: Value, b: Value): Value {
  if (a == 0 || b == 0 || load<u8>(a) != T_OBJECT || load<u8>(b) != T_OBJECT) return 0;
  let r = tblCopy(a);
  let n = tblLen(b);
  for (let i: usize = 0; i < n; i++) {
    let k = tblKeyAt(b, i), bv = tblValAt(b, i);
    let av = objGet(r, k);
    if (av == 0) { tblInsert(r, k, bv); continue; }
    let ta = load<u8>(av), tb = load<u8>(bv);
    if (ta == T_OBJECT && tb == T_OBJECT) tblInsert(r, k, opa_value_merge(av, bv));
    else if (ta == T_SET && tb == T_SET) {
      let u = tblCopy(av);
      let m = tblLen(bv);
      for (let j: usize = 0; j < m; j++) tblInsert(u, tblKeyAt(bv, j), 0);
      tblInsert(r, k, u);
    }
  }
  return r;
}

// ---- memoisation of rules without arguments (push/pop around `with`) ----------------------------
// table: [prev table, count, slot 0, slot 1, ...]
let memo: usize = 0;

export function opa_memoize_init(n: usize): void {
  memo = allocZero((n + 2) << 2);
  store<u32>(memo, 0, 0);
  store<u32>(memo, <u32>n, 4);
  fmemoReset();
}
export function opa_memoize_push(): void {
  let n = <usize>load<u32>(memo, 4);
  let t = allocZero((n + 2) << 2);
  store<u32>(t, <u32>memo, 0);
  store<u32>(t, <u32>n, 4);
  memo = t;
  fmemoPush();
}
export function opa_memoize_pop(): void {
  memo = <usize>load<u32>(memo, 0);
  fmemoPop();
}
export function opa_memoize_get(i: usize): Value { return <usize>load<u32>(memo + ((i + 2) << 2)); }
export function opa_memoize_insert(i: usize, v: Value): void { store<u32>(memo + ((i + 2) << 2), <u32>v); }

// ---- runtime errors raised by generated code ----------------------------------------------------

/** kind 1: complete rule conflict, 2: object key conflict; file is a NUL-terminated string or 0. */
export function rt_conflict(kind: i32, file: usize, row: i32, col: i32): void {
  msgBegin();
  msgStr("eval_conflict_error: ");
  if (file != 0) {
    let n: usize = 0;
    while (load<u8>(file + n) != 0) n++;
    msgBytes(file, n); msgStr(":"); msgInt(row); msgStr(":"); msgInt(col); msgStr(": ");
  }
  if (kind == 1) msgStr("complete rules must not produce multiple outputs");
  else if (kind == 2) msgStr("object keys must be unique");
  else msgStr("functions must not produce multiple outputs for same inputs");
  msgAbort();
}

export function rt_unknown_entrypoint(ep: i32): void {
  msgBegin(); msgStr("internal_error: unknown entrypoint id "); msgInt(ep); msgAbort();
}


/** `with` on input/data: a copy of root with value at path, shallow-copying objects along the path. */
export function rt_with_upsert(root: Value, path: Value, v: Value): Value {
  let r = (root != 0 && load<u8>(root) == T_OBJECT) ? tblCopy(root) : mkObject();
  let cur = r;
  let n = arrLen(path);
  for (let i: usize = 0; i + 1 < n; i++) {
    let k = arrAt(path, i);
    let next = objGet(cur, k);
    next = (next != 0 && load<u8>(next) == T_OBJECT) ? tblCopy(next) : mkObject();
    tblInsert(cur, k, next);
    cur = next;
  }
  tblInsert(cur, arrAt(path, n - 1), v);
  return r;
}
