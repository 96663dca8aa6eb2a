// Unification: binds unbound vars in pattern positions, compares everything else.
import type { Term } from '../ast.ts';
import type * as ir from '../../ir/ir.ts';
import type { Iter, Planner } from './planner.ts';

export function planUnify(p: Planner, a: Term, b: Term, iter: Iter): void {
  const va = a.value;
  const vb = b.value;
  if (va.type === 'var') return planUnifyVar(p, va.name, b, iter);
  if (va.type === 'array' || va.type === 'object') {
    if (vb.type === 'var') return planUnifyVar(p, vb.name, a, iter);
    if (va.type === 'array' && vb.type === 'array') {
      if (va.items.length !== vb.items.length) return;
      const rec = (i: number): void => (i >= va.items.length ? iter() : p.planUnify(va.items[i]!, vb.items[i]!, () => rec(i + 1)));
      return rec(0);
    }
    if (va.type === 'object' && vb.type === 'object') return planUnifyObjects(p, va.items, vb.items, iter);
    return p.planTerm(b, () => p.planUnifyLocal(p.ltarget, a, iter));
  }
  p.planTerm(a, () => p.planUnifyLocal(p.ltarget, b, iter));
}

export function planUnifyObjects(p: Planner, a: [Term, Term][], b: [Term, Term][], iter: Iter): void {
  if (a.length !== b.length) return;
  const key = (t: Term) => JSON.stringify(t.value);
  const bm = new Map(b.map(([k, v]) => [key(k), v]));
  const pairs: [Term, Term][] = [];
  for (const [k, v] of a) {
    const other = bm.get(key(k));
    if (!other) {
      // Keys that are not the same literal: compare the two objects as values.
      const ta: Term = { value: { type: 'object', items: a }, location: a[0]![0].location };
      const tb: Term = { value: { type: 'object', items: b }, location: b[0]![0].location };
      return p.planTerm(ta, () => {
        const la = p.ltarget;
        p.planTerm(tb, () => {
          p.emit({ type: 'EqualStmt', a: la, b: p.ltarget });
          iter();
        });
      });
    }
    pairs.push([v, other]);
  }
  const rec = (i: number): void => (i >= pairs.length ? iter() : p.planUnify(pairs[i]![0], pairs[i]![1], () => rec(i + 1)));
  rec(0);
}

export function planUnifyVar(p: Planner, name: string, b: Term, iter: Iter): void {
  const l = p.getVar(name);
  if (l !== undefined) return p.planUnifyLocal(p.local(l), b, iter);
  p.planTerm(b, () => {
    const target = p.newLocal();
    p.putVar(name, target);
    p.emit({ type: 'AssignVarStmt', source: p.ltarget, target });
    iter();
  });
}

export function planUnifyLocal(p: Planner, a: ir.Operand, b: Term, iter: Iter): void {
  const vb = b.value;
  if (vb.type === 'var') {
    const l = p.getVar(vb.name);
    if (l !== undefined) {
      p.emit({ type: 'EqualStmt', a, b: p.local(l) });
      return iter();
    }
    const t = p.newLocal();
    p.putVar(vb.name, t);
    p.emit({ type: 'AssignVarStmt', source: a, target: t });
    return iter();
  }
  if (vb.type === 'array') {
    p.emit({ type: 'IsArrayStmt', source: a });
    const alen = p.newLocal();
    const blen = p.newLocal();
    p.emit({ type: 'LenStmt', source: a, target: alen });
    p.emit({ type: 'MakeNumberIntStmt', value: vb.items.length, target: blen });
    p.emit({ type: 'EqualStmt', a: p.local(alen), b: p.local(blen) });
    const rec = (i: number): void => {
      if (i >= vb.items.length) return iter();
      const k = p.newLocal();
      const v = p.newLocal();
      p.emit({ type: 'MakeNumberIntStmt', value: i, target: k });
      p.emit({ type: 'DotStmt', source: a, key: p.local(k), target: v });
      p.planUnifyLocal(p.local(v), vb.items[i]!, () => rec(i + 1));
    };
    return rec(0);
  }
  if (vb.type === 'object') {
    p.emit({ type: 'IsObjectStmt', source: a });
    const alen = p.newLocal();
    const blen = p.newLocal();
    p.emit({ type: 'LenStmt', source: a, target: alen });
    p.emit({ type: 'MakeNumberIntStmt', value: vb.items.length, target: blen });
    p.emit({ type: 'EqualStmt', a: p.local(alen), b: p.local(blen) });
    const rec = (i: number): void => {
      if (i >= vb.items.length) return iter();
      const [k, x] = vb.items[i]!;
      p.planTerm(k, () => {
        const v = p.newLocal();
        p.emit({ type: 'DotStmt', source: a, key: p.ltarget, target: v });
        p.planUnifyLocal(p.local(v), x, () => rec(i + 1));
      });
    };
    return rec(0);
  }
  p.planTerm(b, () => {
    p.emit({ type: 'EqualStmt', a, b: p.ltarget });
    iter();
  });
}
