// Functions, calls, conflicts, `with` and builtin dispatch.
import { describe, expect, it } from 'vitest';
import type * as ir from '../../../src/policy/ir/ir.ts';
import { generateWasm } from '../../../src/policy/wasm/codegen.ts';
import { PolicyBuilder, l, block, loadBoth, evalBoth, abortMessage, wasmApi } from './helpers.ts';

const get = (b: PolicyBuilder, src: number, key: string, target: number): ir.Stmt =>
  ({ type: 'DotStmt', source: l(src), key: b.str(key), target });

/** A complete rule `x := input.x` as a function of (input, data). */
function ruleX(b: PolicyBuilder, name: string): ir.Func {
  return {
    name,
    params: [0, 1],
    return: 2,
    blocks: [
      block(get(b, 0, 'x', 3), { type: 'AssignVarOnceStmt', source: l(3), target: 2 }),
      block({ type: 'ReturnLocalStmt', source: 2 }),
    ],
  };
}

describe('functions', () => {
  it('calls rules and user functions with arguments', async () => {
    const b = new PolicyBuilder();
    b.builtin('plus', 2);
    b.func(ruleX(b, 'g0.data.t.x'));
    b.func({ // f(a) = a + 1
      name: 'g0.data.t.f',
      params: [0, 1, 2],
      return: 3,
      blocks: [block(
        { type: 'MakeNumberIntStmt', value: 1, target: 4 },
        { type: 'CallStmt', func: 'plus', args: [l(2), l(4)], result: 5 },
        { type: 'AssignVarOnceStmt', source: l(5), target: 3 },
      ), block({ type: 'ReturnLocalStmt', source: 3 })],
    });
    b.plan('t/p', [[
      { type: 'CallStmt', func: 'g0.data.t.x', args: [l(0), l(1)], result: 2 },
      { type: 'CallStmt', func: 'g0.data.t.f', args: [l(0), l(1), l(2)], result: 3 },
      { type: 'CallStmt', func: 'g0.data.t.x', args: [l(0), l(1)], result: 4 }, // memoised
      { type: 'MakeArrayStmt', capacity: 2, target: 5 },
      { type: 'ArrayAppendStmt', value: l(3), array: 5 },
      { type: 'ArrayAppendStmt', value: l(4), array: 5 },
      ...b.result(5, 6),
    ]]);
    const p = await loadBoth(b.build());
    expect(evalBoth(p, { x: 41 })).toEqual([{ result: [42, 41] }]);
    expect(evalBoth(p, {})).toEqual([]);
  });

  it('raises eval_conflict_error when a complete rule has two values', async () => {
    const b = new PolicyBuilder();
    const file = b.file('policy.rego');
    b.func({
      name: 'g0.data.t.r',
      params: [0, 1],
      return: 2,
      blocks: [
        block({ type: 'AssignVarOnceStmt', source: b.str('a'), target: 2 }),
        block(get(b, 0, 'x', 3), { type: 'AssignVarOnceStmt', source: l(3), target: 2, location: { file, row: 4, col: 3 } }),
        block({ type: 'ReturnLocalStmt', source: 2 }),
      ],
    });
    b.plan('t/r', [[{ type: 'CallStmt', func: 'g0.data.t.r', args: [l(0), l(1)], result: 2 }, ...b.result(2, 3)]]);
    const p = await loadBoth(b.build());
    expect(evalBoth(p, { x: 'a' })).toEqual([{ result: 'a' }]);
    for (const side of [p.fast, p.legacy]) {
      expect(abortMessage(() => side.evaluate({ x: 'b' })))
        .toBe('eval_conflict_error: policy.rego:4:3: complete rules must not produce multiple outputs');
    }
  });

  it('raises eval_conflict_error on conflicting object keys and merges objects', async () => {
    const b = new PolicyBuilder();
    b.plan('t/o', [[
      { type: 'MakeObjectStmt', target: 2 },
      { type: 'ObjectInsertOnceStmt', key: b.str('k'), value: b.str('v'), object: 2 },
      get(b, 0, 'v', 3),
      { type: 'ObjectInsertOnceStmt', key: b.str('k'), value: l(3), object: 2 },
      get(b, 0, 'other', 4),
      { type: 'ObjectMergeStmt', a: 2, b: 4, target: 5 },
      { type: 'IsDefinedStmt', source: 5 },
      ...b.result(5, 6),
    ]]);
    const p = await loadBoth(b.build());
    expect(evalBoth(p, { v: 'v', other: { a: { b: 1 } } })).toEqual([{ result: { k: 'v', a: { b: 1 } } }]);
    expect(evalBoth(p, { v: 'v', other: { k: 'other' } })).toEqual([{ result: { k: 'v' } }]);
    expect(evalBoth(p, { v: 'v', other: 'not an object' })).toEqual([]);
    expect(abortMessage(() => p.fast.evaluate({ v: 'w', other: {} }))).toBe('eval_conflict_error: object keys must be unique');
  });

  it('evaluates `with` on input and data, and restores them afterwards', async () => {
    const b = new PolicyBuilder();
    b.func(ruleX(b, 'g0.data.t.x'));
    b.func({ // y := data.cfg.y
      name: 'g0.data.t.y', params: [0, 1], return: 2,
      blocks: [block(get(b, 1, 'cfg', 3), get(b, 3, 'y', 4), { type: 'AssignVarOnceStmt', source: l(4), target: 2 }),
        block({ type: 'ReturnLocalStmt', source: 2 })],
    });
    const call = (fn: string, target: number): ir.Stmt => ({ type: 'CallStmt', func: fn, args: [l(0), l(1)], result: target });
    b.plan('t/w', [[
      call('g0.data.t.x', 2),
      { type: 'WithStmt', local: 0, path: [b.si('x')], value: b.str('inner'), block: block(call('g0.data.t.x', 3)) },
      { type: 'WithStmt', local: 1, path: [b.si('cfg'), b.si('y')], value: b.str('patched'), block: block(call('g0.data.t.y', 4)) },
      { type: 'WithStmt', local: 0, path: [], value: b.str('whole'), block: block({ type: 'AssignVarStmt', source: l(0), target: 5 }) },
      call('g0.data.t.x', 6),
      call('g0.data.t.y', 7),
      { type: 'MakeArrayStmt', capacity: 6, target: 8 },
      ...[2, 3, 4, 5, 6, 7].map((v): ir.Stmt => ({ type: 'ArrayAppendStmt', value: l(v), array: 8 })),
      ...b.result(8, 9),
    ]]);
    const p = await loadBoth(b.build());
    const data = { cfg: { y: 'orig', other: 1 } };
    expect(evalBoth(p, { x: 'outer' }, 0, data)).toEqual([{ result: ['outer', 'inner', 'patched', 'whole', 'outer', 'orig'] }]);
    // the data document itself is unchanged
    expect(evalBoth(p, { x: 'again' }, 0)).toEqual([{ result: ['again', 'inner', 'patched', 'whole', 'again', 'orig'] }]);
  });

  it('rejects CallDynamicStmt and unknown functions with a clear error', () => {
    const b = new PolicyBuilder();
    b.plan('t/d', [[{ type: 'CallDynamicStmt', args: [0, 1], result: 2, path: [b.str('t')] }]]);
    expect(() => generateWasm(b.build())).toThrow(/CallDynamicStmt is not supported/);
    const c = new PolicyBuilder();
    c.plan('t/u', [[{ type: 'CallStmt', func: 'no.such', args: [], result: 2 }]]);
    expect(() => generateWasm(c.build())).toThrow(/unknown function no.such/);
  });
});

describe('builtin dispatch', () => {
  it('calls native builtins in the module and others through the host', async () => {
    const b = new PolicyBuilder();
    b.builtin('count', 1).builtin('custom.double', 1);
    b.plan('t/b', [[
      get(b, 0, 'xs', 2),
      { type: 'CallStmt', func: 'count', args: [l(2)], result: 3 },
      { type: 'CallStmt', func: 'custom.double', args: [l(3)], result: 4 },
      ...b.result(4, 5),
    ]]);
    const custom = { 'custom.double': (n: unknown) => (n as number) * 2 };
    const p = await loadBoth(b.build(), custom);
    expect(evalBoth(p, { xs: [1, 2, 3] })).toEqual([{ result: 6 }]);
    // only host builtins are listed for the SDK
    const wasm = generateWasm(b.build());
    const mod = new wasmApi.Module(wasm);
    const exported = wasmApi.Module.exports(mod).map((e) => e.name);
    expect(exported.filter((n) => n.startsWith('builtin:'))).toEqual([]); // native builtins stay internal
    expect(wasmApi.Module.imports(mod).map((i) => `${i.module}.${i.name}`).sort())
      .toEqual(['env.memory', 'env.opa_abort', 'env.opa_builtin1']);
  });

  it('treats an undefined host builtin result as undefined', async () => {
    const b = new PolicyBuilder();
    b.builtin('custom.maybe', 1);
    b.plan('t/b', [[{ type: 'CallStmt', func: 'custom.maybe', args: [l(0)], result: 2 }, ...b.result(2, 3)]]);
    const p = await loadBoth(b.build(), { 'custom.maybe': (x: unknown) => ((x as { ok?: boolean }).ok ? 'yes' : undefined) });
    expect(evalBoth(p, { ok: true })).toEqual([{ result: 'yes' }]);
    expect(evalBoth(p, { ok: false })).toEqual([]);
  });
});
