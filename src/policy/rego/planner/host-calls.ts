// Calls of host builtins whose results need reshaping to match OPA.
// - The OPA SDK runs its own JavaScript yaml.is_valid and yaml.unmarshal ahead of any host builtin,
//   and they differ from OPA: is_valid of a non-string is undefined (OPA: false) and unmarshal of
//   invalid YAML is undefined (OPA: a builtin error). Calls to them are planned around the host call.
// - Results cross the host boundary as JSON, which has no sets: builtins whose OPA result is a set
//   come back as arrays and are cast back to sets.
import type * as ir from '../../ir/ir.ts';
import type { Planner } from './planner.ts';

/** Native runtime builtin that fails as yaml.unmarshal does on text that is not YAML. */
export const YAML_INVALID = 'internal.yaml_invalid';

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
  if (func === 'yaml.is_valid') {
    const isStr = p.newLocal();
    const host = p.newLocal();
    p.externs.add('is_string');
    p.externs.add(func);
    p.emit({ type: 'CallStmt', func: 'is_string', args, result: isStr });
    p.emit({ type: 'ResetLocalStmt', target: result });
    p.emit({ type: 'BlockStmt', blocks: [{ stmts: [
      { type: 'EqualStmt', a: p.local(isStr), b: { type: 'bool', value: false } },
      { type: 'AssignVarStmt', source: { type: 'bool', value: false }, target: result },
    ] }] });
    p.emit({ type: 'BlockStmt', blocks: [{ stmts: [
      { type: 'NotEqualStmt', a: p.local(isStr), b: { type: 'bool', value: false } },
      { type: 'CallStmt', func, args, result: host },
      { type: 'AssignVarStmt', source: p.local(host), target: result },
    ] }] });
    p.emit({ type: 'IsDefinedStmt', source: result });
    return true;
  }
  if (func === 'yaml.unmarshal') {
    const ignored = p.newLocal();
    p.externs.add(func);
    p.externs.add(YAML_INVALID);
    p.emit({ type: 'ResetLocalStmt', target: result });
    p.emit({ type: 'BlockStmt', blocks: [{ stmts: [{ type: 'CallStmt', func, args, result }] }] });
    p.emit({ type: 'BlockStmt', blocks: [{ stmts: [
      { type: 'IsUndefinedStmt', source: result },
      { type: 'CallStmt', func: YAML_INVALID, args, result: ignored },
    ] }] });
    p.emit({ type: 'IsDefinedStmt', source: result });
    return true;
  }
  return false;
}
