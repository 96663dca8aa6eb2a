// Which user functions the code generator memoises per evaluation (runtime fmemo.ts): those with
// arguments whose result depends only on them, input and data. Builtins with effects or fresh
// randomness per call rule a function out, and so does calling such a function.
import type * as ir from '../ir/ir.ts';

/** Most arguments (besides input and data) a memoised call may have; FMEMO_MAX_ARGS in the runtime. */
export const MEMO_MAX_ARGS = 8;

const EFFECTFUL_BUILTINS = new Set(['trace', 'internal.print', 'test.sleep', 'io.jwt.encode_sign', 'io.jwt.encode_sign_raw', 'net.lookup_ip_addr']);

function calls(blocks: ir.Block[], out: Set<string>): void {
  for (const b of blocks) {
    for (const s of b.stmts) {
      switch (s.type) {
        case 'CallStmt': out.add(s.func); break;
        case 'CallDynamicStmt': out.add('*dynamic*'); break;
        case 'BlockStmt': calls(s.blocks, out); break;
        case 'ScanStmt': case 'NotStmt': case 'WithStmt': calls([s.block], out); break;
        default: break;
      }
    }
  }
}

/** Names of the functions worth and safe to memoise. */
export function memoisableFunctions(funcs: ir.Func[]): Set<string> {
  const callees = new Map(funcs.map((f) => {
    const out = new Set<string>();
    calls(f.blocks, out);
    return [f.name, out] as const;
  }));
  const impure = new Set<string>();
  for (const [name, out] of callees) {
    if ([...out].some((c) => EFFECTFUL_BUILTINS.has(c) || c === '*dynamic*')) impure.add(name);
  }
  // a function is impure when it calls one that is, directly or not
  for (let changed = true; changed;) {
    changed = false;
    for (const [name, out] of callees) {
      if (impure.has(name)) continue;
      if ([...out].some((c) => impure.has(c))) {
        impure.add(name);
        changed = true;
      }
    }
  }
  return new Set(funcs.filter((f) => f.params.length > 2 && f.params.length <= 2 + MEMO_MAX_ARGS && !impure.has(f.name)).map((f) => f.name));
}
