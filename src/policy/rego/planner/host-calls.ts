// Calls of host builtins whose results need reshaping to match OPA: results cross the host boundary
// as JSON, which has no sets, so builtins whose OPA result is a set come back as arrays and are cast
// back to sets, and providers.aws.sign_req, which returns the request it signed, gets the request's
// own body back (sets in it included).
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
  if (func === 'providers.aws.sign_req' && args.length === 3) {
    const raw = p.newLocal();
    p.externs.add(func);
    p.externs.add('object.union');
    p.emit({ type: 'CallStmt', func, args, result: raw });
    p.emit({ type: 'AssignVarStmt', source: p.local(raw), target: result });
    const body = p.newLocal();
    const patch = p.newLocal();
    const merged = p.newLocal();
    p.emit({ type: 'BlockStmt', blocks: [{ stmts: [
      { type: 'IsObjectStmt', source: args[0]! },
      { type: 'DotStmt', source: args[0]!, key: { type: 'string_index', value: p.str('body') }, target: body },
      { type: 'MakeObjectStmt', target: patch },
      { type: 'ObjectInsertStmt', key: { type: 'string_index', value: p.str('body') }, value: p.local(body), object: patch },
      { type: 'CallStmt', func: 'object.union', args: [p.local(raw), p.local(patch)], result: merged },
      { type: 'AssignVarStmt', source: p.local(merged), target: result },
    ] }] });
    return true;
  }
  return false;
}
