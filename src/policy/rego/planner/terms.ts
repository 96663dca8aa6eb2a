// Planning terms: scalars, vars, refs, literal collections, comprehensions and calls as values.
import type { Body, Term } from '../ast.ts';
import type * as ir from '../../ir/ir.ts';
import { compileError } from '../compiler/types.ts';
import type { Iter, Planner } from './planner.ts';

export function planTerm(p: Planner, t: Term, iter: Iter): void {
  const v = t.value;
  switch (v.type) {
    case 'null': {
      const l = p.newLocal();
      p.emit({ type: 'MakeNullStmt', target: l });
      p.ltarget = p.local(l);
      return iter();
    }
    case 'boolean':
      p.ltarget = { type: 'bool', value: v.value };
      return iter();
    case 'number': {
      const l = p.newLocal();
      if (/^-?\d+$/.test(v.text) && Number.isSafeInteger(v.value)) p.emit({ type: 'MakeNumberIntStmt', value: v.value, target: l });
      else p.emit({ type: 'MakeNumberRefStmt', index: p.str(v.text), target: l });
      p.ltarget = p.local(l);
      return iter();
    }
    case 'string':
      p.ltarget = { type: 'string_index', value: p.str(v.value) };
      return iter();
    case 'var': {
      const l = p.getVar(v.name);
      if (l === undefined) throw compileError('rego_unsafe_var_error', `var ${v.name} is unsafe`, t.location);
      p.guardInput(v.name, l);
      p.ltarget = p.local(l);
      return iter();
    }
    case 'ref':
      return p.planRef(v.terms, iter);
    case 'array': {
      const arr = p.newLocal();
      p.emit({ type: 'MakeArrayStmt', capacity: v.items.length, target: arr });
      return planItems(p, 
        v.items,
        (value) => p.emit({ type: 'ArrayAppendStmt', value, array: arr }),
        () => {
          p.ltarget = p.local(arr);
          iter();
        },
      );
    }
    case 'object': {
      const obj = p.newLocal();
      p.emit({ type: 'MakeObjectStmt', target: obj });
      // Keys and values alternate: [k0, v0, k1, v1, ...].
      let key: ir.Operand = { type: 'bool', value: false };
      return planItems(p, 
        v.items.flat(),
        (op, i) => {
          if (i % 2 === 0) key = op;
          else p.emit({ type: 'ObjectInsertStmt', key, value: op, object: obj });
        },
        () => {
          p.ltarget = p.local(obj);
          iter();
        },
      );
    }
    case 'set': {
      const set = p.newLocal();
      p.emit({ type: 'MakeSetStmt', target: set });
      return planItems(p, 
        v.items,
        (value) => p.emit({ type: 'SetAddStmt', value, set }),
        () => {
          p.ltarget = p.local(set);
          iter();
        },
      );
    }
    case 'call':
      return p.planCall(v.operator, v.args, iter);
    case 'arraycomprehension': {
      const arr = p.newLocal();
      p.emit({ type: 'MakeArrayStmt', capacity: 0, target: arr });
      return planComprehension(p, v.body, () => p.planTerm(v.term, () => p.emit({ type: 'ArrayAppendStmt', value: p.ltarget, array: arr })), arr, iter);
    }
    case 'setcomprehension': {
      const set = p.newLocal();
      p.emit({ type: 'MakeSetStmt', target: set });
      return planComprehension(p, v.body, () => p.planTerm(v.term, () => p.emit({ type: 'SetAddStmt', value: p.ltarget, set })), set, iter);
    }
    case 'objectcomprehension': {
      const obj = p.newLocal();
      p.emit({ type: 'MakeObjectStmt', target: obj });
      return planComprehension(p, 
        v.body,
        () => p.planTerm(v.key, () => {
          const key = p.ltarget;
          p.planTerm(v.value, () => p.emit({ type: 'ObjectInsertOnceStmt', key, value: p.ltarget, object: obj }));
        }),
        obj,
        iter,
      );
    }
    case 'templatestring':
      throw compileError('rego_compile_error', 'template strings are not supported', t.location);
  }
}

function planComprehension(p: Planner, body: Body, each: Iter, target: ir.Local, iter: Iter): void {
  const block: ir.Block = { stmts: [] };
  const loc = p.loc;
  p.into(block, () => p.scoped(() => p.planQuery(body, 0, each)));
  p.loc = loc;
  p.emit({ type: 'BlockStmt', blocks: [block] });
  p.ltarget = p.local(target);
  iter();
}

/** Plans the terms of a literal collection, in a loop when none of them iterates. */
function planItems(p: Planner, items: Term[], each: (op: ir.Operand, i: number) => void, done: Iter): void {
  if (items.every((x) => p.straight(x))) {
    for (let i = 0; i < items.length; i++) {
      let reached = false;
      p.planTerm(items[i]!, () => {
        reached = true;
        each(p.ltarget, i);
      });
      if (!reached) return;
    }
    return done();
  }
  const rec = (i: number): void => {
    if (i >= items.length) return done();
    p.planTerm(items[i]!, () => {
      each(p.ltarget, i);
      rec(i + 1);
    });
  };
  rec(0);
}

