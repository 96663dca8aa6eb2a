// Planning of `data` refs (rules merged with base documents, as OPA's virtual document model)
// and of rule groups into IR functions.
import type { Term } from '../ast.ts';
import type * as ir from '../../ir/ir.ts';
import { compileError, pathString, type CompiledRule } from '../compiler/types.ts';
import type { Iter, Planner } from './planner.ts';
import type { RuleTrie } from './ruletrie.ts';
import { activeValueMocks } from './control.ts';

interface BasePtr {
  local: ir.Local;
  path: Term[];
}

const strTerm = (s: string, like: Term): Term => ({ value: { type: 'string', value: s }, location: like.location });

/**
 * Plans `data` + ref[index..]: walks the rule tree while the ref is ground, calls the rule group
 * it reaches, enumerates rule children and base keys for unbound vars, and builds the merged
 * extent when the ref ends inside the tree.
 */
export function planRefData(p: Planner, virtual: RuleTrie | undefined, base: BasePtr, ref: Term[], index: number, iter: Iter): void {
  if (index >= ref.length) return planRefDataExtent(p, virtual, base, iter);
  const t = ref[index]!;
  if (t.value.type === 'string' || t.value.type === 'number') {
    // A number key names a document as its decimal text (`data.x[2]` reads key "2").
    const child = virtual?.get(t.value.type === 'string' ? t.value.value : t.value.text);
    if (child && child.rules.length > 0 && !child.takesArgs()) {
      planRuleNode(p, child);
      return p.planRefRec(ref, index + 1, iter);
    }
    return planRefData(p, child, { local: base.local, path: [...base.path, t] }, ref, index + 1, iter);
  }
  if (!virtual || virtual.keys().length === 0) {
    return planRefData(p, undefined, { local: base.local, path: [...base.path, t] }, ref, index + 1, iter);
  }
  // A var key at a node with rule children: each child, then the base document's other keys.
  const exclude: string[] = [];
  const stmt: ir.Stmt & { type: 'BlockStmt' } = { type: 'BlockStmt', blocks: [] };
  for (const key of virtual.keys()) {
    const child = virtual.get(key)!;
    if (child.takesArgs()) continue;
    exclude.push(key);
    const block: ir.Block = { stmts: [] };
    p.into(block, () =>
      p.scoped(() =>
        p.planUnifyLocal({ type: 'string_index', value: p.str(key) }, t, () => {
          const cpy = [...ref];
          cpy[index] = strTerm(key, t);
          planRefData(p, virtual, base, cpy, index, iter);
        }),
      ),
    );
    stmt.blocks.push(block);
  }
  p.emit(stmt);
  planBasePath(p, base, () => {
    p.planScan(t, (lkey) => {
      const value = p.ltarget;
      if (exclude.length > 0) excluded(p, exclude, p.local(lkey));
      p.ltarget = value;
      planRefData(p, undefined, { local: p.targetLocal(), path: [] }, ref, index + 1, iter);
    });
  });
}

/**
 * Walks the base document from `base.local` along `base.path`. A number key into an object
 * falls back to its decimal text, as OPA's storage paths are strings.
 */
function planBasePath(p: Planner, base: BasePtr, iter: Iter): void {
  p.ltarget = p.local(base.local);
  const step = (i: number): void => {
    if (i >= base.path.length) return iter();
    const t = base.path[i]!;
    if (t.value.type !== 'number') {
      if (!p.unseenVars(t)) return p.planDot(t, () => step(i + 1));
      return p.planScan(t, () => step(i + 1));
    }
    const source = p.ltarget;
    const target = p.newLocal();
    const num = p.newLocal();
    p.emit({ type: 'ResetLocalStmt', target });
    p.emit(/^-?\d+$/.test(t.value.text) && Number.isSafeInteger(t.value.value) ? { type: 'MakeNumberIntStmt', value: t.value.value, target: num } : { type: 'MakeNumberRefStmt', index: p.str(t.value.text), target: num });
    p.emit({ type: 'BlockStmt', blocks: [{ stmts: [{ type: 'DotStmt', source, key: p.local(num), target }] }] });
    const text: ir.Operand = { type: 'string_index', value: p.str(t.value.text) };
    p.emit({ type: 'BlockStmt', blocks: [{ stmts: [{ type: 'IsUndefinedStmt', source: target }, { type: 'DotStmt', source, key: text, target }] }] });
    p.emit({ type: 'IsDefinedStmt', source: target });
    p.ltarget = p.local(target);
    step(i + 1);
  };
  step(0);
}

/** Calls the rule group at `node` (which folds in any rules below it); `ltarget` is the value. */
function planRuleNode(p: Planner, node: RuleTrie): void {
  const name = planRules(p, node.rules, node.rules[0]!.path);
  const result = p.newLocal();
  p.emit({ type: 'CallStmt', func: name, args: p.ruleArgs(name), result });
  p.ltarget = p.local(result);
}

/** Fails the current block when `key` names a rule child (those were visited already). */
function excluded(p: Planner, keys: string[], key: ir.Operand): void {
  const set = p.newLocal();
  p.emit({ type: 'MakeSetStmt', target: set });
  for (const k of keys) p.emit({ type: 'SetAddStmt', value: { type: 'string_index', value: p.str(k) }, set });
  const ignore = p.newLocal();
  p.emit({ type: 'NotStmt', block: { stmts: [{ type: 'DotStmt', source: p.local(set), key, target: ignore }] } });
}

/** The full value at a tree node: rule values (recursively) merged with the base document. */
function planRefDataExtent(p: Planner, virtual: RuleTrie | undefined, base: BasePtr | undefined, iter: Iter): void {
  if (!virtual) {
    if (!base) throw new Error('planRefDataExtent: neither rules nor base data');
    return planBasePath(p, base, iter);
  }
  const vtarget = p.newLocal();
  p.emit({ type: 'MakeObjectStmt', target: vtarget });
  for (const key of virtual.keys()) {
    const child = virtual.get(key)!;
    if (child.takesArgs()) continue;
    const lkey: ir.Operand = { type: 'string_index', value: p.str(key) };
    if (child.rules.length === 0) {
      planRefDataExtent(p, child, undefined, () => {
        p.emit({ type: 'ObjectInsertStmt', object: vtarget, key: lkey, value: p.ltarget });
      });
      continue;
    }
    const b: ir.Block = { stmts: [] };
    p.into(b, () => {
      planRuleNode(p, child);
      p.emit({ type: 'ObjectInsertStmt', object: vtarget, key: lkey, value: p.ltarget });
    });
    p.emit({ type: 'BlockStmt', blocks: [b] });
  }
  if (!base) {
    p.ltarget = p.local(vtarget);
    return iter();
  }
  // Base value merged with the virtual one; falls back to the virtual value when base is undefined.
  const target = p.newLocal();
  const inner: ir.Block = { stmts: [] };
  p.into(inner, () => {
    planBasePath(p, base, () => {
      p.emit({ type: 'ObjectMergeStmt', a: p.targetLocal(), b: vtarget, target });
      p.emit({ type: 'BreakStmt', index: 1 });
    });
  });
  const outer: ir.Block = { stmts: [] };
  p.into(outer, () => {
    p.emit({ type: 'BlockStmt', blocks: [inner] });
    p.emit({ type: 'AssignVarStmt', source: p.local(vtarget), target });
  });
  p.emit({ type: 'BlockStmt', blocks: [outer] });
  p.emit({ type: 'IsDefinedStmt', source: target });
  p.ltarget = p.local(target);
  iter();
}

/** Plans a rule group (once per `with` frame) as a function `gN.data.path`; returns its name. */
export function planRules(p: Planner, rules: CompiledRule[], path: string[]): string {
  const key = pathString(path);
  const known = p.funcs[p.funcs.length - 1]!.get(key);
  if (known) return known;
  const cycle = p.planning.indexOf(key);
  if (cycle >= 0) {
    const chain = [...p.planning.slice(cycle), key].join(' -> ');
    throw compileError('rego_recursion_error', `rule ${key} is recursive: ${chain}`, rules[0]!.location);
  }
  p.planning.push(key);
  const saved = { vars: p.vars, curr: p.curr, ltarget: p.ltarget, lnext: p.lnext, loc: p.loc, mockLocals: p.mockLocals };
  const name = `g${p.gen++}.${key}`;
  p.lnext = 0;
  p.loc = rules[0]!.location;
  const first = rules.find((r) => !r.default) ?? rules[0]!;
  const fn: ir.Func = { name, params: [p.newLocal(), p.newLocal()], return: p.newLocal(), blocks: [], path: [name.split('.')[0]!, ...path] };
  for (let i = 0; i < (first.args?.length ?? 0); i++) fn.params.push(p.newLocal());
  const params = fn.params.slice(2);
  // Values of functions replaced by `with` reach the rules planned under it as parameters.
  const mockNames = activeValueMocks(p);
  p.mockLocals = new Map(mockNames.map((n) => [n, p.newLocal()]));
  fn.params.push(...p.mockLocals.values());
  p.funcMockParams.set(name, mockNames);
  const kinds = new Set(rules.filter((r) => !r.default).map((r) => r.kind));
  if (kinds.size > 1) throw compileError('rego_type_error', `conflicting rules ${key} found`, rules[0]!.location);
  const kind = first.kind;
  if (kind === 'object') fn.blocks.push({ stmts: [{ type: 'MakeObjectStmt', target: fn.return }] });
  if (kind === 'set') fn.blocks.push({ stmts: [{ type: 'MakeSetStmt', target: fn.return }] });
  const lresult = p.newLocal();
  const lnext = p.lnext;
  let defaultRule: CompiledRule | undefined;
  for (const rule of rules) {
    if (rule.default) {
      defaultRule = rule;
      continue;
    }
    let blocks = fn.blocks;
    if (rule.else) {
      const stmt: ir.Stmt & { type: 'BlockStmt' } = { type: 'BlockStmt', blocks: [] };
      fn.blocks.push({ stmts: [stmt] });
      blocks = stmt.blocks;
    }
    let prev: CompiledRule | undefined;
    for (let r: CompiledRule | undefined = rule; r; prev = r, r = r.else) {
      const cur = r;
      p.loc = cur.location;
      p.lnext = lnext;
      p.vars = [new Map([['input', fn.params[0]!], ['data', fn.params[1]!]])];
      const block: ir.Block = { stmts: [] };
      blocks.push(block);
      p.curr = block;
      p.emit(prev ? { type: 'IsUndefinedStmt', source: lresult } : { type: 'ResetLocalStmt', target: lresult });
      planParams(p, params, cur.args ?? [], 0, () =>
        p.planQuery(cur.body, 0, () => {
          switch (cur.kind) {
            case 'complete':
            case 'function':
              return p.planTerm(cur.value!, () => p.emit({ type: 'AssignVarOnceStmt', target: lresult, source: p.ltarget }));
            case 'set':
              return p.planTerm(cur.key!, () => p.emit({ type: 'SetAddStmt', set: fn.return, value: p.ltarget }));
            case 'object':
              return planNestedInsert(p, fn.return, [cur.key!, ...(cur.keySuffix ?? [])], cur.value!, cur.leafSet === true);
          }
        }),
      );
    }
    if (kind === 'complete' || kind === 'function') {
      blocks.push({
        stmts: [
          { type: 'IsDefinedStmt', source: lresult },
          { type: 'AssignVarOnceStmt', target: fn.return, source: p.local(lresult) },
        ],
      });
    }
  }
  if (kind === 'object') {
    // Rules below an object rule group (`p[k] := v` with `p.a.b := 1`) are folded into its value.
    const node = p.trie.lookup(path);
    const leafDepth = 1 + (first.keySuffix?.length ?? 0);
    if (node) planChildren(p, fn, node, [], leafDepth, first.leafSet === true, lnext);
  }
  if (defaultRule) {
    const d = defaultRule;
    p.loc = d.location;
    p.lnext = lnext;
    p.vars = [new Map([['input', fn.params[0]!], ['data', fn.params[1]!]])];
    const block: ir.Block = { stmts: [{ type: 'IsUndefinedStmt', source: fn.return }] };
    fn.blocks.push(block);
    p.curr = block;
    planParams(p, params, d.args ?? [], 0, () =>
      p.planQuery(d.body, 0, () => p.planTerm(d.value!, () => p.emit({ type: 'AssignVarOnceStmt', target: fn.return, source: p.ltarget }))),
    );
  }
  fn.blocks.push({ stmts: [{ type: 'ReturnLocalStmt', source: fn.return }] });
  p.policy.funcs.funcs.push(fn);
  p.funcs[p.funcs.length - 1]!.set(key, name);
  p.planning.pop();
  Object.assign(p, saved);
  return name;
}

/**
 * Inserts `value` at `keys` below `obj`, creating intermediate objects; the last insert is
 * ObjectInsertOnce so two rules giving different values for one key conflict. Intermediate
 * objects are inserted first and filled after, so the runtime must insert by reference.
 */
function planNestedInsert(p: Planner, obj: ir.Local, keys: Term[], value: Term, leafSet: boolean): void {
  p.planTerm(keys[0]!, () => {
    const key = p.ltarget;
    if (keys.length === 1 && !leafSet) {
      return p.planTerm(value, () => p.emit({ type: 'ObjectInsertOnceStmt', object: obj, key, value: p.ltarget }));
    }
    const set = keys.length === 1;
    const child = p.newLocal();
    p.emit({ type: 'ResetLocalStmt', target: child });
    p.emit({ type: 'BlockStmt', blocks: [{ stmts: [{ type: 'DotStmt', source: p.local(obj), key, target: child }] }] });
    const make: ir.Stmt = set ? { type: 'MakeSetStmt', target: child } : { type: 'MakeObjectStmt', target: child };
    p.emit({
      type: 'BlockStmt',
      blocks: [{ stmts: [{ type: 'IsUndefinedStmt', source: child }, make, { type: 'ObjectInsertStmt', object: obj, key, value: p.local(child) }] }],
    });
    if (set) {
      p.emit({ type: 'IsSetStmt', source: p.local(child) });
      return p.planTerm(value, () => p.emit({ type: 'SetAddStmt', set: child, value: p.ltarget }));
    }
    p.emit({ type: 'IsObjectStmt', source: p.local(child) });
    planNestedInsert(p, child, keys.slice(1), value, leafSet);
  });
}

/**
 * Inserts the value of every rule group below `node` into the object `fn.return`. A value at
 * the depth of the group's own values must agree with it (sets union); one below it is
 * wrapped in objects up to that depth, so it conflicts with an existing value there (OPA's
 * "overlapping rule" conflicts); one above it is inserted as is.
 */
function planChildren(p: Planner, fn: ir.Func, node: RuleTrie, rel: string[], leafDepth: number, leafSet: boolean, lnext: number): void {
  for (const key of node.keys()) {
    const child = node.get(key)!;
    if (child.takesArgs()) continue;
    const relPath = [...rel, key];
    if (child.rules.length > 0) {
      p.lnext = lnext;
      p.vars = [new Map([['input', fn.params[0]!], ['data', fn.params[1]!]])];
      const block: ir.Block = { stmts: [] };
      fn.blocks.push(block);
      p.curr = block;
      const name = planRules(p, child.rules, child.rules[0]!.path);
      const value = p.newLocal();
      p.emit({ type: 'CallStmt', func: name, args: p.ruleArgs(name), result: value });
      const keys = relPath.slice(0, leafDepth).map((k): ir.Operand => ({ type: 'string_index', value: p.str(k) }));
      let v = value;
      for (const k of relPath.slice(leafDepth).reverse()) {
        const o = p.newLocal();
        p.emit({ type: 'MakeObjectStmt', target: o });
        p.emit({ type: 'ObjectInsertStmt', object: o, key: { type: 'string_index', value: p.str(k) }, value: p.local(v) });
        v = o;
      }
      insertAt(p, fn.return, keys, v, leafSet && relPath.length === leafDepth && child.rules[0]!.kind === 'set');
    }
    planChildren(p, fn, child, relPath, leafDepth, leafSet, lnext);
  }
}

/** Inserts `value` at `keys` below `obj` (ObjectInsertOnce at the end; or a set union). */
function insertAt(p: Planner, obj: ir.Local, keys: ir.Operand[], value: ir.Local, union: boolean): void {
  let cur = obj;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (i === keys.length - 1 && !union) {
      p.emit({ type: 'ObjectInsertOnceStmt', object: cur, key, value: p.local(value) });
      return;
    }
    const child = p.newLocal();
    const leaf = i === keys.length - 1;
    p.emit({ type: 'ResetLocalStmt', target: child });
    p.emit({ type: 'BlockStmt', blocks: [{ stmts: [{ type: 'DotStmt', source: p.local(cur), key, target: child }] }] });
    const make: ir.Stmt = leaf ? { type: 'MakeSetStmt', target: child } : { type: 'MakeObjectStmt', target: child };
    p.emit({ type: 'BlockStmt', blocks: [{ stmts: [{ type: 'IsUndefinedStmt', source: child }, make, { type: 'ObjectInsertStmt', object: cur, key, value: p.local(child) }] }] });
    cur = child;
  }
  const scan: ir.Stmt & { type: 'ScanStmt' } = { type: 'ScanStmt', source: value, key: p.newLocal(), value: p.newLocal(), block: { stmts: [] } };
  scan.block.stmts.push({ type: 'SetAddStmt', set: cur, value: p.local(scan.value) });
  p.emit({ type: 'IsSetStmt', source: p.local(cur) });
  p.emit(scan);
}

function planParams(p: Planner, params: ir.Local[], args: Term[], i: number, iter: Iter): void {
  if (i >= args.length) return iter();
  p.planUnifyLocal(p.local(params[i]!), args[i]!, () => planParams(p, params, args, i + 1, iter));
}
