// Safety: orders each body so every expression runs once the vars it reads are bound (OPA's
// reorderBodyForSafety), and reports `var x is unsafe` when no order works. The binding model
// mirrors the planner exactly: refs bind unbound path vars by iteration, unification binds vars in
// pattern positions (the term itself, array items, object values), everything else reads.
import type { Body, Expr, Term } from '../ast.ts';
import { refName } from '../ast-util.ts';
import { lookupBuiltin } from '../builtins-catalog.ts';
import { compileError } from './types.ts';

export type Bound = ReadonlySet<string>;

const ROOTS = new Set(['input', 'data']);

/** Per closure body, the locals it owns (anything else it mentions is captured). */
export type ClosureLocals = WeakMap<Body, Set<string>>;

export class Safety {
  private readonly closures: ClosureLocals;
  constructor(closures: ClosureLocals) {
    this.closures = closures;
  }

  /** Vars left unbound when evaluating `t` as a value, or the bound set afterwards. */
  term(t: Term, b: Set<string>, missing: string[]): void {
    const v = t.value;
    switch (v.type) {
      case 'var':
        if (!b.has(v.name) && !ROOTS.has(v.name)) missing.push(v.name);
        return;
      case 'ref': {
        const [head, ...path] = v.terms;
        if (head!.value.type === 'var') {
          if (!ROOTS.has(head!.value.name) && !b.has(head!.value.name)) missing.push(head!.value.name);
        } else this.term(head!, b, missing);
        for (const p of path) {
          if (p.value.type === 'var') b.add(p.value.name);
          else if (!this.unseen(p, b)) this.term(p, b, missing);
          else this.unifyLocal(p, b, missing);
        }
        return;
      }
      case 'array':
      case 'set':
        for (const i of v.items) this.term(i, b, missing);
        return;
      case 'object':
        for (const [k, x] of v.items) {
          this.term(k, b, missing);
          this.term(x, b, missing);
        }
        return;
      case 'call':
        for (const i of argOrder(v.args)) this.term(v.args[i]!, b, missing);
        return;
      case 'arraycomprehension':
      case 'setcomprehension':
      case 'objectcomprehension':
        for (const f of this.captured(t)) if (!b.has(f)) missing.push(f);
        return;
      default:
        return;
    }
  }

  private unseen(t: Term, b: Set<string>): boolean {
    const vs = new Set<string>();
    varsOutsideClosures(t, vs);
    for (const x of vs) if (!b.has(x) && !ROOTS.has(x)) return true;
    return false;
  }

  /** Vars a closure term reads from the enclosing scope. */
  captured(t: Term): string[] {
    const v = t.value;
    if (v.type !== 'arraycomprehension' && v.type !== 'setcomprehension' && v.type !== 'objectcomprehension') return [];
    const own = this.closures.get(v.body) ?? new Set<string>();
    const all = new Set<string>();
    allVars(t, all);
    return [...all].filter((x) => !own.has(x) && !ROOTS.has(x));
  }

  unify(a: Term, c: Term, b: Set<string>, missing: string[]): void {
    const va = a.value;
    const vc = c.value;
    if (va.type === 'var') {
      if (b.has(va.name) || ROOTS.has(va.name)) return this.unifyLocal(c, b, missing);
      this.term(c, b, missing);
      b.add(va.name);
      return;
    }
    if (va.type === 'array' || va.type === 'object') {
      if (vc.type === 'var') return this.unify(c, a, b, missing);
      if (va.type === 'array' && vc.type === 'array') {
        if (va.items.length !== vc.items.length) return;
        va.items.forEach((x, i) => this.unify(x, vc.items[i]!, b, missing));
        return;
      }
      if (va.type === 'object' && vc.type === 'object') {
        if (va.items.length !== vc.items.length) return;
        const keys = new Map(vc.items.map(([k, x]) => [JSON.stringify(k.value), x]));
        if (va.items.some(([k]) => !keys.has(JSON.stringify(k.value)))) {
          this.term(a, b, missing);
          this.term(c, b, missing);
          return;
        }
        for (const [k, x] of va.items) this.unify(x, keys.get(JSON.stringify(k.value))!, b, missing);
        return;
      }
      this.term(c, b, missing);
      return this.unifyLocal(a, b, missing);
    }
    this.term(a, b, missing);
    this.unifyLocal(c, b, missing);
  }

  /** Unifying a bound value with pattern `t`. */
  unifyLocal(t: Term, b: Set<string>, missing: string[]): void {
    const v = t.value;
    if (v.type === 'var') {
      b.add(v.name);
      return;
    }
    if (v.type === 'array') {
      for (const i of v.items) this.unifyLocal(i, b, missing);
      return;
    }
    if (v.type === 'object') {
      for (const [k, x] of v.items) {
        this.term(k, b, missing);
        this.unifyLocal(x, b, missing);
      }
      return;
    }
    this.term(t, b, missing);
  }

  private ownedByClosure(e: Expr, name: string): boolean {
    let found = false;
    const visit = (t: Term): void => {
      const v = t.value;
      if (v.type === 'arraycomprehension' || v.type === 'setcomprehension' || v.type === 'objectcomprehension') {
        if (this.closures.get(v.body)?.has(name)) found = true;
      } else if (v.type === 'ref') v.terms.forEach(visit);
      else if (v.type === 'array' || v.type === 'set') v.items.forEach(visit);
      else if (v.type === 'object') v.items.forEach(([k, x]) => (visit(k), visit(x)));
      else if (v.type === 'call') v.args.forEach(visit);
    };
    const t = e.terms;
    if (t.type === 'term') visit(t.term);
    else if (t.type === 'call') t.args.forEach(visit);
    else if (t.type === 'every') return this.closures.get(t.body)?.has(name) ?? false;
    else if (t.type === 'and' || t.type === 'or') return t.operands.some((o) => this.closures.get(o)?.has(name));
    return found;
  }

  /** Simulates one expression; returns the vars it could not read (empty when it can run now). */
  expr(e: Expr, b: Set<string>): string[] {
    const missing: string[] = [];
    for (const w of e.with) if (!isBuiltinName(w.value, b)) this.term(w.value, b, missing);
    if (e.negated) {
      // Named vars of a negated expression must be bound before it; wildcards stay local to it.
      const vs = new Set<string>();
      exprVars(e, vs);
      for (const x of vs) if (!b.has(x) && !ROOTS.has(x) && !isWildcard(x) && !this.ownedByClosure(e, x)) missing.push(x);
      this.exprTerms(e, new Set(b), missing);
      return missing;
    }
    this.exprTerms(e, b, missing);
    return missing;
  }

  private exprTerms(e: Expr, b: Set<string>, missing: string[]): void {
    const t = e.terms;
    switch (t.type) {
      case 'term':
        this.term(t.term, b, missing);
        return;
      case 'call': {
        const name = refName(t.operator);
        if ((name === 'eq' || name === 'assign') && t.args.length === 2) return this.unify(t.args[0]!, t.args[1]!, b, missing);
        for (const i of argOrder(t.args)) this.term(t.args[i]!, b, missing);
        return;
      }
      case 'every': {
        this.term(t.domain, b, missing);
        const own = this.closures.get(t.body) ?? new Set<string>();
        const all = new Set<string>();
        for (const x of t.body) exprVars(x, all);
        for (const f of all) if (!own.has(f) && !ROOTS.has(f) && !b.has(f)) missing.push(f);
        return;
      }
      case 'and':
      case 'or':
        for (const body of t.operands) this.closureBody(body, b, missing);
        return;
      case 'some':
        return;
    }
  }

  /** Vars a closure body reads from outside must be bound. */
  private closureBody(body: Body, b: Set<string>, missing: string[]): void {
    const own = this.closures.get(body) ?? new Set<string>();
    const all = new Set<string>();
    for (const x of body) exprVars(x, all);
    for (const f of all) if (!own.has(f) && !ROOTS.has(f) && !b.has(f)) missing.push(f);
  }

  /**
   * Reorders `body` given the vars bound before it; recurses into closures with the vars bound
   * at their position. Throws rego_unsafe_var_error naming the first var no order can bind.
   */
  reorder(body: Body, bound: Bound): { body: Body; bound: Set<string> } {
    const b = new Set(bound);
    const pending = [...body];
    const out: Body = [];
    while (pending.length > 0) {
      let progressed = false;
      for (let i = 0; i < pending.length; i++) {
        const e = pending[i]!;
        const trial = new Set(b);
        if (this.expr(e, trial).length > 0) continue;
        this.closuresIn(e, b);
        if (!e.negated) for (const x of trial) b.add(x);
        out.push(e);
        pending.splice(i, 1);
        progressed = true;
        break;
      }
      if (!progressed) {
        const e = pending[0]!;
        const missing = this.expr(e, new Set(b));
        const name = missing.find((m) => !m.startsWith('_')) ?? missing[0]!;
        throw compileError('rego_unsafe_var_error', `var ${displayName(name)} is unsafe`, e.location);
      }
    }
    return { body: out, bound: b };
  }

  /** Checks a rule head term once the body has bound `bound`; reorders closures inside it. */
  headTerm(t: Term, bound: Set<string>): void {
    const e: Expr = { terms: { type: 'term', term: t }, negated: false, with: [], index: 0, location: t.location };
    const missing = this.expr(e, new Set(bound));
    if (missing.length > 0) throw compileError('rego_unsafe_var_error', `var ${displayName(missing[0]!)} is unsafe`, t.location);
    this.closuresIn(e, bound);
  }

  /** Reorders the bodies of closures inside `e`, which runs with `b` bound. */
  private closuresIn(e: Expr, b: Set<string>): void {
    const visit = (t: Term): void => {
      const v = t.value;
      switch (v.type) {
        case 'arraycomprehension':
        case 'setcomprehension':
        case 'objectcomprehension': {
          const r = this.reorder(v.body, b);
          v.body.splice(0, v.body.length, ...r.body);
          this.closures.set(v.body, this.closures.get(v.body) ?? new Set());
          const heads = v.type === 'objectcomprehension' ? [v.key, v.value] : [v.term];
          for (const h of heads) {
            const missing: string[] = [];
            this.term(h, new Set(r.bound), missing);
            if (missing.length > 0) throw compileError('rego_unsafe_var_error', `var ${displayName(missing[0]!)} is unsafe`, h.location);
          }
          return;
        }
        case 'ref':
          v.terms.forEach(visit);
          return;
        case 'array':
        case 'set':
          v.items.forEach(visit);
          return;
        case 'object':
          v.items.forEach(([k, x]) => (visit(k), visit(x)));
          return;
        case 'call':
          v.args.forEach(visit);
          return;
        default:
          return;
      }
    };
    const t = e.terms;
    if (t.type === 'term') visit(t.term);
    else if (t.type === 'call') t.args.forEach(visit);
    else if (t.type === 'every') {
      visit(t.domain);
      const inner = new Set(b);
      const kv: string[] = [];
      if (t.key) this.unifyLocal(t.key, inner, kv);
      this.unifyLocal(t.value, inner, kv);
      const r = this.reorder(t.body, inner);
      t.body.splice(0, t.body.length, ...r.body);
    } else if (t.type === 'and' || t.type === 'or') {
      for (const body of t.operands) {
        const r = this.reorder(body, b);
        body.splice(0, body.length, ...r.body);
      }
    }
    for (const w of e.with) visit(w.value);
  }
}

/** The order call arguments are evaluated in: refs first, so vars they bind by iteration are
 * bound for the other arguments (`x == xs[x]`). The planner uses the same order. */
export function argOrder(args: Term[]): number[] {
  const idx = args.map((_, i) => i);
  return [...idx.filter((i) => args[i]!.value.type === 'ref'), ...idx.filter((i) => args[i]!.value.type !== 'ref')];
}

/** A `with` value naming a builtin (`with count as sum`) rather than reading a var. */
function isBuiltinName(t: Term, b: Set<string>): boolean {
  const name = refName(t);
  return name !== undefined && !b.has(name.split('.')[0]!) && lookupBuiltin(name) !== undefined;
}

export const isWildcard = (unique: string): boolean => unique.startsWith('___');

/** The source name of a renamed local (`x__12` -> `x`). */
export function displayName(unique: string): string {
  const i = unique.lastIndexOf('__');
  return i > 0 ? unique.slice(0, i) : unique;
}

function varsOutsideClosures(t: Term, out: Set<string>): void {
  const v = t.value;
  if (v.type === 'var') out.add(v.name);
  else if (v.type === 'ref') v.terms.forEach((x) => varsOutsideClosures(x, out));
  else if (v.type === 'array' || v.type === 'set') v.items.forEach((x) => varsOutsideClosures(x, out));
  else if (v.type === 'object') v.items.forEach(([k, x]) => (varsOutsideClosures(k, out), varsOutsideClosures(x, out)));
  else if (v.type === 'call') v.args.forEach((x) => varsOutsideClosures(x, out));
}

function allVars(t: Term, out: Set<string>): void {
  const v = t.value;
  switch (v.type) {
    case 'arraycomprehension':
    case 'setcomprehension':
      allVars(v.term, out);
      v.body.forEach((e) => exprVars(e, out));
      return;
    case 'objectcomprehension':
      allVars(v.key, out);
      allVars(v.value, out);
      v.body.forEach((e) => exprVars(e, out));
      return;
    case 'var':
      out.add(v.name);
      return;
    case 'ref':
      v.terms.forEach((x) => allVars(x, out));
      return;
    case 'array':
    case 'set':
      v.items.forEach((x) => allVars(x, out));
      return;
    case 'object':
      v.items.forEach(([k, x]) => (allVars(k, out), allVars(x, out)));
      return;
    case 'call':
      v.args.forEach((x) => allVars(x, out));
      return;
    default:
      return;
  }
}

export function exprVars(e: Expr, out: Set<string>): void {
  const t = e.terms;
  if (t.type === 'term') allVars(t.term, out);
  else if (t.type === 'call') t.args.forEach((a) => allVars(a, out));
  else if (t.type === 'every') {
    if (t.key) allVars(t.key, out);
    allVars(t.value, out);
    allVars(t.domain, out);
    t.body.forEach((x) => exprVars(x, out));
  } else if (t.type === 'and' || t.type === 'or') t.operands.forEach((body) => body.forEach((x) => exprVars(x, out)));
  for (const w of e.with) allVars(w.value, out);
}
