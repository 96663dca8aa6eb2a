// Calls of host builtins whose results need reshaping to match OPA: results cross the host boundary
// as JSON, which has no sets, so builtins whose OPA result is a set come back as arrays and are cast
// back to sets.
import type * as ir from '../../ir/ir.ts';
import type { Planner } from './planner.ts';

/** Host builtins whose OPA result is a set. */
const SET_RESULTS = new Set(['graph.reachable', 'graph.reachable_paths', 'net.lookup_ip_addr']);

/** Emits the call of `func` into `result`; false when `func` needs no special planning. */
export function planHostCall(p: Planner, func: string, args: ir.Operand[], result: ir.Local): boolean {
  if (SET_RESULTS.has(func)) {
    const raw = p.newLocal();
    p.externs.add(func);
    p.externs.add('cast_set');
    p.emit({ type: 'CallStmt', func, args, result: raw });
    p.emit({ type: 'CallStmt', func: 'cast_set', args: [p.local(raw)], result });
    return true;
  }
  return false;
}
