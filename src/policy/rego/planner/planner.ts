// The planner: compiled rules -> IR, in continuation-passing style as OPA's planner does. Each
// plan* method emits statements into the current block and calls `iter` with `ltarget` set to
// the operand holding the value; statements after an undefined one never run, so "iterate" and
// "fail" need no special code. Data refs and rule functions live in data.ts.
import type { Body, Expr, Location as AstLocation, Term } from '../ast.ts';
import { refName } from '../ast-util.ts';
import { lookupBuiltin } from '../builtins-catalog.ts';
import type * as ir from '../../ir/ir.ts';
import { compileError, type CompiledModules } from '../compiler/types.ts';
import { RuleTrie } from './ruletrie.ts';
import { argOrder } from '../compiler/safety.ts';
import { planRefData, planRules } from './data.ts';

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
    if (index >= body.length) return iter();
    const old = this.loc;
    this.loc = body[index]!.location;
    this.planExpr(body[index]!, () => {
      this.planQuery(body, index + 1, iter);
    });
    this.loc = old;
  }

  planExpr(e: Expr, iter: Iter): void {
    if (e.negated) return this.planNot(e, iter);
    if (e.with.length > 0) return this.planWith(e, iter);
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
        return this.planEvery(t, iter);
      case 'and':
      case 'or': {
        // Succeeds at most once: when all operands (and) or any operand (or) can be satisfied.
        const flags = t.operands.map(() => this.newLocal());
        const any = this.newLocal();
        flags.forEach((f) => this.emit({ type: 'ResetLocalStmt', target: f }));
        this.emit({ type: 'ResetLocalStmt', target: any });
        // Short-circuit: an operand runs only while the outcome is still open.
        t.operands.forEach((body, i) =>
          this.planSucceeds(t.type === 'and' ? flags[i]! : any, (k) => {
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

  /**
   * `not e` holds when no evaluation of `e` succeeds. A flag set at the end of `e` (rather than
   * NotStmt) keeps this right when `e` iterates: a scan never fails by itself.
   */
  private planNot(e: Expr, iter: Iter): void {
    const found = this.newLocal();
    this.emit({ type: 'ResetLocalStmt', target: found });
    this.planSucceeds(found, (k) => this.planExpr({ ...e, negated: false }, k));
    this.emit({ type: 'IsUndefinedStmt', source: found });
    iter();
  }

  /** Emits a block that sets `flag` to true if `plan` succeeds at least once. */
  private planSucceeds(flag: ir.Local, plan: (k: Iter) => void): void {
    const block: ir.Block = { stmts: [] };
    this.into(block, () =>
      this.scoped(() => plan(() => this.emit({ type: 'AssignVarStmt', source: { type: 'bool', value: true }, target: flag }))),
    );
    this.emit({ type: 'BlockStmt', blocks: [block] });
  }

  private planWith(e: Expr, iter: Iter): void {
    const docs: { w: (typeof e.with)[number]; root: string; path: string[] }[] = [];
    const mocks = new Map<string, Term>();
    for (const w of e.with) {
      const fn = this.functionTarget(w.target);
      if (fn !== undefined) mocks.set(fn, w.value);
      else docs.push({ w, ...withPath(w.target) });
    }
    const values: ir.Operand[] = [];
    const planValues = (i: number, k: Iter): void => {
      if (i >= docs.length) return k();
      this.planTerm(docs[i]!.w.value, () => {
        values[i] = this.ltarget;
        planValues(i + 1, k);
      });
    };
    planValues(0, () => {
      const roots = [...new Set(docs.map((t) => t.root))].sort();
      const restore = roots.map((r) => {
        const orig = this.getVar(r)!;
        const save = this.newLocal();
        this.emit({ type: 'AssignVarStmt', source: this.local(orig), target: save });
        return [orig, save] as const;
      });
      const hidden = docs.filter((t) => t.root === 'data').map((t) => this.trie.lookup(t.path)).filter((n): n is RuleTrie => n !== undefined && n.hasRules());
      const shadowing = hidden.length > 0 || mocks.size > 0;
      // Rules planned while documents or functions are replaced are planned again, separately.
      const shadow = () => {
        this.funcs.push(new Map());
        this.mocks.push(mocks);
        hidden.forEach((n) => n.hidden++);
      };
      const unshadow = () => {
        this.funcs.pop();
        this.mocks.pop();
        hidden.forEach((n) => n.hidden--);
      };
      if (shadowing) shadow();
      const withRec = (i: number): void => {
        if (i >= docs.length) {
          return this.planExpr({ ...e, with: [] }, () => {
            if (shadowing) unshadow();
            undoRec(0);
            if (shadowing) shadow();
          });
        }
        const block: ir.Block = { stmts: [] };
        this.into(block, () => withRec(i + 1));
        const t = docs[i]!;
        this.emit({ type: 'WithStmt', local: this.getVar(t.root)!, path: t.path.map((p) => this.str(p)), value: values[i]!, block });
      };
      const undoRec = (i: number): void => {
        if (i >= restore.length) return iter();
        const block: ir.Block = { stmts: [] };
        this.into(block, () => undoRec(i + 1));
        this.emit({ type: 'WithStmt', local: restore[i]![0], path: [], value: this.local(restore[i]![1]), block });
      };
      withRec(0);
      if (shadowing) unshadow();
    });
  }

  /** The function a `with` target replaces (builtin name or data path of a function), if any. */
  private functionTarget(target: Term): string | undefined {
    const name = refName(target);
    if (name === undefined) return undefined;
    if (name.startsWith('data.')) return this.trie.lookup(name.split('.').slice(1))?.isFunction() ? name : undefined;
    if (name === 'input' || name.startsWith('input.') || name === 'data') return undefined;
    if (lookupBuiltin(name) === undefined) throw compileError('rego_compile_error', `with keyword target ${name} is not a function, input or data`, target.location);
    return name;
  }

  private mockOf(name: string): Term | undefined {
    for (let i = this.mocks.length - 1; i >= 0; i--) {
      const frame = this.mocks[i]!;
      if (frame === MOCK_BARRIER) return undefined; // inside a replacement function
      const m = frame.get(name);
      if (m) return m;
    }
    return undefined;
  }

  private planEvery(t: Extract<Expr['terms'], { type: 'every' }>, iter: Iter): void {
    this.planTerm(t.domain, () => {
      const source = this.targetLocal();
      // The domain must be a collection: `every` over undefined or a scalar is false.
      const isColl = this.newLocal();
      this.emit({ type: 'ResetLocalStmt', target: isColl });
      const check = (type: 'IsArrayStmt' | 'IsObjectStmt' | 'IsSetStmt'): ir.Block => ({
        stmts: [{ type, source: this.local(source) }, { type: 'AssignVarStmt', source: { type: 'bool', value: true }, target: isColl }],
      });
      this.emit({ type: 'BlockStmt', blocks: [check('IsArrayStmt'), check('IsObjectStmt'), check('IsSetStmt')] });
      this.emit({ type: 'IsDefinedStmt', source: isColl });
      const failed = this.newLocal();
      this.emit({ type: 'ResetLocalStmt', target: failed });
      const scan: ir.Stmt & { type: 'ScanStmt' } = { type: 'ScanStmt', source, key: this.newLocal(), value: this.newLocal(), block: { stmts: [] } };
      this.into(scan.block, () =>
        this.scoped(() => {
          const k = () => this.planUnifyLocal(this.local(scan.value), t.value, () => {
            const ok = this.newLocal();
            this.emit({ type: 'ResetLocalStmt', target: ok });
            this.planSucceeds(ok, (next) => this.planQuery(t.body, 0, next));
            this.emit({ type: 'IsUndefinedStmt', source: ok });
            this.emit({ type: 'AssignVarStmt', source: { type: 'bool', value: true }, target: failed });
          });
          if (t.key) this.planUnifyLocal(this.local(scan.key), t.key, k);
          else k();
        }),
      );
      this.emit(scan);
      this.emit({ type: 'IsUndefinedStmt', source: failed });
      iter();
    });
  }

  /** Plans a call; `ltarget` is its result. User functions get (input, data) first. */
  planCall(operator: Term, args: Term[], iter: Iter, mockable = true): void {
    const name = refName(operator);
    if (name === undefined) throw compileError('rego_type_error', 'illegal call', operator.location);
    const mock = mockable ? this.mockOf(name) : undefined;
    if (mock) {
      const mname = refName(mock);
      const isFunc = mname !== undefined && (mname.startsWith('data.') ? this.trie.lookup(mname.split('.').slice(1))?.isFunction() : lookupBuiltin(mname) !== undefined);
      if (isFunc) return this.planCall(mock, args, iter, false);
      // A value replaces the function: arguments are still evaluated, then ignored.
      const rec = (i: number): void => {
        if (i >= args.length) return this.planTerm(mock, iter);
        this.planTerm(args[i]!, () => {
          if (this.ltarget.type === 'local') this.emit({ type: 'IsDefinedStmt', source: this.ltarget.value });
          rec(i + 1);
        });
      };
      return rec(0);
    }
    let func: string;
    const pre: ir.Operand[] = [];
    if (name.startsWith('data.')) {
      const path = name.split('.').slice(1);
      const node = this.trie.lookup(path);
      if (!node || !node.isFunction()) throw compileError('rego_type_error', `undefined function ${name}`, operator.location);
      if (node.arity() !== args.length) throw compileError('rego_type_error', `${name}: arity mismatch`, operator.location);
      if (mockable || this.mocks.length === 0) func = planRules(this, node.rules, path);
      else {
        // A function standing in for a mocked one runs without the mocks (as OPA does).
        this.mocks.push(MOCK_BARRIER);
        this.funcs.push(new Map());
        try {
          func = planRules(this, node.rules, path);
        } finally {
          this.funcs.pop();
          this.mocks.pop();
        }
      }
      pre.push(this.local(this.getVar('input')!), this.local(this.getVar('data')!));
    } else {
      func = name;
      this.externs.add(name);
    }
    const ops: ir.Operand[] = [];
    const order = argOrder(args);
    const rec = (n: number): void => {
      if (n >= order.length) {
        const result = this.newLocal();
        this.emit({ type: 'CallStmt', func, args: [...pre, ...ops], result });
        this.ltarget = this.local(result);
        return iter();
      }
      const i = order[n]!;
      this.planTerm(args[i]!, () => {
        ops[i] = this.ltarget;
        rec(n + 1);
      });
    };
    rec(0);
  }

  // ---- unification

  planUnify(a: Term, b: Term, iter: Iter): void {
    const va = a.value;
    const vb = b.value;
    if (va.type === 'var') return this.planUnifyVar(va.name, b, iter);
    if (va.type === 'array' || va.type === 'object') {
      if (vb.type === 'var') return this.planUnifyVar(vb.name, a, iter);
      if (va.type === 'array' && vb.type === 'array') {
        if (va.items.length !== vb.items.length) return;
        const rec = (i: number): void => (i >= va.items.length ? iter() : this.planUnify(va.items[i]!, vb.items[i]!, () => rec(i + 1)));
        return rec(0);
      }
      if (va.type === 'object' && vb.type === 'object') return this.planUnifyObjects(va.items, vb.items, iter);
      return this.planTerm(b, () => this.planUnifyLocal(this.ltarget, a, iter));
    }
    this.planTerm(a, () => this.planUnifyLocal(this.ltarget, b, iter));
  }

  private planUnifyObjects(a: [Term, Term][], b: [Term, Term][], iter: Iter): void {
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
        return this.planTerm(ta, () => {
          const la = this.ltarget;
          this.planTerm(tb, () => {
            this.emit({ type: 'EqualStmt', a: la, b: this.ltarget });
            iter();
          });
        });
      }
      pairs.push([v, other]);
    }
    const rec = (i: number): void => (i >= pairs.length ? iter() : this.planUnify(pairs[i]![0], pairs[i]![1], () => rec(i + 1)));
    rec(0);
  }

  private planUnifyVar(name: string, b: Term, iter: Iter): void {
    const l = this.getVar(name);
    if (l !== undefined) return this.planUnifyLocal(this.local(l), b, iter);
    this.planTerm(b, () => {
      const target = this.newLocal();
      this.putVar(name, target);
      this.emit({ type: 'AssignVarStmt', source: this.ltarget, target });
      iter();
    });
  }

  planUnifyLocal(a: ir.Operand, b: Term, iter: Iter): void {
    const vb = b.value;
    if (vb.type === 'var') {
      const l = this.getVar(vb.name);
      if (l !== undefined) {
        this.emit({ type: 'EqualStmt', a, b: this.local(l) });
        return iter();
      }
      const t = this.newLocal();
      this.putVar(vb.name, t);
      this.emit({ type: 'AssignVarStmt', source: a, target: t });
      return iter();
    }
    if (vb.type === 'array') {
      this.emit({ type: 'IsArrayStmt', source: a });
      const alen = this.newLocal();
      const blen = this.newLocal();
      this.emit({ type: 'LenStmt', source: a, target: alen });
      this.emit({ type: 'MakeNumberIntStmt', value: vb.items.length, target: blen });
      this.emit({ type: 'EqualStmt', a: this.local(alen), b: this.local(blen) });
      const rec = (i: number): void => {
        if (i >= vb.items.length) return iter();
        const k = this.newLocal();
        const v = this.newLocal();
        this.emit({ type: 'MakeNumberIntStmt', value: i, target: k });
        this.emit({ type: 'DotStmt', source: a, key: this.local(k), target: v });
        this.planUnifyLocal(this.local(v), vb.items[i]!, () => rec(i + 1));
      };
      return rec(0);
    }
    if (vb.type === 'object') {
      this.emit({ type: 'IsObjectStmt', source: a });
      const alen = this.newLocal();
      const blen = this.newLocal();
      this.emit({ type: 'LenStmt', source: a, target: alen });
      this.emit({ type: 'MakeNumberIntStmt', value: vb.items.length, target: blen });
      this.emit({ type: 'EqualStmt', a: this.local(alen), b: this.local(blen) });
      const rec = (i: number): void => {
        if (i >= vb.items.length) return iter();
        const [k, x] = vb.items[i]!;
        this.planTerm(k, () => {
          const v = this.newLocal();
          this.emit({ type: 'DotStmt', source: a, key: this.ltarget, target: v });
          this.planUnifyLocal(this.local(v), x, () => rec(i + 1));
        });
      };
      return rec(0);
    }
    this.planTerm(b, () => {
      this.emit({ type: 'EqualStmt', a, b: this.ltarget });
      iter();
    });
  }

  // ---- terms

  planTerm(t: Term, iter: Iter): void {
    const v = t.value;
    switch (v.type) {
      case 'null': {
        const l = this.newLocal();
        this.emit({ type: 'MakeNullStmt', target: l });
        this.ltarget = this.local(l);
        return iter();
      }
      case 'boolean':
        this.ltarget = { type: 'bool', value: v.value };
        return iter();
      case 'number': {
        const l = this.newLocal();
        if (/^-?\d+$/.test(v.text) && Number.isSafeInteger(v.value)) this.emit({ type: 'MakeNumberIntStmt', value: v.value, target: l });
        else this.emit({ type: 'MakeNumberRefStmt', index: this.str(v.text), target: l });
        this.ltarget = this.local(l);
        return iter();
      }
      case 'string':
        this.ltarget = { type: 'string_index', value: this.str(v.value) };
        return iter();
      case 'var': {
        const l = this.getVar(v.name);
        if (l === undefined) throw compileError('rego_unsafe_var_error', `var ${v.name} is unsafe`, t.location);
        this.ltarget = this.local(l);
        return iter();
      }
      case 'ref':
        return this.planRef(v.terms, iter);
      case 'array': {
        const arr = this.newLocal();
        this.emit({ type: 'MakeArrayStmt', capacity: v.items.length, target: arr });
        const rec = (i: number): void => {
          if (i >= v.items.length) {
            this.ltarget = this.local(arr);
            return iter();
          }
          this.planTerm(v.items[i]!, () => {
            this.emit({ type: 'ArrayAppendStmt', value: this.ltarget, array: arr });
            rec(i + 1);
          });
        };
        return rec(0);
      }
      case 'object': {
        const obj = this.newLocal();
        this.emit({ type: 'MakeObjectStmt', target: obj });
        const rec = (i: number): void => {
          if (i >= v.items.length) {
            this.ltarget = this.local(obj);
            return iter();
          }
          this.planTerm(v.items[i]![0], () => {
            const key = this.ltarget;
            this.planTerm(v.items[i]![1], () => {
              this.emit({ type: 'ObjectInsertStmt', key, value: this.ltarget, object: obj });
              rec(i + 1);
            });
          });
        };
        return rec(0);
      }
      case 'set': {
        const set = this.newLocal();
        this.emit({ type: 'MakeSetStmt', target: set });
        const rec = (i: number): void => {
          if (i >= v.items.length) {
            this.ltarget = this.local(set);
            return iter();
          }
          this.planTerm(v.items[i]!, () => {
            this.emit({ type: 'SetAddStmt', value: this.ltarget, set });
            rec(i + 1);
          });
        };
        return rec(0);
      }
      case 'call':
        return this.planCall(v.operator, v.args, iter);
      case 'arraycomprehension': {
        const arr = this.newLocal();
        this.emit({ type: 'MakeArrayStmt', capacity: 0, target: arr });
        return this.planComprehension(v.body, () => this.planTerm(v.term, () => this.emit({ type: 'ArrayAppendStmt', value: this.ltarget, array: arr })), arr, iter);
      }
      case 'setcomprehension': {
        const set = this.newLocal();
        this.emit({ type: 'MakeSetStmt', target: set });
        return this.planComprehension(v.body, () => this.planTerm(v.term, () => this.emit({ type: 'SetAddStmt', value: this.ltarget, set })), set, iter);
      }
      case 'objectcomprehension': {
        const obj = this.newLocal();
        this.emit({ type: 'MakeObjectStmt', target: obj });
        return this.planComprehension(
          v.body,
          () => this.planTerm(v.key, () => {
            const key = this.ltarget;
            this.planTerm(v.value, () => this.emit({ type: 'ObjectInsertOnceStmt', key, value: this.ltarget, object: obj }));
          }),
          obj,
          iter,
        );
      }
      case 'templatestring':
        throw compileError('rego_compile_error', 'template strings are not supported', t.location);
    }
  }

  private planComprehension(body: Body, each: Iter, target: ir.Local, iter: Iter): void {
    const block: ir.Block = { stmts: [] };
    const loc = this.loc;
    this.into(block, () => this.scoped(() => this.planQuery(body, 0, each)));
    this.loc = loc;
    this.emit({ type: 'BlockStmt', blocks: [block] });
    this.ltarget = this.local(target);
    iter();
  }

  planRef(terms: Term[], iter: Iter): void {
    const head = terms[0]!;
    if (head.value.type === 'var' && head.value.name === 'data') {
      return planRefData(this, this.trie, { local: this.getVar('data')!, path: [] }, terms.slice(1), 0, iter);
    }
    if (head.value.type === 'var') {
      const l = this.getVar(head.value.name);
      if (l === undefined) throw compileError('rego_unsafe_var_error', `var ${head.value.name} is unsafe`, head.location);
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

const MOCK_BARRIER = new Map<string, Term>();

const noLoc: AstLocation = { file: '', row: 0, col: 0 };

function withPath(target: Term): { root: string; path: string[] } {
  const v = target.value;
  const terms = v.type === 'ref' ? v.terms : [target];
  const head = terms[0]!.value;
  if (head.type !== 'var' || (head.name !== 'input' && head.name !== 'data')) {
    throw compileError('rego_compile_error', 'with keyword target must reference existing input, data or a function', target.location);
  }
  const path = terms.slice(1).map((p) => {
    if (p.value.type !== 'string') throw compileError('rego_compile_error', 'with keyword target path must be ground strings', target.location);
    return p.value.value;
  });
  return { root: head.name, path };
}
