// Compiles IR blocks and statements into binaryen expressions, following the structure of OPA's
// wasm backend so BreakStmt indices mean the same thing: every IR block is one wasm block, a
// ScanStmt is block{loop{...}} whose loop label is the scan body's block, NotStmt and WithStmt wrap
// their block in one wasm block. "Undefined" branches to the innermost label.
import binaryen from 'binaryen';
import type * as ir from '../ir/ir.ts';
import { T_ARRAY, T_OBJECT, T_SET } from './layout.ts';

export interface ModuleContext {
  readonly m: binaryen.Module;
  runtime(exportName: string): string;
  stringValue(index: number): number;
  stringBytes(index: number): { addr: number; length: number };
  boolValue(b: boolean): number;
  fileName(index: number | undefined): number;
  userFunc(name: string): { internal: string; index: number; func: ir.Func } | undefined;
  nativeBuiltin(name: string): string | undefined;
  hostBuiltin(name: string, arity: number): { id: number; dispatcher: string };
}

type Expr = binaryen.ExpressionRef;
const i32 = binaryen.i32;
const none = binaryen.none;

// rt_conflict kinds
const CONFLICT_COMPLETE = 1;
const CONFLICT_OBJECT_KEY = 2;
const CONFLICT_FUNCTION = 3;

export class FunctionCompiler {
  private readonly ctx: ModuleContext;
  private readonly m: binaryen.Module;
  private readonly locals = new Map<number, number>();
  private nextLocal: number;
  private readonly numParams: number;
  private readonly labels: string[] = [];
  private labelCount = 0;
  private resultSet = -1;
  private memoIndex = -1;
  /** Local holding the function-call memo entry (runtime fmemo.ts) of a memoised function, or -1. */
  private callMemo = -1;
  private conflictKind = CONFLICT_COMPLETE;

  constructor(ctx: ModuleContext, numParams: number) {
    this.ctx = ctx;
    this.m = ctx.m;
    this.numParams = numParams;
    this.nextLocal = numParams;
  }

  varTypes(): binaryen.Type[] {
    return new Array(this.nextLocal - this.numParams).fill(i32);
  }

  private local(l: number): number {
    let idx = this.locals.get(l);
    if (idx === undefined) {
      idx = this.nextLocal++;
      this.locals.set(l, idx);
    }
    return idx;
  }

  private temp(): number {
    return this.nextLocal++;
  }

  private call(name: string, args: Expr[], result: binaryen.Type = i32): Expr {
    return this.m.call(this.ctx.runtime(name), args, result);
  }

  private get(l: number): Expr {
    return this.m.local.get(this.local(l), i32);
  }

  private read(op: ir.Operand): Expr {
    switch (op.type) {
      case 'local': return this.get(op.value);
      case 'bool': return this.m.i32.const(this.ctx.boolValue(op.value));
      case 'string_index': return this.m.i32.const(this.ctx.stringValue(op.value));
    }
  }

  private undefinedIf(cond: Expr): Expr {
    return this.m.br(this.labels[this.labels.length - 1], cond);
  }

  private undefinedAlways(): Expr {
    return this.m.br(this.labels[this.labels.length - 1]);
  }

  private withLabel(fn: (label: string) => Expr[]): { label: string; body: Expr[] } {
    const label = `L${this.labelCount++}`;
    this.labels.push(label);
    const body = fn(label);
    this.labels.pop();
    return { label, body };
  }

  /** One IR block as one wasm block. */
  private block(b: ir.Block): Expr {
    const { label, body } = this.withLabel(() => this.stmts(b));
    return this.m.block(label, body, none);
  }

  // ---- functions and plans ----

  compileFunc(func: ir.Func, index: number, memoise = false): Expr {
    func.params.forEach((p, i) => this.locals.set(p, i));
    const ret = this.local(func.return);
    const body: Expr[] = [];
    if (func.params.length === 2) {
      this.memoIndex = index;
      body.push(this.m.if(
        this.m.local.tee(ret, this.call('opa_memoize_get', [this.m.i32.const(index)]), i32),
        this.m.return(this.m.local.get(ret, i32)),
      ));
    } else {
      this.conflictKind = CONFLICT_FUNCTION;
      if (memoise) body.push(...this.enterCallMemo(func, index));
    }
    for (const b of func.blocks) body.push(this.block(b));
    body.push(this.returnValue(this.m.local.get(ret, i32)));
    return this.m.block(null, body, none);
  }

  /** Looks the call up in the evaluation's function memo and returns a result computed before. */
  private enterCallMemo(func: ir.Func, index: number): Expr[] {
    const m = this.m;
    this.callMemo = this.temp();
    const entry = () => m.local.get(this.callMemo, i32);
    // the key is the function and its arguments: input and data (params 0 and 1) change only under `with`, which opens a new memo scope
    const args = func.params.slice(2).map((_, i) => m.local.get(i + 2, i32));
    const enter = args.length === 1 ? [this.call('rt_fmemo_enter1', [m.i32.const(index), ...args])]
      : args.length === 2 ? [this.call('rt_fmemo_enter2', [m.i32.const(index), ...args])]
      : [
        this.call('rt_fmemo_begin', [m.i32.const(index)], none),
        ...args.map((a) => this.call('rt_fmemo_arg', [a], none)),
        this.call('rt_fmemo_enter', []),
      ];
    const last = enter.pop()!;
    return [
      ...enter,
      m.local.set(this.callMemo, last),
      // entry layout: done flag at +16, value at +20
      m.if(m.i32.load(16, 4, entry()), m.return(m.i32.load(20, 4, entry()))),
    ];
  }

  private returnValue(value: Expr): Expr {
    if (this.callMemo < 0) return this.m.return(value);
    return this.m.return(this.call('rt_fmemo_done', [this.m.local.get(this.callMemo, i32), value]));
  }

  compilePlans(plans: ir.Plan[], numFuncs: number): Expr {
    const ctx = 0;
    this.resultSet = this.temp();
    const eid = this.temp();
    const m = this.m;
    const body: Expr[] = [
      this.call('opa_memoize_init', [m.i32.const(numFuncs)], none),
      m.local.set(this.local(0), m.i32.load(0, 4, m.local.get(ctx, i32))),
      m.local.set(this.local(1), m.i32.load(4, 4, m.local.get(ctx, i32))),
      m.local.set(this.resultSet, this.call('opa_set', [])),
      m.i32.store(8, 4, m.local.get(ctx, i32), m.local.get(this.resultSet, i32)),
      m.local.set(eid, m.i32.load(12, 4, m.local.get(ctx, i32))),
    ];
    const main = this.withLabel((mainLabel) => {
      const out: Expr[] = [];
      plans.forEach((plan, i) => {
        const ep = this.withLabel((epLabel) => [
          m.br(epLabel, m.i32.ne(m.local.get(eid, i32), m.i32.const(i))),
          ...plan.blocks.map((b) => this.block(b)),
          m.br(mainLabel),
        ]);
        out.push(m.block(ep.label, ep.body, none));
      });
      out.push(this.call('rt_unknown_entrypoint', [m.local.get(eid, i32)], none), m.unreachable());
      return out;
    });
    body.push(m.block(main.label, main.body, none));
    return m.block(null, body, none);
  }

  // ---- statements ----

  private stmts(b: ir.Block): Expr[] {
    const out: Expr[] = [];
    for (const s of b.stmts) out.push(...this.stmt(s));
    return out;
  }

  private stmt(s: ir.Stmt): Expr[] {
    const m = this.m;
    switch (s.type) {
      case 'ReturnLocalStmt': {
        const out: Expr[] = [];
        if (this.memoIndex >= 0) out.push(this.call('opa_memoize_insert', [m.i32.const(this.memoIndex), this.get(s.source)], none));
        out.push(this.returnValue(this.get(s.source)));
        return out;
      }
      case 'CallStmt': return [this.callStmt(s)];
      case 'CallDynamicStmt':
        throw new Error('CallDynamicStmt is not supported by this code generator (dynamic data references)');
      case 'BlockStmt': return s.blocks.map((b) => this.block(b));
      case 'BreakStmt': {
        const label = this.labels[this.labels.length - 1 - s.index];
        if (label === undefined) throw new Error(`BreakStmt index ${s.index} is deeper than the enclosing blocks`);
        return [m.br(label)];
      }
      case 'DotStmt': {
        if (s.source.type !== 'local') return [this.undefinedAlways()];
        const t = this.local(s.target);
        return [this.undefinedIf(m.i32.eqz(m.local.tee(t, this.call('opa_value_get', [this.get(s.source.value), this.read(s.key)]), i32)))];
      }
      case 'LenStmt':
        return [m.local.set(this.local(s.target), this.call('opa_number_size', [this.call('opa_value_length', [this.read(s.source)])]))];
      case 'ScanStmt': return this.scan(s);
      case 'NotStmt': {
        const cond = this.temp();
        const inner = this.withLabel(() => [...this.stmts(s.block), m.local.set(cond, m.i32.const(0))]);
        return [
          m.local.set(cond, m.i32.const(1)),
          m.block(inner.label, inner.body, none),
          this.undefinedIf(m.i32.eqz(m.local.get(cond, i32))),
        ];
      }
      case 'AssignIntStmt': {
        const t = this.local(s.target);
        const c = m.i64.const(BigInt.asIntN(64, BigInt(s.value)));
        return [m.if(
          m.local.get(t, i32),
          this.call('opa_value_number_set_int', [m.local.get(t, i32), c], none),
          m.local.set(t, this.call('opa_number_int', [c])),
        )];
      }
      case 'AssignVarStmt': return [m.local.set(this.local(s.target), this.read(s.source))];
      case 'AssignVarOnceStmt': {
        const t = this.local(s.target);
        return [m.if(
          m.i32.eqz(m.local.get(t, i32)),
          m.local.set(t, this.read(s.source)),
          m.if(m.i32.eqz(this.call('opa_value_equal', [m.local.get(t, i32), this.read(s.source)])), this.conflict(this.conflictKind, s.location)),
        )];
      }
      case 'ResetLocalStmt': return [m.local.set(this.local(s.target), m.i32.const(0))];
      case 'MakeNullStmt': return [m.local.set(this.local(s.target), this.call('opa_null', []))];
      case 'MakeNumberIntStmt': {
        return [m.local.set(this.local(s.target), this.call('opa_number_int', [m.i64.const(BigInt.asIntN(64, BigInt(s.value)))]))];
      }
      case 'MakeNumberRefStmt': {
        const { addr, length } = this.ctx.stringBytes(s.index);
        return [m.local.set(this.local(s.target), this.call('opa_number_ref', [m.i32.const(addr), m.i32.const(length)]))];
      }
      case 'MakeArrayStmt': return [m.local.set(this.local(s.target), this.call('opa_array_with_cap', [m.i32.const(s.capacity)]))];
      case 'MakeObjectStmt': return [m.local.set(this.local(s.target), this.call('opa_object', []))];
      case 'MakeSetStmt': return [m.local.set(this.local(s.target), this.call('opa_set', []))];
      case 'EqualStmt':
        if (sameOperand(s.a, s.b)) return [];
        return [this.undefinedIf(m.i32.eqz(this.call('opa_value_equal', [this.read(s.a), this.read(s.b)])))];
      case 'NotEqualStmt':
        if (sameOperand(s.a, s.b)) return [this.undefinedAlways()];
        if (s.a.type === s.b.type && s.a.type !== 'local') return []; // distinct constants of one kind
        return [this.undefinedIf(this.call('opa_value_equal', [this.read(s.a), this.read(s.b)]))];
      case 'IsArrayStmt': return this.isType(s.source, T_ARRAY);
      case 'IsObjectStmt': return this.isType(s.source, T_OBJECT);
      case 'IsSetStmt': return this.isType(s.source, T_SET);
      case 'IsDefinedStmt': return [this.undefinedIf(m.i32.eqz(this.get(s.source)))];
      case 'IsUndefinedStmt': return [this.undefinedIf(this.get(s.source))];
      case 'ArrayAppendStmt': return [this.call('opa_array_append', [this.get(s.array), this.read(s.value)], none)];
      case 'ObjectInsertStmt': return [this.call('opa_object_insert', [this.get(s.object), this.read(s.key), this.read(s.value)], none)];
      case 'ObjectInsertOnceStmt': {
        const tmp = this.temp();
        return [m.if(
          m.local.tee(tmp, this.call('opa_value_get', [this.get(s.object), this.read(s.key)]), i32),
          m.if(m.i32.eqz(this.call('opa_value_equal', [m.local.get(tmp, i32), this.read(s.value)])), this.conflict(CONFLICT_OBJECT_KEY, s.location)),
          this.call('opa_object_insert', [this.get(s.object), this.read(s.key), this.read(s.value)], none),
        )];
      }
      case 'ObjectMergeStmt':
        return [m.local.set(this.local(s.target), this.call('opa_value_merge', [this.get(s.a), this.get(s.b)]))];
      case 'SetAddStmt': return [this.call('opa_set_add', [this.get(s.set), this.read(s.value)], none)];
      case 'WithStmt': return this.withStmt(s);
      case 'NopStmt': return [m.nop()];
      case 'ResultSetAddStmt':
        if (this.resultSet < 0) throw new Error('ResultSetAddStmt outside a plan');
        return [this.call('opa_set_add', [m.local.get(this.resultSet, i32), this.get(s.value)], none)];
    }
    const unknown: { type?: string } = s;
    throw new Error(`unknown IR statement type ${String(unknown.type)}`);
  }

  private isType(src: ir.Operand, tag: number): Expr[] {
    if (src.type !== 'local') return [this.undefinedAlways()];
    const m = this.m;
    const v = this.get(src.value);
    // a 0 (undefined) local has no type
    const t = this.temp();
    return [this.undefinedIf(m.i32.or(
      m.i32.eqz(m.local.tee(t, v, i32)),
      m.i32.ne(m.i32.load8_u(0, 1, m.local.get(t, i32)), m.i32.const(tag)),
    ))];
  }

  private conflict(kind: number, loc: ir.Location | undefined): Expr {
    const m = this.m;
    return m.block(null, [
      this.call('rt_conflict', [m.i32.const(kind), m.i32.const(this.ctx.fileName(loc?.file)), m.i32.const(loc?.row ?? 0), m.i32.const(loc?.col ?? 0)], none),
      m.unreachable(),
    ], none);
  }

  private callStmt(s: Extract<ir.Stmt, { type: 'CallStmt' }>): Expr {
    const m = this.m;
    const args = s.args.map((a) => this.read(a));
    const target = this.local(s.result);
    let call: Expr;
    const user = this.ctx.userFunc(s.func);
    if (user) {
      call = m.call(user.internal, args, i32);
    } else {
      const native = this.ctx.nativeBuiltin(s.func);
      if (native) {
        // a builtin error aborts through the host; caught here it means "undefined" unless strict
        const label = `T${this.labelCount++}`;
        call = m.try(label, m.call(native, args, i32), [], [
          m.if(this.call('rt_soft_builtin_error', []), m.i32.const(0), m.rethrow(label)),
        ]);
      } else {
        const host = this.ctx.hostBuiltin(s.func, args.length);
        call = m.call(host.dispatcher, [m.i32.const(host.id), m.i32.const(0), ...args], i32);
      }
    }
    return this.undefinedIf(m.i32.eqz(m.local.tee(target, call, i32)));
  }

  private scan(s: Extract<ir.Stmt, { type: 'ScanStmt' }>): Expr[] {
    const m = this.m;
    const idx = this.temp();
    const count = this.temp();
    const src = this.local(s.source);
    const outer = this.withLabel(() => {
      const loop = this.withLabel((loopLabel) => [
        m.br(this.labels[this.labels.length - 2], m.i32.ge_u(m.local.get(idx, i32), m.local.get(count, i32))),
        m.local.set(this.local(s.key), this.call('rt_iter_key', [m.local.get(src, i32), m.local.get(idx, i32)])),
        m.local.set(this.local(s.value), this.call('rt_iter_value', [m.local.get(src, i32), m.local.get(idx, i32)])),
        m.local.set(idx, m.i32.add(m.local.get(idx, i32), m.i32.const(1))),
        this.call('rt_step', [], none),
        ...this.stmts(s.block),
        m.br(loopLabel),
      ]);
      return [m.loop(loop.label, m.block(null, loop.body, none))];
    });
    return [
      m.local.set(idx, m.i32.const(0)),
      m.local.set(count, this.call('rt_iter_count', [m.local.get(src, i32)])),
      m.block(outer.label, outer.body, none),
    ];
  }

  private withStmt(s: Extract<ir.Stmt, { type: 'WithStmt' }>): Expr[] {
    const m = this.m;
    const save = this.temp();
    const undef = this.temp();
    const target = this.local(s.local);
    const out: Expr[] = [
      this.call('opa_memoize_push', [], none),
      m.local.set(save, m.local.get(target, i32)),
    ];
    if (s.path.length === 0) {
      out.push(m.local.set(target, this.read(s.value)));
    } else {
      const path = this.temp();
      out.push(m.local.set(path, this.call('opa_array_with_cap', [m.i32.const(s.path.length)])));
      for (const p of s.path) out.push(this.call('opa_array_append', [m.local.get(path, i32), m.i32.const(this.ctx.stringValue(p))], none));
      out.push(m.local.set(target, this.call('rt_with_upsert', [m.local.get(target, i32), m.local.get(path, i32), this.read(s.value)])));
    }
    out.push(m.local.set(undef, m.i32.const(1)));
    const inner = this.withLabel(() => [...this.stmts(s.block), m.local.set(undef, m.i32.const(0))]);
    out.push(
      m.block(inner.label, inner.body, none),
      m.local.set(target, m.local.get(save, i32)),
      this.call('opa_memoize_pop', [], none),
      this.undefinedIf(m.local.get(undef, i32)),
    );
    return out;
  }
}

function sameOperand(a: ir.Operand, b: ir.Operand): boolean {
  return a.type === b.type && a.value === b.value;
}
