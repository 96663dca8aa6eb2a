// A direct interpreter of the IR: the test oracle for the planner and a debugging aid. Not the
// product engine (that is wasm). Semantics: a block stops at its first undefined statement;
// BreakStmt{index: n} leaves n+1 enclosing blocks; WithStmt runs its block with a local replaced
// and is undefined when its block is (as OPA's wasm backend compiles it).
import type { Block, Func, Operand, Plan, Policy, Stmt } from './ir.ts';
import { ObjectValue, SetValue, equal, fromJSON, toJSON, typeName, type Value } from './value.ts';
import { builtinImpls, EvalError } from './interpret-builtins.ts';

export { EvalError };

type Locals = (Value | undefined)[];

/** Completed normally. Any other result n >= 0 means "leave n more enclosing blocks". */
const DONE = -1;

interface Ctx {
  policy: Policy;
  funcs: Map<string, Func>;
  strings: string[];
  results: Value[];
  depth: number;
  /** The function being evaluated (undefined in a plan): conflict messages differ for functions. */
  func?: Func;
}

export interface InterpretOptions {
  /** Extra builtins by name, taking precedence over the interpreter's own. */
  builtins?: Record<string, (...args: Value[]) => Value | undefined>;
  /**
   * Builtin errors abort evaluation (OPA's strict-builtin-errors). Off by default, as in OPA:
   * a builtin that fails is then just undefined.
   */
  strictBuiltinErrors?: boolean;
}

/** Evaluates an entrypoint; returns the result set as JSON (`[{"result": ...}]` or `[]`). */
export function interpret(
  policy: Policy,
  entrypoint: string,
  input: unknown,
  data: unknown,
  options: InterpretOptions = {},
): unknown[] {
  const plan = policy.plans.plans.find((p: Plan) => p.name === entrypoint);
  if (!plan) throw new Error(`unknown entrypoint ${entrypoint}`);
  const ctx: Ctx = {
    policy,
    funcs: new Map(policy.funcs.funcs.map((f) => [f.name, f])),
    strings: policy.static.strings.map((s) => s.value),
    results: [],
    depth: 0,
  };
  extraBuiltins = options.builtins ?? {};
  strictBuiltins = options.strictBuiltinErrors === true;
  const locals: Locals = [];
  locals[0] = input === undefined ? undefined : fromJSON(input);
  locals[1] = fromJSON(data ?? {});
  for (const b of plan.blocks) runBlock(ctx, b, locals);
  return ctx.results.map(toJSON);
}

let extraBuiltins: Record<string, (...args: Value[]) => Value | undefined> = {};
let strictBuiltins = false;

function callFunc(ctx: Ctx, f: Func, args: (Value | undefined)[]): Value | undefined {
  if (++ctx.depth > 2000) throw new EvalError('eval_internal_error', 'call stack too deep');
  const locals: Locals = [];
  const caller = ctx.func;
  ctx.func = f;
  f.params.forEach((p, i) => (locals[p] = args[i]));
  let ret: Value | undefined;
  for (const b of f.blocks) {
    const r = runBlock(ctx, b, locals, (v) => (ret = v));
    if (r === RETURNED) break;
  }
  ctx.depth--;
  ctx.func = caller;
  return ret;
}

const RETURNED = -2;

function runBlock(ctx: Ctx, block: Block, locals: Locals, onReturn?: (v: Value | undefined) => void): number {
  for (const s of block.stmts) {
    const r = runStmt(ctx, s, locals, onReturn);
    if (r === RETURNED) return RETURNED;
    if (r !== DONE) return r;
  }
  return DONE;
}

/** Runs a nested block; returns DONE to continue the parent, or how many more levels to leave. */
function nested(ctx: Ctx, block: Block, locals: Locals, onReturn?: (v: Value | undefined) => void): number {
  const r = runBlock(ctx, block, locals, onReturn);
  if (r === RETURNED) return RETURNED;
  return r <= 0 ? DONE : r - 1;
}

function op(ctx: Ctx, o: Operand, locals: Locals): Value | undefined {
  switch (o.type) {
    case 'local':
      return locals[o.value];
    case 'bool':
      return o.value;
    case 'string_index':
      return ctx.strings[o.value];
  }
}

const UNDEF = 0;

function runStmt(ctx: Ctx, s: Stmt, locals: Locals, onReturn?: (v: Value | undefined) => void): number {
  switch (s.type) {
    case 'ReturnLocalStmt':
      onReturn?.(locals[s.source]);
      return RETURNED;
    case 'CallStmt': {
      const args = s.args.map((a) => op(ctx, a, locals));
      const f = ctx.funcs.get(s.func);
      let r: Value | undefined;
      if (f) r = callFunc(ctx, f, args);
      else {
        const impl = extraBuiltins[s.func] ?? builtinImpls[s.func];
        if (!impl) throw new EvalError('eval_builtin_error', `${s.func}: builtin not implemented by the IR interpreter`);
        if (args.some((a) => a === undefined)) return UNDEF;
        try {
          r = impl(...(args as Value[]));
        } catch (e) {
          if (strictBuiltins || !(e instanceof EvalError)) throw e;
          return UNDEF;
        }
      }
      if (r === undefined) return UNDEF;
      locals[s.result] = r;
      return DONE;
    }
    case 'CallDynamicStmt':
      throw new EvalError('eval_internal_error', 'CallDynamicStmt is not supported by the IR interpreter');
    case 'BlockStmt':
      for (const b of s.blocks) {
        const r = nested(ctx, b, locals, onReturn);
        if (r !== DONE) return r;
      }
      return DONE;
    case 'BreakStmt':
      return s.index;
    case 'DotStmt': {
      const v = dot(op(ctx, s.source, locals), op(ctx, s.key, locals));
      if (v === undefined) return UNDEF;
      locals[s.target] = v;
      return DONE;
    }
    case 'LenStmt': {
      const v = op(ctx, s.source, locals);
      let n: number;
      if (typeof v === 'string') n = [...v].length;
      else if (Array.isArray(v)) n = v.length;
      else if (v instanceof ObjectValue || v instanceof SetValue) n = v.size;
      else return UNDEF;
      locals[s.target] = n;
      return DONE;
    }
    case 'ScanStmt': {
      const src = locals[s.source];
      for (const [k, v] of entries(src)) {
        locals[s.key] = k;
        locals[s.value] = v;
        const r = nested(ctx, s.block, locals, onReturn);
        if (r !== DONE) return r;
      }
      return DONE;
    }
    case 'NotStmt': {
      const r = runBlock(ctx, s.block, locals, onReturn);
      if (r === RETURNED) return RETURNED;
      if (r === DONE) return UNDEF;
      return r > 0 ? r - 1 : DONE;
    }
    case 'AssignIntStmt':
      locals[s.target] = s.value;
      return DONE;
    case 'AssignVarStmt':
      locals[s.target] = op(ctx, s.source, locals);
      return DONE;
    case 'AssignVarOnceStmt': {
      const v = op(ctx, s.source, locals);
      const cur = locals[s.target];
      if (cur !== undefined && v !== undefined && !equal(cur, v)) {
        const fn = ctx.func !== undefined && ctx.func.params.length > 2;
        throw new EvalError('eval_conflict_error', fn ? 'functions must not produce multiple outputs for same inputs' : 'complete rules must not produce multiple outputs');
      }
      locals[s.target] = v;
      return DONE;
    }
    case 'ResetLocalStmt':
      locals[s.target] = undefined;
      return DONE;
    case 'MakeNullStmt':
      locals[s.target] = null;
      return DONE;
    case 'MakeNumberIntStmt':
      locals[s.target] = s.value;
      return DONE;
    case 'MakeNumberRefStmt':
      locals[s.target] = Number(ctx.strings[s.index]);
      return DONE;
    case 'MakeArrayStmt':
      locals[s.target] = [];
      return DONE;
    case 'MakeObjectStmt':
      locals[s.target] = new ObjectValue();
      return DONE;
    case 'MakeSetStmt':
      locals[s.target] = new SetValue();
      return DONE;
    case 'EqualStmt':
    case 'NotEqualStmt': {
      const a = op(ctx, s.a, locals);
      const b = op(ctx, s.b, locals);
      if (a === undefined || b === undefined) return UNDEF;
      return equal(a, b) === (s.type === 'EqualStmt') ? DONE : UNDEF;
    }
    case 'IsArrayStmt':
      return Array.isArray(op(ctx, s.source, locals)) ? DONE : UNDEF;
    case 'IsObjectStmt':
      return op(ctx, s.source, locals) instanceof ObjectValue ? DONE : UNDEF;
    case 'IsSetStmt':
      return op(ctx, s.source, locals) instanceof SetValue ? DONE : UNDEF;
    case 'IsDefinedStmt':
      return locals[s.source] !== undefined ? DONE : UNDEF;
    case 'IsUndefinedStmt':
      return locals[s.source] === undefined ? DONE : UNDEF;
    case 'ArrayAppendStmt': {
      const v = op(ctx, s.value, locals);
      if (v === undefined) return UNDEF;
      (locals[s.array] as Value[]).push(v);
      return DONE;
    }
    case 'ObjectInsertStmt':
    case 'ObjectInsertOnceStmt': {
      const k = op(ctx, s.key, locals);
      const v = op(ctx, s.value, locals);
      if (k === undefined || v === undefined) return UNDEF;
      const o = locals[s.object] as ObjectValue;
      if (s.type === 'ObjectInsertOnceStmt') {
        const cur = o.get(k);
        if (cur !== undefined && !equal(cur, v)) {
          throw new EvalError('eval_conflict_error', 'object keys must be unique');
        }
      }
      o.set(k, v);
      return DONE;
    }
    case 'ObjectMergeStmt': {
      const a = locals[s.a];
      const b = locals[s.b];
      if (!(a instanceof ObjectValue) || !(b instanceof ObjectValue)) return UNDEF;
      locals[s.target] = merge(a, b);
      return DONE;
    }
    case 'SetAddStmt': {
      const v = op(ctx, s.value, locals);
      if (v === undefined) return UNDEF;
      (locals[s.set] as SetValue).add(v);
      return DONE;
    }
    case 'WithStmt': {
      const saved = locals[s.local];
      const v = op(ctx, s.value, locals);
      locals[s.local] = s.path.length === 0 ? v : upsert(saved, s.path.map((i) => ctx.strings[i]), v);
      const r = runBlock(ctx, s.block, locals, onReturn);
      locals[s.local] = saved;
      if (r === RETURNED || r === DONE) return r;
      return r === 0 ? UNDEF : r - 1;
    }
    case 'NopStmt':
      return DONE;
    case 'ResultSetAddStmt': {
      const v = locals[s.value];
      if (v !== undefined) ctx.results.push(v);
      return DONE;
    }
  }
}

export function dot(src: Value | undefined, key: Value | undefined): Value | undefined {
  if (src === undefined || key === undefined) return undefined;
  if (src instanceof ObjectValue) return src.get(key);
  if (Array.isArray(src)) {
    if (typeof key !== 'number' || !Number.isInteger(key) || key < 0 || key >= src.length) return undefined;
    return src[key];
  }
  if (src instanceof SetValue) return src.has(key) ? key : undefined;
  return undefined;
}

function entries(src: Value | undefined): [Value, Value][] {
  if (Array.isArray(src)) return src.map((v, i) => [i, v]);
  if (src instanceof ObjectValue) return src.sorted();
  if (src instanceof SetValue) return src.sorted().map((v) => [v, v]);
  return [];
}

/** Recursive merge: objects merge, sets union; on any other clash the value from `a` wins. */
function merge(a: ObjectValue, b: ObjectValue): ObjectValue {
  const out = a.copy();
  for (const [k, bv] of b.sorted()) {
    const av = out.get(k);
    if (av === undefined) out.set(k, bv);
    else if (av instanceof ObjectValue && bv instanceof ObjectValue) out.set(k, merge(av, bv));
    else if (av instanceof SetValue && bv instanceof SetValue) {
      const u = av.copy();
      for (const v of bv.items.values()) u.add(v);
      out.set(k, u);
    }
  }
  return out;
}

function upsert(base: Value | undefined, path: string[], v: Value | undefined): Value | undefined {
  if (path.length === 0) return v;
  const o = base instanceof ObjectValue ? base.copy() : new ObjectValue();
  const child = upsert(o.get(path[0]), path.slice(1), v);
  if (child === undefined) o.delete(path[0]);
  else o.set(path[0], child);
  return o;
}

export { typeName };
