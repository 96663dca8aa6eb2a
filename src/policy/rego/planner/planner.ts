// The planner: compiled rules -> IR, in continuation-passing style as OPA's planner does. Each
// plan* method emits statements into the current block and calls `iter` with `ltarget` set to
// the operand holding the value; statements after an undefined one never run, so "iterate" and
// "fail" need no special code. Data refs and rule functions live in data.ts, terms in terms.ts,
// calls in calls.ts, unification in unify.ts and control flow (not, every, with) in control.ts.
import type { Body, Expr, Location as AstLocation, Term } from '../ast.ts';
import { refName } from '../ast-util.ts';
import { lookupBuiltin } from '../builtins-catalog.ts';
import type * as ir from '../../ir/ir.ts';
import { compileError, type CompiledModules } from '../compiler/types.ts';
import { RuleTrie } from './ruletrie.ts';
import { planRefData } from './data.ts';
import { planEvery, planNot, planSucceeds, planWith } from './control.ts';
import { planUnify, planUnifyLocal } from './unify.ts';
import { planCall } from './calls.ts';
import { planTerm } from './terms.ts';

export type Iter = () => void;

export class Planner {
  readonly policy: ir.Policy = {
    static: { strings: [], builtin_funcs: [], files: [] },
    plans: { plans: [] },
    funcs: { funcs: [] },
  };
  readonly trie = new RuleTrie();
  private readonly strings = new Map<string, number>();
  private readonly files = new Map<string, number>();
  readonly externs = new Set<string>();
  /** Planned rule groups by path; a new frame is pushed while `with` hides rules. */
  readonly funcs: Map<string, string>[] = [new Map()];
  readonly planning: string[] = [];
  /** Functions replaced by `with` (builtin name or data path -> replacement term), innermost last. */
  readonly mocks: Map<string, Term>[] = [];
  /** Locals holding the values of value mocks in the function being planned. */
  mockLocals = new Map<string, ir.Local>();
  /** The value mocks each planned function takes as extra parameters, by function name. */
  readonly funcMockParams = new Map<string, string[]>();
  gen = 0;
  curr: ir.Block = { stmts: [] };
  vars: Map<string, ir.Local>[] = [];
  ltarget: ir.Operand = { type: 'bool', value: false };
  lnext = 3;
  loc: AstLocation | undefined;

  constructor(compiled: CompiledModules) {
    for (const p of compiled.packages) this.trie.insert(p);
    for (const r of compiled.rules) this.trie.insert(r.path).rules.push(r);
  }

  // ---- helpers

  newLocal(): ir.Local {
    return this.lnext++;
  }

  str(s: string): number {
    let i = this.strings.get(s);
    if (i === undefined) {
      i = this.policy.static.strings.length;
      this.policy.static.strings.push({ value: s });
      this.strings.set(s, i);
    }
    return i;
  }

  emit(s: ir.Stmt): void {
    this.emitTo(s, this.curr);
  }

  emitTo(s: ir.Stmt, b: ir.Block): void {
    if (this.loc) {
      let f = this.files.get(this.loc.file);
      if (f === undefined) {
        f = this.policy.static.files.length;
        this.policy.static.files.push({ value: this.loc.file });
        this.files.set(this.loc.file, f);
      }
      s.location = { file: f, row: this.loc.row, col: this.loc.col };
    }
    b.stmts.push(s);
  }

  getVar(name: string): ir.Local | undefined {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const l = this.vars[i]!.get(name);
      if (l !== undefined) return l;
    }
    return undefined;
  }

  putVar(name: string, l: ir.Local): void {
    this.vars[this.vars.length - 1]!.set(name, l);
  }

  /** Runs `fn` with statements going to `block`, restoring the current block after. */
  into(block: ir.Block, fn: () => void): void {
    const prev = this.curr;
    this.curr = block;
    try {
      fn();
    } finally {
      this.curr = prev;
    }
  }

  scoped(fn: () => void): void {
    this.vars.push(new Map());
    try {
      fn();
    } finally {
      this.vars.pop();
    }
  }

  /** The current target as a local (copying constants into one). */
  targetLocal(): ir.Local {
    const t = this.ltarget;
    if (t.type === 'local') return t.value;
    const l = this.newLocal();
    this.emit({ type: 'AssignVarStmt', source: t, target: l });
    return l;
  }

  /**
   * Input is the one local that may be undefined when read (no input given), so reads of it are
   * guarded: every other local the planner reads has been assigned on the path that reaches it.
   */
  guardInput(name: string, l: ir.Local): void {
    if (name === 'input') this.emit({ type: 'IsDefinedStmt', source: l });
  }

  /** Arguments of a call to a planned rule function: input, data, then its value mocks. */
  ruleArgs(func: string): ir.Operand[] {
    const mocks = (this.funcMockParams.get(func) ?? []).map((n) => this.local(this.mockLocals.get(n)!));
    return [this.local(this.getVar('input')!), this.local(this.getVar('data')!), ...mocks];
  }

  local(l: ir.Local): ir.Operand {
    return { type: 'local', value: l };
  }

  // ---- entrypoints

  planEntrypoint(name: string): void {
    const path = name.split('/').filter((p) => p !== '');
    const plan: ir.Plan = { name, blocks: [] };
    this.policy.plans.plans.push(plan);
    this.lnext = 3;
    this.vars = [new Map([['input', 0], ['data', 1]])];
    const block: ir.Block = { stmts: [] };
    this.curr = block;
    this.loc = undefined;
    planRefData(this, this.trie, { local: 1, path: [] }, path.map((p) => ({ value: { type: 'string', value: p }, location: noLoc })), 0, () => {
      const value = this.ltarget;
      const lr = this.newLocal();
      this.emit({ type: 'MakeObjectStmt', target: lr });
      this.emit({ type: 'ObjectInsertStmt', key: { type: 'string_index', value: this.str('result') }, value, object: lr });
      this.emit({ type: 'ResultSetAddStmt', value: lr });
    });
    plan.blocks.push(block);
  }

  finish(): ir.Policy {
    this.policy.static.builtin_funcs = [...this.externs].sort().map((name) => {
      const d = lookupBuiltin(name)!;
      return d.relation ? { name, arity: d.arity, relation: true } : { name, arity: d.arity };
    });
    return this.policy;
  }

  // ---- queries and expressions

  planQuery(body: Body, index: number, iter: Iter): void {
    // Straight-line expressions (no iteration) are planned in a loop rather than by nested
    // continuations, so long bodies do not exhaust the JS stack.
    let i = index;
    for (; i < body.length && this.straightExpr(body[i]!); i++) {
      let reached = false;
      const old = this.loc;
      this.loc = body[i]!.location;
      this.planExpr(body[i]!, () => (reached = true));
      this.loc = old;
      if (!reached) return; // statically false: nothing after it can run
    }
    if (i >= body.length) return iter();
    const old = this.loc;
    this.loc = body[i]!.location;
    this.planExpr(body[i]!, () => {
      this.planQuery(body, i + 1, iter);
    });
    this.loc = old;
  }

  /** True when planning `e` calls its continuation at most once, in the current block. */
  private straightExpr(e: Expr): boolean {
    if (e.with.length > 0) return false;
    if (e.negated) return true;
    const t = e.terms;
    switch (t.type) {
      case 'term':
        return this.straight(t.term);
      case 'call':
        return (this.mocks.length === 0 || ['eq', 'assign'].includes(refName(t.operator) ?? '')) && t.args.every((a) => this.straight(a, true));
      case 'every':
        return this.straight(t.domain);
      default:
        return true;
    }
  }

  /**
   * True when planning `t` never iterates: no ref with unbound vars, no data ref that walks
   * the rule tree with a var. With `pattern`, unbound vars outside refs are bindings, not reads.
   */
  straight(t: Term, pattern = false): boolean {
    const v = t.value;
    switch (v.type) {
      case 'var':
        return pattern || this.getVar(v.name) !== undefined;
      case 'ref': {
        const [head, ...path] = v.terms;
        if (head!.value.type === 'var' && head!.value.name === 'data') return path.every((p) => p.value.type === 'string');
        if (head!.value.type !== 'var' && !this.straight(head!)) return false;
        return path.every((p) => !this.unseenVars(p) && this.straight(p));
      }
      case 'array':
      case 'set':
        return v.items.every((x) => this.straight(x, pattern));
      case 'object':
        return v.items.every(([k, x]) => this.straight(k) && this.straight(x, pattern));
      case 'call':
        return this.mocks.length === 0 && v.args.every((x) => this.straight(x));
      default:
        return true;
    }
  }

  planExpr(e: Expr, iter: Iter): void {
    if (e.negated) return planNot(this, e, iter);
    if (e.with.length > 0) return planWith(this, e, iter);
    const t = e.terms;
    switch (t.type) {
      case 'term':
        return this.planTerm(t.term, () => {
          this.emit({ type: 'NotEqualStmt', a: this.ltarget, b: { type: 'bool', value: false } });
          iter();
        });
      case 'call': {
        const name = refName(t.operator);
        if ((name === 'eq' || name === 'assign') && t.args.length === 2) return this.planUnify(t.args[0]!, t.args[1]!, iter);
        return this.planCall(t.operator, t.args, () => {
          this.emit({ type: 'NotEqualStmt', a: this.ltarget, b: { type: 'bool', value: false } });
          iter();
        });
      }
      case 'every':
        return planEvery(this, t, iter);
      case 'and':
      case 'or': {
        // Succeeds at most once: when all operands (and) or any operand (or) can be satisfied.
        const flags = t.operands.map(() => this.newLocal());
        const any = this.newLocal();
        flags.forEach((f) => this.emit({ type: 'ResetLocalStmt', target: f }));
        this.emit({ type: 'ResetLocalStmt', target: any });
        // Short-circuit: an operand runs only while the outcome is still open.
        t.operands.forEach((body, i) =>
          planSucceeds(this, t.type === 'and' ? flags[i]! : any, (k) => {
            if (i > 0) this.emit(t.type === 'and' ? { type: 'IsDefinedStmt', source: flags[i - 1]! } : { type: 'IsUndefinedStmt', source: any });
            this.planQuery(body, 0, k);
          }),
        );
        if (t.type === 'and') flags.forEach((f) => this.emit({ type: 'IsDefinedStmt', source: f }));
        else this.emit({ type: 'IsDefinedStmt', source: any });
        return iter();
      }
      case 'some':
        return iter();
    }
  }

  /** Plans a call; `ltarget` is its result (calls.ts). */
  planCall(operator: Term, args: Term[], iter: Iter, mockable = true): void {
    planCall(this, operator, args, iter, mockable);
  }

  // ---- unification (unify.ts)

  planUnify(a: Term, b: Term, iter: Iter): void {
    planUnify(this, a, b, iter);
  }

  planUnifyLocal(a: ir.Operand, b: Term, iter: Iter): void {
    planUnifyLocal(this, a, b, iter);
  }

  // ---- terms (terms.ts)

  planTerm(t: Term, iter: Iter): void {
    planTerm(this, t, iter);
  }

  planRef(terms: Term[], iter: Iter): void {
    const head = terms[0]!;
    if (head.value.type === 'var' && head.value.name === 'data') {
      return planRefData(this, this.trie, { local: this.getVar('data')!, path: [] }, terms.slice(1), 0, iter);
    }
    if (head.value.type === 'var') {
      const l = this.getVar(head.value.name);
      if (l === undefined) throw compileError('rego_unsafe_var_error', `var ${head.value.name} is unsafe`, head.location);
      this.guardInput(head.value.name, l);
      this.ltarget = this.local(l);
      return this.planRefRec(terms, 1, iter);
    }
    this.planTerm(head, () => this.planRefRec(terms, 1, iter));
  }

  planRefRec(terms: Term[], index: number, iter: Iter): void {
    if (index >= terms.length) return iter();
    const t = terms[index]!;
    if (!this.unseenVars(t)) return this.planDot(t, () => this.planRefRec(terms, index + 1, iter));
    this.planScan(t, () => this.planRefRec(terms, index + 1, iter));
  }

  planDot(key: Term, iter: Iter): void {
    const source = this.ltarget;
    this.planTerm(key, () => {
      const target = this.newLocal();
      this.emit({ type: 'DotStmt', source, key: this.ltarget, target });
      this.ltarget = this.local(target);
      iter();
    });
  }

  planScan(key: Term, iter: (key: ir.Local) => void): void {
    const source = this.targetLocal();
    const scan: ir.Stmt & { type: 'ScanStmt' } = { type: 'ScanStmt', source, key: this.newLocal(), value: this.newLocal(), block: { stmts: [] } };
    this.into(scan.block, () =>
      this.planUnifyLocal(this.local(scan.key), key, () => {
        this.ltarget = this.local(scan.value);
        iter(scan.key);
      }),
    );
    this.emit(scan);
  }

  unseenVars(t: Term): boolean {
    const v = t.value;
    switch (v.type) {
      case 'var':
        return this.getVar(v.name) === undefined;
      case 'ref':
        return v.terms.some((x) => this.unseenVars(x));
      case 'array':
      case 'set':
        return v.items.some((x) => this.unseenVars(x));
      case 'object':
        return v.items.some(([k, x]) => this.unseenVars(k) || this.unseenVars(x));
      case 'call':
        return v.args.some((x) => this.unseenVars(x));
      default:
        return false;
    }
  }
}

const noLoc: AstLocation = { file: '', row: 0, col: 0 };
