// Input projection: which parts of the input a plan can observe. An admission request carries a
// whole object while a policy reads a few fields of it, and building the rest costs more than the
// policy's own evaluation; the runtime parses only the projected parts (and checks the rest is JSON).
//
// The analysis is an abstract interpretation of the IR, conservative: every local holds the set of
// input subtrees it may be bound to (nodes of a trie rooted at the input). It follows statement
// order (an assignment replaces what a local held; the IR reuses locals across rule bodies), and
// what a block leaves behind is the union of the states at each of its statements, since a block
// can end at any of them.
// Looking up a constant key adds a child; iterating, or looking up a computed key, adds the `any`
// child (every key or element is kept); any other use of a value (comparing it to another local,
// passing it to a builtin, putting it in a collection, returning it as a result) marks its subtree
// `whole`. Type tests, definedness and comparisons with constants observe nothing a projection
// changes: a pruned object is still an object, scalars are never pruned. Functions are analysed with
// their call sites until nothing changes. Anything the analysis does not model (dynamic calls,
// `with input`) gives up, and the whole input is parsed.
import type { Block, Func, Local, Operand, Plan, Policy, Stmt } from './ir.ts';
import { InputLocal } from './ir.ts';

export interface ProjectionNode {
  /** Keep the subtree exactly as given. */
  whole: boolean;
  /** Object keys a plan looks up by constant. */
  keys: Map<string, ProjectionNode>;
  /** What to keep of every key or element (the plan iterates or looks up computed keys). */
  any?: ProjectionNode;
}

const MAX_NODES = 4096;
const MAX_ROUNDS = 64;

/** Builtins whose result depends only on the operand's type (or definedness). */
const TYPE_ONLY = new Set(['is_number', 'is_string', 'is_boolean', 'is_array', 'is_object', 'is_set', 'is_null', 'type_name']);
/** Comparisons: against a constant scalar, a pruned value compares as the whole one does. */
const COMPARISONS = new Set(['equal', 'neq', 'lt', 'lte', 'gt', 'gte']);
/** Builtins that observe how many keys or elements a value has, not what they hold. */
const SIZE_ONLY = new Set(['count']);

type Nodes = ReadonlySet<ProjectionNode>;
/** Locals to the input subtrees they may hold. Sets are never changed in place, so states share them. */
type State = Map<Local, Nodes>;

const NONE: Nodes = new Set();

class GiveUp extends Error {}

function newNode(): ProjectionNode {
  return { whole: false, keys: new Map() };
}

/** The projection of the input that `plan` needs, or undefined when it may read all of it. */
export function inputProjection(policy: Policy, plan: Plan): ProjectionNode | undefined {
  const funcs = new Map<string, Func>((policy.funcs?.funcs ?? []).map((f) => [f.name, f]));
  const analysis = new Analysis(funcs, policy.static.strings.map((s) => s.value));
  try {
    analysis.run(plan);
  } catch (e) {
    if (e instanceof GiveUp) return undefined;
    throw e;
  }
  return analysis.root.whole ? undefined : analysis.root;
}

function union(a: Nodes | undefined, b: Nodes | undefined): Nodes {
  if (!b || b.size === 0) return a ?? NONE;
  if (!a || a.size === 0 || a === b) return b;
  let out: Set<ProjectionNode> | undefined;
  for (const n of b) {
    if (a.has(n)) continue;
    out ??= new Set(a);
    out.add(n);
  }
  return out ?? a;
}

/** Adds `from` into `into`; true when that changed `into`. */
function joinInto(into: State, from: State): boolean {
  let grew = false;
  for (const [local, nodes] of from) {
    const before = into.get(local);
    const after = union(before, nodes);
    if (after !== before) {
      into.set(local, after);
      grew = true;
    }
  }
  return grew;
}

interface FuncState {
  func: Func;
  params: State;
  returns: Nodes;
}

class Analysis {
  readonly root = newNode();
  private readonly funcs: Map<string, Func>;
  private readonly strings: string[];
  private readonly states = new Map<string, FuncState>();
  private changed = false;
  private nodes = 1;

  constructor(funcs: Map<string, Func>, strings: string[]) {
    this.funcs = funcs;
    this.strings = strings;
  }

  run(plan: Plan): void {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      this.changed = false;
      this.sequence(plan.blocks, new Map([[InputLocal, new Set([this.root])]]), undefined);
      for (const fn of [...this.states.values()]) this.sequence(fn.func.blocks, new Map(fn.params), fn);
      if (!this.changed) return;
    }
    throw new GiveUp();
  }

  /** Blocks run one after another, each after the previous one ends (or leaves early). */
  private sequence(blocks: Block[], state: State, fn: FuncState | undefined): State {
    let cur = state;
    for (const b of blocks) cur = this.block(b, cur, fn);
    return cur;
  }

  /** The union of the states at every statement of the block: where a block exit may leave things. */
  private block(b: Block, entry: State, fn: FuncState | undefined): State {
    const cur = new Map(entry);
    const post = new Map(entry);
    for (const s of b.stmts) {
      for (const local of this.stmt(s, cur, fn)) post.set(local, union(post.get(local), cur.get(local)));
    }
    return post;
  }

  /** Applies one statement to `state`; returns the locals it wrote. */
  private stmt(s: Stmt, state: State, fn: FuncState | undefined): Local[] {
    const of = (o: Operand | undefined): Nodes | undefined => (o?.type === 'local' ? state.get(o.value) : undefined);
    const set = (local: Local, nodes: Nodes): Local[] => {
      state.set(local, nodes);
      return [local];
    };
    switch (s.type) {
      case 'DotStmt': {
        if (s.key.type === 'local') this.markWhole(state.get(s.key.value));
        const key = s.key.type === 'string_index' ? this.keyOf(s.key.value) : undefined;
        return set(s.target, this.children(of(s.source), key));
      }
      case 'ScanStmt':
        return this.scan(s.source, s.key, s.value, s.block, state, fn);
      case 'LenStmt':
        this.children(of(s.source), undefined);
        return set(s.target, NONE);
      case 'AssignVarStmt':
        return set(s.target, of(s.source) ?? NONE);
      case 'AssignVarOnceStmt':
        // compares with the target's value when it already has one (conflicting rule values)
        if (s.source.type === 'local') {
          this.markWhole(of(s.source));
          this.markWhole(state.get(s.target));
        }
        return set(s.target, union(state.get(s.target), of(s.source)));
      case 'EqualStmt':
      case 'NotEqualStmt':
        if (s.a.type === 'local' && s.b.type === 'local') {
          this.markWhole(of(s.a));
          this.markWhole(of(s.b));
        }
        return [];
      case 'CallStmt':
        return set(s.result, this.call(s.func, s.args, state));
      case 'CallDynamicStmt':
        throw new GiveUp();
      case 'BlockStmt':
        return this.replace(state, this.sequence(s.blocks, state, fn));
      case 'NotStmt':
        return this.replace(state, this.block(s.block, state, fn));
      case 'WithStmt':
        if (s.local === InputLocal) throw new GiveUp();
        this.markWhole(of(s.value));
        return this.replace(state, this.block(s.block, state, fn));
      case 'ArrayAppendStmt':
      case 'SetAddStmt':
        this.markWhole(of(s.value));
        return [];
      case 'ObjectInsertStmt':
      case 'ObjectInsertOnceStmt':
        this.markWhole(of(s.key));
        this.markWhole(of(s.value));
        return [];
      case 'ObjectMergeStmt':
        this.markWhole(state.get(s.a));
        this.markWhole(state.get(s.b));
        return set(s.target, NONE);
      case 'ResultSetAddStmt':
        this.markWhole(state.get(s.value));
        return [];
      case 'ReturnLocalStmt':
        if (fn) this.addReturns(fn, state.get(s.source));
        else this.markWhole(state.get(s.source));
        return [];
      case 'ResetLocalStmt':
      case 'MakeNullStmt':
      case 'MakeNumberIntStmt':
      case 'MakeNumberRefStmt':
      case 'MakeArrayStmt':
      case 'MakeObjectStmt':
      case 'MakeSetStmt':
      case 'AssignIntStmt':
        return set(s.target, NONE);
      default:
        // definedness and type tests, breaks: nothing a projection changes
        return [];
    }
  }

  /** Iterates until the body's state stops growing: the loop may run any number of times. */
  private scan(source: Local, key: Local, value: Local, body: Block, state: State, fn: FuncState | undefined): Local[] {
    const elements = this.children(state.get(source), undefined);
    const loop = new Map(state);
    for (;;) {
      const entry = new Map(loop);
      entry.set(key, NONE);
      entry.set(value, elements);
      const post = this.block(body, entry, fn);
      if (!joinInto(loop, post)) break;
    }
    loop.set(key, union(state.get(key), NONE));
    loop.set(value, union(state.get(value), elements));
    joinInto(loop, state);
    return this.replace(state, loop);
  }

  private replace(state: State, next: State): Local[] {
    const written: Local[] = [];
    for (const [local, nodes] of next) {
      if (state.get(local) === nodes) continue;
      state.set(local, nodes);
      written.push(local);
    }
    return written;
  }

  private call(name: string, args: Operand[], state: State): Nodes {
    const of = (o: Operand | undefined): Nodes | undefined => (o?.type === 'local' ? state.get(o.value) : undefined);
    const func = this.funcs.get(name);
    if (func) {
      const fn = this.funcState(func);
      args.forEach((a, i) => {
        const param = func.params[i];
        if (param === undefined) return;
        const before = fn.params.get(param);
        const after = union(before, of(a));
        if (after !== before) {
          fn.params.set(param, after);
          this.changed = true;
        }
      });
      return fn.returns;
    }
    if (TYPE_ONLY.has(name)) return NONE;
    if (COMPARISONS.has(name) && args.some((a) => a.type !== 'local')) return NONE;
    if (SIZE_ONLY.has(name)) {
      this.children(of(args[0]), undefined);
      return NONE;
    }
    if (name === 'object.get' && args[1]?.type === 'string_index') {
      return union(this.children(of(args[0]), this.keyOf(args[1].value)), of(args[2]));
    }
    for (const a of args) this.markWhole(of(a));
    return NONE;
  }

  private funcState(func: Func): FuncState {
    let fn = this.states.get(func.name);
    if (!fn) {
      fn = { func, params: new Map(), returns: NONE };
      this.states.set(func.name, fn);
      this.changed = true;
    }
    return fn;
  }

  private addReturns(fn: FuncState, nodes: Nodes | undefined): void {
    const after = union(fn.returns, nodes);
    if (after === fn.returns) return;
    fn.returns = after;
    this.changed = true;
  }

  private keyOf(index: number): string {
    const key = this.strings[index];
    if (key === undefined) throw new Error(`string index ${index} is out of range (static.strings has ${this.strings.length})`);
    return key;
  }

  /** The child of each node under a constant key, or (key undefined) under every key or element. */
  private children(nodes: Nodes | undefined, key: string | undefined): Nodes {
    if (!nodes || nodes.size === 0) return NONE;
    const out = new Set<ProjectionNode>();
    for (const n of nodes) {
      if (n.whole) continue; // everything below is kept; no need to follow it further
      let child = key === undefined ? n.any : n.keys.get(key);
      if (!child) {
        child = this.fresh();
        if (key === undefined) n.any = child;
        else n.keys.set(key, child);
      }
      out.add(child);
    }
    return out.size === 0 ? NONE : out;
  }

  private fresh(): ProjectionNode {
    if (++this.nodes > MAX_NODES) throw new GiveUp();
    this.changed = true;
    return newNode();
  }

  private markWhole(nodes: Nodes | undefined): void {
    for (const n of nodes ?? NONE) {
      if (n.whole) continue;
      n.whole = true;
      this.changed = true;
    }
  }
}
