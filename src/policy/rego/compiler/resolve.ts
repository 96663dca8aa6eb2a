// Name resolution for one rule: every var becomes a unique local of the scope that owns it
// (rule body, comprehension, `every` body), or a ref to a global (input, data, a rule of the
// package, an import alias). Rewrites `some x in xs` into iteration, calls with an output
// argument into unification, and resolves call operators to builtins or `data.` functions.
import type { Body, Expr, Location, Term } from '../ast.ts';
import { callTerm, refName, refTerm, stringTerm, varTerm } from '../ast-util.ts';
import { lookupBuiltin } from '../builtins-catalog.ts';
import { compileError } from './types.ts';

/** What a module can see: its package, import aliases and the rule names of its package. */
export interface ModuleEnv {
  pkg: string[];
  aliases: Map<string, Term[]>;
  ruleNames: Set<string>;
  /** `import future.keywords.not`: negation no longer hoists call arguments out of `not`. */
  newNot?: boolean;
  /** Arity of the user function at a dotted `data.` path, if one is defined there. */
  functionArity: (dataPath: string) => number | undefined;
}

class Scope {
  readonly names = new Map<string, string>();
  /** Names declared by `:=`/`some` further down the body: in scope only from their declaration on. */
  readonly pending = new Set<string>();
  /** Names declared with `:=` (a second `:=` of one name in a scope is an error). */
  readonly assigned = new Set<string>();
  /** Unique names created in this scope or any scope nested in it. */
  readonly owned = new Set<string>();
  readonly parent: Scope | undefined;
  constructor(parent?: Scope) {
    this.parent = parent;
  }
  lookup(name: string): string | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const u = s.names.get(name);
      if (u !== undefined) return u;
    }
    return undefined;
  }
}

const ROOTS = new Set(['input', 'data']);

export class Resolver {
  /** For each closure body (comprehension, every), the locals it owns: everything else in it is captured. */
  readonly closureLocals = new WeakMap<Body, Set<string>>();
  private counter = 0;
  private readonly env: ModuleEnv;

  constructor(env: ModuleEnv) {
    this.env = env;
  }

  /** Starts a rule scope: args are declared, head terms and the body share the scope. */
  ruleScope(args: Term[] | undefined, headTerms: Term[], body: Body): Scope {
    const s = new Scope();
    for (const a of args ?? []) for (const v of patternVars(a)) this.declareName(s, v);
    this.declareBody(s, body, headTerms);
    return s;
  }

  resolveTerm(s: Scope, t: Term): Term {
    const v = t.value;
    switch (v.type) {
      case 'var':
        return this.resolveVar(s, v.name, t.location);
      case 'ref': {
        const [head, ...rest] = v.terms;
        const h = this.resolveTerm(s, head!);
        const path = rest.map((p) => this.resolveTerm(s, p));
        if (h.value.type === 'ref') return refTerm([...h.value.terms, ...path], t.location);
        return refTerm([h, ...path], t.location);
      }
      case 'array':
      case 'set':
        v.items = v.items.map((i) => this.resolveTerm(s, i));
        return t;
      case 'object':
        v.items = v.items.map(([k, x]) => [this.resolveTerm(s, k), this.resolveTerm(s, x)]);
        return t;
      case 'call': {
        const call = this.resolveCall(s, v.operator, v.args.map((a) => this.resolveTerm(s, a)), t.location, false);
        // A relation (walk) used as a value yields each of its results, as in `[p, v] := walk(x)`.
        const n = call.value.type === 'call' ? refName(call.value.operator) : undefined;
        if (n && lookupBuiltin(n)?.relation) return refTerm([call, varTerm(this.fresh(s, '$'), t.location)], t.location);
        return call;
      }
      case 'arraycomprehension':
      case 'setcomprehension': {
        const inner = this.closure(s, v.body, [v.term]);
        v.body = this.resolveBody(inner, v.body);
        v.term = this.resolveTerm(inner, v.term);
        this.closureLocals.set(v.body, inner.owned);
        return t;
      }
      case 'objectcomprehension': {
        const inner = this.closure(s, v.body, [v.key, v.value]);
        v.body = this.resolveBody(inner, v.body);
        v.key = this.resolveTerm(inner, v.key);
        v.value = this.resolveTerm(inner, v.value);
        this.closureLocals.set(v.body, inner.owned);
        return t;
      }
      case 'templatestring':
        return this.resolveTerm(s, templateCall(t as Term<Extract<Term['value'], { type: 'templatestring' }>>));
      default:
        return t;
    }
  }

  resolveBody(s: Scope, body: Body): Body {
    const out: Body = [];
    for (const e of body) out.push(...this.resolveExpr(s, e));
    return out;
  }

  private closure(s: Scope, body: Body, headTerms: Term[]): Scope {
    const inner = new Scope(s);
    this.declareBody(inner, body, headTerms);
    this.closureLocals.set(body, inner.owned);
    return inner;
  }

  private fresh(s: Scope, name: string): string {
    const u = `${name.startsWith('$') ? '_' : name}__${this.counter++}`;
    for (let x: Scope | undefined = s; x; x = x.parent) x.owned.add(u);
    return u;
  }

  private declareName(s: Scope, name: string): void {
    if (ROOTS.has(name)) return;
    s.names.set(name, this.fresh(s, name));
  }

  /** Registers the names a body declares (`:=`, `some`) or uses without declaring. */
  private declareBody(s: Scope, body: Body, headTerms: Term[]): void {
    const declared = new Set<string>();
    for (const e of body) {
      const t = e.terms;
      if (t.type === 'call' && refName(t.operator) === 'assign' && t.args[0]) {
        for (const v of patternVars(t.args[0])) declared.add(v);
      } else if (t.type === 'some') {
        for (const sym of t.symbols) {
          if (sym.value.type === 'call') {
            const args = sym.value.args;
            for (const a of args.slice(0, args.length - 1)) for (const v of patternVars(a)) declared.add(v);
          } else for (const v of patternVars(sym)) declared.add(v);
        }
      }
    }
    for (const d of declared) s.pending.add(d);
    const used = new Set<string>();
    for (const h of headTerms) collectVars(h, used);
    for (const e of body) {
      const t = e.terms;
      if (t.type === 'term') collectVars(t.term, used);
      else if (t.type === 'call') t.args.forEach((a) => collectVars(a, used));
      else if (t.type === 'every') collectVars(t.domain, used);
      for (const w of e.with) if (!this.isFunctionName(s, w.value)) collectVars(w.value, used);
    }
    for (const u of used) {
      if (u.startsWith('$') || s.pending.has(u) || s.lookup(u) !== undefined || this.isGlobal(u)) continue;
      this.declareName(s, u);
    }
  }

  /** `with` targets: input/data refs stay as written; rule names and aliases become data refs. */
  private resolveWithTarget(s: Scope, t: Term): Term {
    const head = t.value.type === 'ref' ? t.value.terms[0]! : t;
    if (head.value.type !== 'var' || ROOTS.has(head.value.name)) return t;
    return this.isGlobal(head.value.name) ? this.resolveTerm(s, t) : t;
  }

  /** A `with` value naming a builtin (`with count as sum`) is a function, not a local var. */
  private isFunctionName(s: Scope, t: Term): boolean {
    const name = refName(t);
    if (name === undefined) return false;
    const head = name.split('.')[0]!;
    return s.lookup(head) === undefined && !this.isGlobal(head) && lookupBuiltin(name) !== undefined;
  }

  private isGlobal(name: string): boolean {
    return ROOTS.has(name) || this.env.aliases.has(name) || this.env.ruleNames.has(name);
  }

  private resolveVar(s: Scope, name: string, loc: Location): Term {
    if (name.startsWith('$')) return varTerm(this.fresh(s, name), loc);
    const u = s.lookup(name);
    if (u !== undefined) return varTerm(u, loc);
    if (ROOTS.has(name)) return varTerm(name, loc);
    const alias = this.env.aliases.get(name);
    if (alias) return refTerm(alias.map((a) => ({ ...a, location: loc })), loc);
    if (this.env.ruleNames.has(name)) {
      return refTerm([varTerm('data', loc), ...[...this.env.pkg, name].map((p) => stringTerm(p, loc))], loc);
    }
    // Only reachable for vars the scan above did not see (e.g. inside `with` targets).
    s.names.set(name, this.fresh(s, name));
    return varTerm(s.names.get(name)!, loc);
  }

  private resolveCall(s: Scope, operator: Term, args: Term[], loc: Location, isExpr: boolean): Term {
    const name = refName(operator);
    const head = operator.value.type === 'ref' ? operator.value.terms[0] : operator;
    const headName = head?.value.type === 'var' ? head.value.name : undefined;
    // Calls of rules (by name, import alias or data path) become calls of `data.` functions.
    if (headName !== undefined && headName !== 'input' && s.lookup(headName) === undefined && this.isGlobal(headName)) {
      const op = this.resolveTerm(s, operator);
      return callTerm(op, args, loc);
    }
    if (name === undefined) throw compileError('rego_type_error', 'illegal call: operator must be a function name', loc);
    const decl = lookupBuiltin(name);
    if (!decl && !['eq', 'assign', 'print'].includes(name)) {
      throw compileError('rego_type_error', `undefined function ${name}`, loc);
    }
    if (decl && (args.length < decl.arity || args.length > decl.arity + (isExpr ? 1 : 0))) {
      throw compileError('rego_type_error', `${name}: arity mismatch`, loc);
    }
    return callTerm(name, args, loc);
  }

  private resolveExpr(s: Scope, e: Expr): Expr[] {
    const t = e.terms;
    const withs = e.with.map((w) => ({ ...w, target: this.resolveWithTarget(s, w.target), value: this.isFunctionName(s, w.value) ? w.value : this.resolveTerm(s, w.value) }));
    const mk = (terms: Expr['terms']): Expr => ({ ...e, terms, with: withs });
    switch (t.type) {
      case 'term':
        return [mk({ type: 'term', term: this.resolveTerm(s, t.term) })];
      case 'some':
        return this.resolveSome(s, e, t.symbols, mk);
      case 'and':
      case 'or': {
        // Each operand is a closure: it reads outer vars and binds nothing outside.
        const operands = t.operands.map((body) => {
          const inner = new Scope(s);
          this.declareBody(inner, body, []);
          const out = this.resolveBody(inner, body);
          this.closureLocals.set(out, inner.owned);
          return out;
        });
        return [mk({ type: t.type, operands, location: t.location })];
      }
      case 'every': {
        const domain = this.resolveTerm(s, t.domain);
        const inner = new Scope(s);
        const declared = [...(t.key ? patternVars(t.key) : []), ...patternVars(t.value)];
        for (const v of declared) this.declareName(inner, v);
        this.declareBody(inner, t.body, []);
        this.closureLocals.set(t.body, inner.owned);
        const key = t.key ? this.resolveTerm(inner, t.key) : undefined;
        const value = this.resolveTerm(inner, t.value);
        const body = this.resolveBody(inner, t.body);
        this.closureLocals.set(body, inner.owned);
        return [mk({ type: 'every', key, value, domain, body, location: t.location })];
      }
      case 'call': {
        const name = refName(t.operator);
        if (name === 'print') return [];
        if (name === 'assign' && t.args.length === 2) {
          const rhs = this.resolveTerm(s, t.args[1]!);
          for (const v of patternVars(t.args[0]!)) {
            if (s.names.has(v)) {
              const why = s.assigned.has(v) ? 'assigned' : 'referenced';
              throw compileError('rego_compile_error', `var ${v} ${why} above`, e.location);
            }
            this.declareName(s, v);
            s.assigned.add(v);
          }
          return [mk({ type: 'call', operator: t.operator, args: [this.resolveTerm(s, t.args[0]!), rhs] })];
        }
        const args = t.args.map((a) => this.resolveTerm(s, a));
        if (name === 'eq') return [mk({ type: 'call', operator: t.operator, args })];
        const call = this.resolveCall(s, t.operator, args, e.location, true);
        const cv = call.value as Extract<Term['value'], { type: 'call' }>;
        const arity = this.arityOf(cv.operator);
        if (arity !== undefined && cv.args.length === arity + 1) {
          const out = cv.args.pop()!;
          const n = refName(cv.operator);
          if (n && lookupBuiltin(n)?.relation) {
            // Relations yield several results: iterate over the collection the call returns.
            const iter = refTerm([call, varTerm(this.fresh(s, '$'), e.location)], e.location);
            return [mk({ type: 'call', operator: eqOp(e.location), args: [out, iter] })];
          }
          return [mk({ type: 'call', operator: eqOp(e.location), args: [out, call] })];
        }
        const rn = refName(cv.operator);
        // A relation as a whole expression holds once per result.
        const relation = rn !== undefined && lookupBuiltin(rn)?.relation === true;
        const plain = (args: Term[]): Expr =>
          relation
            ? mk({ type: 'term', term: refTerm([callTerm(rn!, args, e.location), varTerm(this.fresh(s, '$'), e.location)], e.location) })
            : mk({ type: 'call', operator: cv.operator, args });
        if (!e.negated || this.env.newNot) return [plain(cv.args)];
        // As OPA's RewriteDynamicTerms: refs and calls in the arguments of a negated call are
        // evaluated before the negation, so an undefined argument fails the body.
        const pre: Expr[] = [];
        const hoisted = cv.args.map((a) => this.hoist(s, a, pre, e, mk));
        return [...pre, plain(hoisted)];
      }
    }
    return [];
  }

  private hoist(s: Scope, t: Term, pre: Expr[], e: Expr, mk: (t: Expr['terms']) => Expr): Term {
    const v = t.value;
    if (v.type === 'ref' || v.type === 'call') {
      const tmp = varTerm(this.fresh(s, '__local'), t.location);
      pre.push({ ...mk({ type: 'call', operator: eqOp(t.location), args: [tmp, t] }), negated: false, generated: true, location: e.location });
      return tmp;
    }
    if (v.type === 'array') return { ...t, value: { ...v, items: v.items.map((x) => this.hoist(s, x, pre, e, mk)) } };
    if (v.type === 'set') return { ...t, value: { ...v, items: v.items.map((x) => this.hoist(s, x, pre, e, mk)) } };
    if (v.type === 'object') return { ...t, value: { ...v, items: v.items.map(([k, x]) => [this.hoist(s, k, pre, e, mk), this.hoist(s, x, pre, e, mk)] as [Term, Term]) } };
    return t;
  }

  private arityOf(op: Term): number | undefined {
    const name = refName(op);
    if (name === undefined) return undefined;
    if (name.startsWith('data.')) return this.env.functionArity(name);
    return lookupBuiltin(name)?.arity;
  }

  private resolveSome(s: Scope, e: Expr, symbols: Term[], mk: (t: Expr['terms']) => Expr): Expr[] {
    const out: Expr[] = [];
    for (const sym of symbols) {
      if (sym.value.type !== 'call') {
        for (const v of patternVars(sym)) this.declareName(s, v); // `some x`: a declaration only
        continue;
      }
      const raw = sym.value.args;
      const domainTerm = this.resolveTerm(s, raw[raw.length - 1]!);
      for (const a of raw.slice(0, raw.length - 1)) for (const v of patternVars(a)) this.declareName(s, v);
      const args = [...raw.slice(0, raw.length - 1).map((a) => this.resolveTerm(s, a)), domainTerm];
      const loc = sym.location;
      const domain = args[args.length - 1]!;
      const value = args[args.length - 2]!;
      const key = args.length === 3 ? args[0]! : varTerm(this.fresh(s, '$'), loc);
      const keyIsSimple = key.value.type === 'var' || isScalar(key);
      const k = keyIsSimple ? key : varTerm(this.fresh(s, '$'), loc);
      const ref = domain.value.type === 'ref' ? refTerm([...domain.value.terms, k], loc) : refTerm([domain, k], loc);
      out.push(mk({ type: 'call', operator: eqOp(loc), args: [value, ref] }));
      if (!keyIsSimple) out.push(mk({ type: 'call', operator: eqOp(loc), args: [key, k] }));
    }
    return out;
  }
}

/**
 * `$"a {x} b"` -> `internal.template_string(["a ", {__tmplN__ | __tmplN__ = x}, " b"])`: each
 * expression becomes the set of its values, so an undefined one prints as `<undefined>`.
 */
let templateVars = 0;

function templateCall(t: Term<Extract<Term['value'], { type: 'templatestring' }>>): Term {
  const loc = t.location;
  const items = t.value.parts.map((part): Term => {
    if (part.type === 'text') return stringTerm(part.value, loc);
    const e = part.expr;
    const value: Term =
      e.terms.type === 'term' ? e.terms.term : e.terms.type === 'call' ? { value: { type: 'call', operator: e.terms.operator, args: e.terms.args }, location: e.location } : stringTerm('', loc);
    const v = varTerm(`__tmpl${templateVars++}__`, e.location);
    const body: Body = [{ terms: { type: 'call', operator: eqOp(e.location), args: [v, value] }, negated: false, with: e.with, index: 0, location: e.location }];
    return { value: { type: 'setcomprehension', term: v, body }, location: e.location };
  });
  return callTerm('internal.template_string', [{ value: { type: 'array', items }, location: loc }], loc);
}

const eqOp = (loc: Location): Term => refTerm([varTerm('eq', loc)], loc);

function isScalar(t: Term): boolean {
  return ['null', 'boolean', 'number', 'string'].includes(t.value.type);
}

/** Vars in positions a unification can bind: the term itself, array items, object values. */
export function patternVars(t: Term): string[] {
  const v = t.value;
  if (v.type === 'var') return v.name.startsWith('$') ? [] : [v.name];
  if (v.type === 'array') return v.items.flatMap(patternVars);
  if (v.type === 'object') return v.items.flatMap(([, x]) => patternVars(x));
  return [];
}

/** Var names in a term outside nested closures (ref heads included, call operators excluded). */
function collectVars(t: Term, out: Set<string>): void {
  const v = t.value;
  switch (v.type) {
    case 'var':
      out.add(v.name);
      break;
    case 'ref':
      v.terms.forEach((x) => collectVars(x, out));
      break;
    case 'array':
    case 'set':
      v.items.forEach((x) => collectVars(x, out));
      break;
    case 'object':
      v.items.forEach(([k, x]) => {
        collectVars(k, out);
        collectVars(x, out);
      });
      break;
    case 'call':
      v.args.forEach((x) => collectVars(x, out));
      break;
    default:
      break;
  }
}
