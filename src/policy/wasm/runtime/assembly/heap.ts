// The heap: one bump pointer over the SDK-owned memory (see spec/opa-wasm.md, "heap contract").
// Nothing is ever freed; the host discards an evaluation by moving the pointer back.
// memory.size() is read on every allocation because the host grows memory itself.

@external("env", "opa_abort")
declare function host_abort(addr: usize): void;

@external("env", "opa_println")
declare function host_println(addr: usize): void;

// Replaced by the code generator: copies the policy's constants into memory (once, before the
// first allocation) and returns where the heap starts, above them.
@external("policy", "heap_base")
declare function policy_heap_base(): usize;

let heapPtr: usize = 0;
// Largest heap address allowed (0 = up to what memory.grow allows); set by opa_heap_limit_set.
let heapLimit: usize = 0;

function heapInit(): usize {
  let base = (policy_heap_base() + 15) & ~15;
  if (base < __heap_base) base = (__heap_base + 15) & ~15;
  heapPtr = base;
  return base;
}

export function heapTop(): usize {
  let p = heapPtr;
  if (p == 0) p = heapInit();
  return p;
}

/** Makes sure [0, end) is backed by memory, growing it; aborts when the limit is reached. */
export function ensureMemory(end: usize): void {
  if (heapLimit != 0 && end > heapLimit) {
    failStr("opa_malloc: out of memory: heap limit reached");
  }
  let have = (<usize>memory.size()) << 16;
  if (end > have) {
    let pages = <i32>((end - have + 0xffff) >>> 16);
    if (memory.grow(pages) < 0) failStr("opa_malloc: out of memory: cannot grow memory");
  }
}

/** Allocates n bytes, 8-byte aligned, not zeroed. */
export function alloc(n: usize): usize {
  let p = heapPtr;
  if (p == 0) p = heapInit();
  let end = (p + n + 7) & ~7;
  if (end > ((<usize>memory.size()) << 16) || heapLimit != 0) ensureMemory(end);
  heapPtr = end;
  return p;
}

/** Allocates n zeroed bytes. */
export function allocZero(n: usize): usize {
  let p = alloc(n);
  memory.fill(p, 0, n);
  return p;
}

export function setHeapPtr(p: usize): void {
  if (heapPtr == 0) heapInit(); // copies the policy's constants into memory
  heapPtr = p;
  resetHooks();
}

export function setHeapLimit(limit: usize): void {
  heapLimit = limit;
}

// Global caches that point into the heap must forget everything when the pointer moves.
let evalBudget: i64 = 0;
let evalBudgetLeft: i64 = 0;
// Bumped on every reset: caches keyed on it (e.g. compiled regexes) drop what they hold.
export let heapEpoch: u32 = 0;

function resetHooks(): void {
  evalBudgetLeft = evalBudget;
  heapEpoch++;
}

export function setEvalBudget(n: i64): void {
  evalBudget = n;
  evalBudgetLeft = n;
}

/** Called on every loop iteration of generated code: aborts when the step budget runs out. */
export function evalStep(): void {
  if (evalBudget != 0) {
    if (--evalBudgetLeft <= 0) failStr("eval_cancel_error: evaluation step limit exceeded");
  }
}

// ---------------------------------------------------------------------------------------------
// Messages: built in a static buffer (no managed strings, no heap use, so they work when out of
// memory), NUL-terminated, truncated at MSG_CAP bytes.

const MSG_CAP: usize = 4095;
const msgBuf: usize = memory.data(4096);
let msgLen: usize = 0;

export function msgBegin(): void {
  msgLen = 0;
  builtinErrorPending = false;
}

// Set when the abort in progress is a builtin's error (type or builtin error), which generated
// code may turn into "undefined" when strict builtin errors are off.
let builtinErrorPending = false;
let strictBuiltinErrors = false;

export function markBuiltinError(): void { builtinErrorPending = true; }
export function setStrictBuiltinErrors(on: bool): void { strictBuiltinErrors = on; }
/** True when the abort just caught was a builtin error that should make the call undefined. */
export function takeSoftBuiltinError(): bool {
  let soft = builtinErrorPending && !strictBuiltinErrors;
  builtinErrorPending = false;
  return soft;
}

export function msgByte(b: u32): void {
  if (msgLen < MSG_CAP) store<u8>(msgBuf + msgLen++, <u8>b);
}

export function msgBytes(ptr: usize, len: usize): void {
  for (let i: usize = 0; i < len; i++) msgByte(<u32>load<u8>(ptr + i));
}

/** Appends an AssemblyScript string literal (ASCII). */
export function msgStr(s: string): void {
  let n = s.length;
  for (let i = 0; i < n; i++) msgByte(<u32>s.charCodeAt(i));
}

export function msgInt(v: i64): void {
  if (v < 0) { msgByte(45); v = -v; }
  let start = msgLen;
  do { msgByte(<u32>(v % 10) + 48); v /= 10; } while (v > 0);
  let a = msgBuf + start, b = msgBuf + msgLen - 1;
  while (a < b) { let t = load<u8>(a); store<u8>(a, load<u8>(b)); store<u8>(b, t); a++; b--; }
}

/** Aborts with the message built since msgBegin(). */
export function msgAbort(): void {
  store<u8>(msgBuf + msgLen, 0);
  host_abort(msgBuf);
  unreachable();
}

export function msgPrint(): void {
  store<u8>(msgBuf + msgLen, 0);
  host_println(msgBuf);
}

export function failStr(s: string): void {
  msgBegin();
  msgStr(s);
  msgAbort();
}
