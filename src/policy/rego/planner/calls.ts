// Planning calls of builtins and user functions, and of what `with` put in their place.
import type { Term } from '../ast.ts';
import { refName } from '../ast-util.ts';
import { lookupBuiltin } from '../builtins-catalog.ts';
import type * as ir from '../../ir/ir.ts';
import { compileError } from '../compiler/types.ts';
import { argOrder } from '../compiler/safety.ts';
import { MOCK_BARRIER, VALUE_MOCK, mockOf } from './control.ts';
import { planRules } from './data.ts';
import { planHostCall } from './host-calls.ts';
import type { Iter, Planner } from './planner.ts';

/** Plans a call; `ltarget` is its result. User functions get (input, data) first. */
export function planCall(p: Planner, operator: Term, args: Term[], iter: Iter, mockable = true): void {
  const name = refName(operator);
  if (name === undefined) throw compileError('rego_type_error', 'illegal call', operator.location);
  const mock = mockable ? mockOf(p, name) : undefined;
  if (mock === VALUE_MOCK) {
    const value = p.mockLocals.get(name)!;
    return planDefined(p, args, () => {
      p.ltarget = p.local(value);
      iter();
    });
  }
  if (mock) {
    const mname = refName(mock);
    const isFunc = mname !== undefined && (mname.startsWith('data.') ? p.trie.lookup(mname.split('.').slice(1))?.isFunction() : lookupBuiltin(mname) !== undefined);
    if (isFunc) return planCall(p, mock, args, iter, false);
    return planDefined(p, args, () => p.planTerm(mock, iter));
  }
  let func: string;
  const pre: ir.Operand[] = [];
  const post: ir.Operand[] = []; // value mocks, after the arguments (see planRules)
  if (name.startsWith('data.')) {
    const path = name.split('.').slice(1);
    const node = p.trie.lookup(path);
    if (!node || !node.isFunction()) throw compileError('rego_type_error', `undefined function ${name}`, operator.location);
    if (node.arity() !== args.length) throw compileError('rego_type_error', `${name}: arity mismatch`, operator.location);
    if (mockable || p.mocks.length === 0) func = planRules(p, node.rules, path);
    else {
      // A function standing in for a mocked one runs without the mocks (as OPA does).
      p.mocks.push(MOCK_BARRIER);
      p.funcs.push(new Map());
      try {
        func = planRules(p, node.rules, path);
      } finally {
        p.funcs.pop();
        p.mocks.pop();
      }
    }
    const all = p.ruleArgs(func);
    pre.push(...all.slice(0, 2));
    post.push(...all.slice(2));
  } else {
    func = name;
    p.externs.add(name);
  }
  const ops: ir.Operand[] = [];
  const order = argOrder(args);
  const rec = (n: number): void => {
    if (n >= order.length) {
      const result = p.newLocal();
      if (pre.length > 0 || !planHostCall(p, func, ops, result)) p.emit({ type: 'CallStmt', func, args: [...pre, ...ops, ...post], result });
      p.ltarget = p.local(result);
      return iter();
    }
    const i = order[n]!;
    p.planTerm(args[i]!, () => {
      ops[i] = p.ltarget;
      rec(n + 1);
    });
  };
  rec(0);
}

/** A function replaced by a value: its arguments must still be defined, then are ignored. */
function planDefined(p: Planner, args: Term[], iter: Iter): void {
  const rec = (i: number): void => {
    if (i >= args.length) return iter();
    p.planTerm(args[i]!, () => {
      if (p.ltarget.type === 'local') p.emit({ type: 'IsDefinedStmt', source: p.ltarget.value });
      rec(i + 1);
    });
  };
  rec(0);
}

