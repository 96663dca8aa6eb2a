// Memoisation of user-function calls for one evaluation, one table per `with` scope (the code
// generator wraps every function with arguments in rt_fmemo_begin / _arg / _enter ... _done).
// Input and data are not part of the key: they change only under `with`, which opens a new scope.
// Composite arguments are keyed by identity: nothing is freed during an evaluation and a value is
// never changed once code can see it, so the same pointer is the same value and the key costs no
// deep hashing. Scalars are keyed by value, since equal strings and numbers are often built anew.
import { allocZero } from "./heap";
import { Value, T_ARRAY } from "./value";
import { equal, hash } from "./compare";

export const FMEMO_MAX_ARGS: u32 = 8;

// entry: [next, hash, fid, argc, done, value, arg0, arg1, ...]
const E_NEXT = 0;
const E_HASH = 4;
const E_FID = 8;
const E_ARGC = 12;
const E_DONE = 16;
const E_VALUE = 20;
const E_ARGS = 24;

// scope: [parent scope, bucket count, entry count, buckets pointer]
let scope: usize = 0;

let keyFid: u32 = 0;
let keyArgc: u32 = 0;
let keyHash: u32 = 0;
const keyArgs: usize = memory.data(<i32>(FMEMO_MAX_ARGS << 2));

function mix(h: u32): u32 {
  h ^= h >>> 16; h *= 0x85ebca6b; h ^= h >>> 13; h *= 0xc2b2ae35; h ^= h >>> 16;
  return h;
}

function isScalar(v: Value): bool { return load<u8>(v) < T_ARRAY; }

function newScope(parent: usize): usize {
  let s = allocZero(16);
  store<u32>(s, <u32>parent, 0);
  return s;
}

/** A fresh, empty set of scopes: called when an evaluation starts. */
export function fmemoReset(): void { scope = newScope(0); }
/** Entering a `with`: results computed inside must not leak out, nor outer ones in. */
export function fmemoPush(): void { scope = newScope(scope); }
export function fmemoPop(): void { scope = <usize>load<u32>(scope, 0); }

export function rt_fmemo_begin(fid: u32): void {
  keyFid = fid;
  keyArgc = 0;
  keyHash = mix(fid + 0x9e3779b9);
}

export function rt_fmemo_arg(v: Value): void {
  store<u32>(keyArgs + (keyArgc << 2), <u32>v);
  keyArgc++;
  let h = v == 0 ? 0 : isScalar(v) ? hash(v) : mix(<u32>v ^ 0x5bd1e995);
  keyHash = mix(keyHash ^ h) + 0x7f4a7c15;
}

function sameArgs(e: usize): bool {
  if (load<u32>(e, E_FID) != keyFid || load<u32>(e, E_ARGC) != keyArgc) return false;
  for (let i: u32 = 0; i < keyArgc; i++) {
    let a = <usize>load<u32>(e + E_ARGS + (i << 2));
    let b = <usize>load<u32>(keyArgs + (i << 2));
    if (a == b) continue;
    if (a == 0 || b == 0 || !isScalar(a) || !isScalar(b) || !equal(a, b)) return false;
  }
  return true;
}

function grow(): void {
  let n = load<u32>(scope, 4);
  let old = <usize>load<u32>(scope, 12);
  let m: u32 = n == 0 ? 64 : n << 1;
  let buckets = allocZero(m << 2);
  for (let i: u32 = 0; i < n; i++) {
    let e = <usize>load<u32>(old + (i << 2));
    while (e != 0) {
      let next = <usize>load<u32>(e, E_NEXT);
      let slot = buckets + ((load<u32>(e, E_HASH) & (m - 1)) << 2);
      store<u32>(e, load<u32>(slot), E_NEXT);
      store<u32>(slot, <u32>e);
      e = next;
    }
  }
  store<u32>(scope, m, 4);
  store<u32>(scope, <u32>buckets, 12);
}

/**
 * The entry for the key built since rt_fmemo_begin: done (load it) or new (the function runs and
 * calls rt_fmemo_done with its result; a call that throws leaves it pending, so it runs again).
 */
export function rt_fmemo_enter(): usize {
  let n = load<u32>(scope, 4);
  if (n != 0) {
    let e = <usize>load<u32>(<usize>load<u32>(scope, 12) + ((keyHash & (n - 1)) << 2));
    while (e != 0) {
      if (load<u32>(e, E_HASH) == keyHash && sameArgs(e)) return e;
      e = <usize>load<u32>(e, E_NEXT);
    }
  }
  let count = load<u32>(scope, 8) + 1;
  store<u32>(scope, count, 8);
  if (count > n) { grow(); n = load<u32>(scope, 4); }
  let e = allocZero(E_ARGS + (keyArgc << 2));
  store<u32>(e, keyHash, E_HASH);
  store<u32>(e, keyFid, E_FID);
  store<u32>(e, keyArgc, E_ARGC);
  memory.copy(e + E_ARGS, keyArgs, keyArgc << 2);
  let slot = <usize>load<u32>(scope, 12) + ((keyHash & (n - 1)) << 2);
  store<u32>(e, load<u32>(slot), E_NEXT);
  store<u32>(slot, <u32>e);
  return e;
}

/** rt_fmemo_begin, rt_fmemo_arg and rt_fmemo_enter in one call, for functions of one argument. */
export function rt_fmemo_enter1(fid: u32, a: Value): usize {
  rt_fmemo_begin(fid);
  rt_fmemo_arg(a);
  return rt_fmemo_enter();
}

/** The same for functions of two arguments. */
export function rt_fmemo_enter2(fid: u32, a: Value, b: Value): usize {
  rt_fmemo_begin(fid);
  rt_fmemo_arg(a);
  rt_fmemo_arg(b);
  return rt_fmemo_enter();
}

export function rt_fmemo_done(e: usize, v: Value): Value {
  store<u32>(e, <u32>v, E_VALUE);
  store<u32>(e, 1, E_DONE);
  return v;
}
