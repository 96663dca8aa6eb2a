// A hand-written module implementing the OPA wasm ABI (1.2 fast path), for testing the engine's
// loading, evaluation, errors and limits independently of the Rego compiler. Values are
// NUL-terminated JSON texts; entrypoints: echo (result = input), loop (never returns),
// conflict (aborts with eval_conflict_error), grow (allocates without end), data (result = data),
// builtin (result = regex.match("^a", input) through the host).
import binaryen from 'binaryen';

const wat = String.raw`
(module
  (import "env" "memory" (memory 2))
  (import "env" "opa_abort" (func $abort (param i32)))
  (import "env" "opa_builtin2" (func $builtin2 (param i32 i32 i32 i32) (result i32)))
  (data (i32.const 16) "{\22regex.match\22:0}\00")
  (data (i32.const 64) "{\22echo\22:0,\22loop\22:1,\22conflict\22:2,\22grow\22:3,\22data\22:4,\22builtin\22:5}\00")
  (data (i32.const 256) "[{\22result\22:\00")
  (data (i32.const 288) "}]\00")
  (data (i32.const 300) "[]\00")
  (data (i32.const 320) "eval_conflict_error: complete rules must not produce multiple outputs\00")
  (data (i32.const 400) "out of memory\00")
  (data (i32.const 432) "\22^a\22\00")
  (global $heap (mut i32) (i32.const 1024))
  (global (export "opa_wasm_abi_version") i32 (i32.const 1))
  (global (export "opa_wasm_abi_minor_version") i32 (i32.const 2))
  (export "memory" (memory 0))

  (func $malloc (export "opa_malloc") (param $n i32) (result i32)
    (local $r i32)
    (local.set $r (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (local.get $n)))
    (block $done
      (loop $more
        (br_if $done (i32.le_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536))))
        (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1))
          (then (call $abort (i32.const 400)) (unreachable)))
        (br $more)))
    (local.get $r))

  (func (export "opa_heap_ptr_get") (result i32) (global.get $heap))
  (func $heap_set (export "opa_heap_ptr_set") (param $p i32) (global.set $heap (local.get $p)))
  (func (export "builtins") (result i32) (i32.const 16))
  (func (export "entrypoints") (result i32) (i32.const 64))
  (func (export "opa_json_dump") (param $v i32) (result i32) (local.get $v))

  (func $copy (param $dst i32) (param $src i32) (param $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (i32.store8 (local.get $dst) (i32.load8_u (local.get $src)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 1)))
        (local.set $src (i32.add (local.get $src) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next))))

  (func $strlen (param $s i32) (result i32)
    (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (i32.add (local.get $s) (local.get $n)))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $n))

  (func $parse (export "opa_json_parse") (param $s i32) (param $len i32) (result i32)
    (local $r i32)
    (local.set $r (call $malloc (i32.add (local.get $len) (i32.const 1))))
    (call $copy (local.get $r) (local.get $s) (local.get $len))
    (i32.store8 (i32.add (local.get $r) (local.get $len)) (i32.const 0))
    (local.get $r))

  ;; "[{\"result\":" + v + "}]"
  (func $wrap (param $v i32) (result i32)
    (local $a i32) (local $b i32) (local $r i32)
    (local.set $a (call $strlen (i32.const 256)))
    (local.set $b (call $strlen (local.get $v)))
    (local.set $r (call $malloc (i32.add (i32.add (local.get $a) (local.get $b)) (i32.const 3))))
    (call $copy (local.get $r) (i32.const 256) (local.get $a))
    (call $copy (i32.add (local.get $r) (local.get $a)) (local.get $v) (local.get $b))
    (call $copy (i32.add (local.get $r) (i32.add (local.get $a) (local.get $b))) (i32.const 288) (i32.const 3))
    (local.get $r))

  (func (export "opa_eval") (param $reserved i32) (param $ep i32) (param $data i32) (param $in i32) (param $len i32) (param $heap i32) (param $fmt i32) (result i32)
    (local $input i32) (local $r i32)
    (call $heap_set (local.get $heap))
    (if (i32.gt_u (local.get $len) (i32.const 0))
      (then (local.set $input (call $parse (local.get $in) (local.get $len)))))
    (if (i32.eq (local.get $ep) (i32.const 0))
      (then (if (i32.eqz (local.get $input)) (then (return (i32.const 300))))
            (return (call $wrap (local.get $input)))))
    (if (i32.eq (local.get $ep) (i32.const 1))
      (then (loop $forever (br $forever))))
    (if (i32.eq (local.get $ep) (i32.const 2))
      (then (call $abort (i32.const 320)) (unreachable)))
    (if (i32.eq (local.get $ep) (i32.const 3))
      (then (loop $more (drop (call $malloc (i32.const 65536))) (br $more))))
    (if (i32.eq (local.get $ep) (i32.const 4))
      (then (return (call $wrap (local.get $data)))))
    (if (i32.eq (local.get $ep) (i32.const 5))
      (then
        (local.set $r (call $builtin2 (i32.const 0) (i32.const 0) (i32.const 432) (local.get $input)))
        (if (i32.eqz (local.get $r)) (then (return (i32.const 300))))
        (return (call $wrap (local.get $r)))))
    (call $abort (i32.const 320))
    (unreachable))
)`;

export function abiFixture(): Uint8Array {
  const m = binaryen.parseText(wat);
  try {
    if (!m.validate()) throw new Error('ABI fixture does not validate');
    return m.emitBinary();
  } finally {
    m.dispose();
  }
}
