// Planning of control constructs: `not`, `with` (documents and function mocks), `every`.
import type { Expr, Term } from '../ast.ts';
import { refName } from '../ast-util.ts';
import { lookupBuiltin } from '../builtins-catalog.ts';
import type * as ir from '../../ir/ir.ts';
import { compileError } from '../compiler/types.ts';
import type { Iter, Planner } from './planner.ts';
import type { RuleTrie } from './ruletrie.ts';

export const MOCK_BARRIER = new Map<string, Term>();

/**
 * Marks a function replaced by a value (`with count as 3`, `with f as x`): the value is
 * evaluated at the `with` and handed to the rules planned under it as an extra parameter.
 */
export const VALUE_MOCK: Term = { value: { type: 'null' }, location: { file: '', row: 0, col: 0 } };

/**
 * `not e` holds when no evaluation of `e` succeeds. A flag set at the end of `e` (rather than
 * NotStmt) keeps this right when `e` iterates: a scan never fails by itself.
 */
export function planNot(p: Planner, e: Expr, iter: Iter): void {
  const found = p.newLocal();
  p.emit({ type: 'ResetLocalStmt', target: found });
  planSucceeds(p, found, (k) => p.planExpr({ ...e, negated: false }, k));
  p.emit({ type: 'IsUndefinedStmt', source: found });
  iter();
}

/** Emits a block that sets `flag` to true if `plan` succeeds at least once. */
export function planSucceeds(p: Planner, flag: ir.Local, plan: (k: Iter) => void): void {
  const block: ir.Block = { stmts: [] };
  p.into(block, () =>
    p.scoped(() => plan(() => p.emit({ type: 'AssignVarStmt', source: { type: 'bool', value: true }, target: flag }))),
  );
  p.emit({ type: 'BlockStmt', blocks: [block] });
}

export function planWith(p: Planner, e: Expr, iter: Iter): void {
  const docs: { w: (typeof e.with)[number]; root: string; path: string[] }[] = [];
  const mocks = new Map<string, Term>();
  const valueMocks: { name: string; value: Term }[] = [];
  for (const w of e.with) {
    const fn = functionTarget(p, w.target);
    if (fn === undefined) docs.push({ w, ...withPath(w.target) });
    else if (namesFunction(p, w.value)) mocks.set(fn, w.value);
    else {
      mocks.set(fn, VALUE_MOCK);
      valueMocks.push({ name: fn, value: w.value });
    }
  }
  const values: ir.Operand[] = [];
  const mockValues = new Map<string, ir.Local>();
  const planValues = (i: number, k: Iter): void => {
    if (i < docs.length) {
      return p.planTerm(docs[i]!.w.value, () => {
        values[i] = p.ltarget;
        planValues(i + 1, k);
      });
    }
    const m = i - docs.length;
    if (m >= valueMocks.length) return k();
    p.planTerm(valueMocks[m]!.value, () => {
      mockValues.set(valueMocks[m]!.name, p.targetLocal());
      planValues(i + 1, k);
    });
  };
  planValues(0, () => {
    const outerMockLocals = p.mockLocals;
    const roots = [...new Set(docs.map((t) => t.root))].sort();
    const restore = roots.map((r) => {
      const orig = p.getVar(r)!;
      const save = p.newLocal();
      p.emit({ type: 'AssignVarStmt', source: p.local(orig), target: save });
      return [orig, save] as const;
    });
    const hidden = docs.filter((t) => t.root === 'data').map((t) => p.trie.lookup(t.path)).filter((n): n is RuleTrie => n !== undefined && n.hasRules());
    const shadowing = hidden.length > 0 || mocks.size > 0;
    // Rules planned while documents or functions are replaced are planned again, separately.
    const shadow = () => {
      p.funcs.push(new Map());
      p.mocks.push(mocks);
      p.mockLocals = new Map([...outerMockLocals, ...mockValues]);
      hidden.forEach((n) => n.hidden++);
    };
    const unshadow = () => {
      p.funcs.pop();
      p.mocks.pop();
      p.mockLocals = outerMockLocals;
      hidden.forEach((n) => n.hidden--);
    };
    if (shadowing) shadow();
    const withRec = (i: number): void => {
      if (i >= docs.length) {
        return p.planExpr({ ...e, with: [] }, () => {
          if (shadowing) unshadow();
          undoRec(0);
          if (shadowing) shadow();
        });
      }
      const block: ir.Block = { stmts: [] };
      p.into(block, () => withRec(i + 1));
      const t = docs[i]!;
      p.emit({ type: 'WithStmt', local: p.getVar(t.root)!, path: t.path.map((seg) => p.str(seg)), value: values[i]!, block });
    };
    const undoRec = (i: number): void => {
      if (i >= restore.length) return iter();
      const block: ir.Block = { stmts: [] };
      p.into(block, () => undoRec(i + 1));
      p.emit({ type: 'WithStmt', local: restore[i]![0], path: [], value: p.local(restore[i]![1]), block });
    };
    withRec(0);
    if (shadowing) unshadow();
  });
}

/** True when a `with` value names a function (builtin or user) rather than giving a value. */
function namesFunction(p: Planner, t: Term): boolean {
  const name = refName(t);
  if (name === undefined) return false;
  if (name.startsWith('data.')) return p.trie.lookup(name.split('.').slice(1))?.isFunction() === true;
  return t.value.type !== 'var' || p.getVar(name) === undefined ? lookupBuiltin(name) !== undefined : false;
}

/** The function a `with` target replaces (builtin name or data path of a function), if any. */
export function functionTarget(p: Planner, target: Term): string | undefined {
  const name = refName(target);
  if (name === undefined) return undefined;
  if (name.startsWith('data.')) return p.trie.lookup(name.split('.').slice(1))?.isFunction() ? name : undefined;
  if (name === 'input' || name.startsWith('input.') || name === 'data') return undefined;
  if (lookupBuiltin(name) === undefined) throw compileError('rego_compile_error', `with keyword target ${name} is not a function, input or data`, target.location);
  return name;
}

/** Names of the value mocks in effect (their values are extra parameters of rules planned now). */
export function activeValueMocks(p: Planner): string[] {
  const names = new Set<string>();
  for (let i = p.mocks.length - 1; i >= 0; i--) {
    const frame = p.mocks[i]!;
    if (frame === MOCK_BARRIER) break;
    for (const [n, t] of frame) if (t === VALUE_MOCK) names.add(n);
  }
  return [...names].sort();
}

export function mockOf(p: Planner, name: string): Term | undefined {
  for (let i = p.mocks.length - 1; i >= 0; i--) {
    const frame = p.mocks[i]!;
    if (frame === MOCK_BARRIER) return undefined; // inside a replacement function
    const m = frame.get(name);
    if (m) return m;
  }
  return undefined;
}

export function planEvery(p: Planner, t: Extract<Expr['terms'], { type: 'every' }>, iter: Iter): void {
  p.planTerm(t.domain, () => {
    const source = p.targetLocal();
    // The domain must be a collection: `every` over undefined or a scalar is false.
    const isColl = p.newLocal();
    p.emit({ type: 'ResetLocalStmt', target: isColl });
    const check = (type: 'IsArrayStmt' | 'IsObjectStmt' | 'IsSetStmt'): ir.Block => ({
      stmts: [{ type, source: p.local(source) }, { type: 'AssignVarStmt', source: { type: 'bool', value: true }, target: isColl }],
    });
    p.emit({ type: 'BlockStmt', blocks: [check('IsArrayStmt'), check('IsObjectStmt'), check('IsSetStmt')] });
    p.emit({ type: 'IsDefinedStmt', source: isColl });
    const failed = p.newLocal();
    p.emit({ type: 'ResetLocalStmt', target: failed });
    const scan: ir.Stmt & { type: 'ScanStmt' } = { type: 'ScanStmt', source, key: p.newLocal(), value: p.newLocal(), block: { stmts: [] } };
    p.into(scan.block, () =>
      p.scoped(() => {
        const k = () => p.planUnifyLocal(p.local(scan.value), t.value, () => {
          const ok = p.newLocal();
          p.emit({ type: 'ResetLocalStmt', target: ok });
          planSucceeds(p, ok, (next) => p.planQuery(t.body, 0, next));
          p.emit({ type: 'IsUndefinedStmt', source: ok });
          p.emit({ type: 'AssignVarStmt', source: { type: 'bool', value: true }, target: failed });
        });
        if (t.key) p.planUnifyLocal(p.local(scan.key), t.key, k);
        else k();
      }),
    );
    p.emit(scan);
    p.emit({ type: 'IsUndefinedStmt', source: failed });
    iter();
  });
}

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
