// Every IR statement, in hand-built plans and functions, evaluated on both ABI paths.
import { describe, expect, it } from 'vitest';
import type * as ir from '../../../src/policy/ir/ir.ts';
import { generateWasm } from '../../../src/policy/wasm/codegen.ts';
import { PolicyBuilder, l, bool, block, loadBoth, evalBoth, abortMessage } from './helpers.ts';

const get = (b: PolicyBuilder, src: number, key: string, target: number): ir.Stmt =>
  ({ type: 'DotStmt', source: l(src), key: b.str(key), target });

async function run(b: PolicyBuilder, input: unknown, data?: object): Promise<unknown> {
  return evalBoth(await loadBoth(b.build()), input, 0, data);
}

describe('plans and results', () => {
  it('adds one result per plan block and none when a block is undefined', async () => {
    const b = new PolicyBuilder();
    b.plan('p', [[get(b, 0, 'x', 2), ...b.result(2, 3)]]);
    const p = await loadBoth(b.build());
    expect(evalBoth(p, { x: 1 })).toEqual([{ result: 1 }]);
    expect(evalBoth(p, { y: 1 })).toEqual([]);
    expect(evalBoth(p, undefined)).toEqual([]);
  });

  it('selects plans by entrypoint name and id', async () => {
    const b = new PolicyBuilder();
    b.plan('a/x', [[{ type: 'AssignVarStmt', source: b.str('first'), target: 2 }, ...b.result(2, 3)]]);
    b.plan('a/y', [[{ type: 'AssignVarStmt', source: b.str('second'), target: 2 }, ...b.result(2, 3)]]);
    const p = await loadBoth(b.build());
    expect(evalBoth(p, {}, 'a/y')).toEqual([{ result: 'second' }]);
    expect(evalBoth(p, {}, 0)).toEqual([{ result: 'first' }]);
    expect(abortMessage(() => p.fast.evaluate({}, 7))).toMatch(/unknown entrypoint id 7/);
  });

  it('reads data set by the host', async () => {
    const b = new PolicyBuilder();
    b.plan('p', [[get(b, 1, 'cfg', 2), get(b, 2, 'level', 3), ...b.result(3, 4)]]);
    expect(await run(b, {}, { cfg: { level: 'high' } })).toEqual([{ result: 'high' }]);
  });
});

describe('constructors', () => {
  it('makes null, numbers, arrays, objects and sets', async () => {
    const b = new PolicyBuilder();
    b.plan('p', [[
      { type: 'MakeNullStmt', target: 2 },
      { type: 'MakeNumberIntStmt', value: -42, target: 3 },
      { type: 'MakeNumberRefStmt', index: b.si('12345678901234567890'), target: 4 },
      { type: 'MakeNumberRefStmt', index: b.si('0.25'), target: 5 },
      { type: 'MakeArrayStmt', capacity: 2, target: 6 },
      { type: 'ArrayAppendStmt', value: l(2), array: 6 },
      { type: 'ArrayAppendStmt', value: l(3), array: 6 },
      { type: 'ArrayAppendStmt', value: l(5), array: 6 },
      { type: 'ArrayAppendStmt', value: bool(true), array: 6 },
      { type: 'MakeSetStmt', target: 7 },
      { type: 'SetAddStmt', value: b.str('b'), set: 7 },
      { type: 'SetAddStmt', value: b.str('a'), set: 7 },
      { type: 'SetAddStmt', value: b.str('b'), set: 7 },
      { type: 'MakeObjectStmt', target: 8 },
      { type: 'ObjectInsertStmt', key: b.str('arr'), value: l(6), object: 8 },
      { type: 'ObjectInsertStmt', key: b.str('set'), value: l(7), object: 8 },
      { type: 'ObjectInsertStmt', key: b.str('big'), value: l(4), object: 8 },
      { type: 'ObjectInsertStmt', key: b.str('set'), value: l(7), object: 8 },
      ...b.result(8, 9),
    ]]);
    const p = await loadBoth(b.build());
    expect(evalBoth(p, {})).toEqual([{ result: { arr: [null, -42, 0.25, true], set: ['a', 'b'], big: 12345678901234567890 } }]);
  });

  it('sets integers in place and resets locals', async () => {
    const b = new PolicyBuilder();
    b.plan('p', [
      [
        { type: 'AssignIntStmt', value: 7, target: 2 },
        { type: 'MakeNumberIntStmt', value: 1, target: 3 },
        { type: 'AssignIntStmt', value: 9, target: 3 },
        { type: 'MakeArrayStmt', capacity: 2, target: 4 },
        { type: 'ArrayAppendStmt', value: l(2), array: 4 },
        { type: 'ArrayAppendStmt', value: l(3), array: 4 },
        ...b.result(4, 5),
        { type: 'ResetLocalStmt', target: 4 },
      ],
      [{ type: 'IsDefinedStmt', source: 4 }, ...b.result(4, 5)],
      [{ type: 'IsUndefinedStmt', source: 4 }, ...b.result(3, 5)],
    ]);
    // the result set is sorted: a number sorts before an array
    expect(await run(b, {})).toEqual([{ result: 9 }, { result: [7, 9] }]);
  });
});

describe('control flow', () => {
  it('breaks out of enclosing blocks by index', async () => {
    const b = new PolicyBuilder();
    b.plan('p', [
      [
        { type: 'BlockStmt', blocks: [
          block({ type: 'AssignVarStmt', source: b.str('a'), target: 2 }, { type: 'BreakStmt', index: 1 }),
          block({ type: 'AssignVarStmt', source: b.str('b'), target: 2 }),
        ] },
        ...b.result(2, 3), // skipped by the break
      ],
      [{ type: 'NopStmt' }, ...b.result(2, 3)],
    ]);
    expect(await run(b, {})).toEqual([{ result: 'a' }]);
  });

  it('scans arrays, objects and sets in order and continues on undefined', async () => {
    const b = new PolicyBuilder();
    b.plan('p', [[
      get(b, 0, 'xs', 2),
      { type: 'MakeArrayStmt', capacity: 0, target: 5 },
      { type: 'ScanStmt', source: 2, key: 3, value: 4, block: block(
        get(b, 4, 'keep', 6),
        { type: 'ArrayAppendStmt', value: l(3), array: 5 },
      ) },
      get(b, 0, 'obj', 7),
      { type: 'MakeArrayStmt', capacity: 0, target: 10 },
      { type: 'ScanStmt', source: 7, key: 8, value: 9, block: block(
        { type: 'ArrayAppendStmt', value: l(8), array: 10 },
        { type: 'ArrayAppendStmt', value: l(9), array: 10 },
      ) },
      { type: 'MakeObjectStmt', target: 11 },
      { type: 'ObjectInsertStmt', key: b.str('idx'), value: l(5), object: 11 },
      { type: 'ObjectInsertStmt', key: b.str('kv'), value: l(10), object: 11 },
      ...b.result(11, 12),
    ]]);
    const input = { xs: [{ keep: 1 }, {}, { keep: 2 }], obj: { z: 1, a: 2 } };
    expect(await run(b, input)).toEqual([{ result: { idx: [0, 2], kv: ['a', 2, 'z', 1] } }]);
  });

  it('stops a scan with a break past the loop', async () => {
    const b = new PolicyBuilder();
    b.plan('p', [[
      get(b, 0, 'xs', 2),
      { type: 'ScanStmt', source: 2, key: 3, value: 4, block: block(
        { type: 'AssignVarStmt', source: l(4), target: 5 },
        { type: 'BreakStmt', index: 1 },
      ) },
      ...b.result(5, 6),
    ]]);
    expect(await run(b, { xs: ['first', 'second'] })).toEqual([{ result: 'first' }]);
  });

  it('negates a block with Not', async () => {
    const b = new PolicyBuilder();
    b.plan('p', [[
      { type: 'NotStmt', block: block(get(b, 0, 'deny', 2), { type: 'EqualStmt', a: l(2), b: bool(true) }) },
      { type: 'AssignVarStmt', source: bool(true), target: 3 },
      ...b.result(3, 4),
    ]]);
    const p = await loadBoth(b.build());
    expect(evalBoth(p, {})).toEqual([{ result: true }]);
    expect(evalBoth(p, { deny: false })).toEqual([{ result: true }]);
    expect(evalBoth(p, { deny: true })).toEqual([]);
  });

  it('compares with Equal and NotEqual, and checks types', async () => {
    const b = new PolicyBuilder();
    const check = (stmt: ir.Stmt, name: string): ir.Stmt[] => [
      get(b, 0, 'v', 2), stmt, { type: 'AssignVarStmt', source: b.str(name), target: 3 }, ...b.result(3, 4),
    ];
    b.plan('p', [
      check({ type: 'EqualStmt', a: l(2), b: b.str('s') }, 'equal'),
      check({ type: 'NotEqualStmt', a: l(2), b: b.str('s') }, 'not-equal'),
      check({ type: 'IsArrayStmt', source: l(2) }, 'array'),
      check({ type: 'IsObjectStmt', source: l(2) }, 'object'),
      check({ type: 'IsSetStmt', source: l(2) }, 'set'),
      check({ type: 'IsArrayStmt', source: b.str('x') }, 'never'),
    ]);
    const p = await loadBoth(b.build());
    const names = (input: unknown) => (evalBoth(p, input) as { result: string }[]).map((r) => r.result).sort();
    expect(names({ v: 's' })).toEqual(['equal']);
    expect(names({ v: [1] })).toEqual(['array', 'not-equal']);
    expect(names({ v: { a: 1 } })).toEqual(['not-equal', 'object']);
    expect(names({})).toEqual([]);
  });

  it('measures length with Len', async () => {
    const b = new PolicyBuilder();
    b.plan('p', [[get(b, 0, 'v', 2), { type: 'LenStmt', source: l(2), target: 3 }, ...b.result(3, 4)]]);
    const p = await loadBoth(b.build());
    expect(evalBoth(p, { v: [1, 2, 3] })).toEqual([{ result: 3 }]);
    expect(evalBoth(p, { v: { a: 1 } })).toEqual([{ result: 1 }]);
    expect(evalBoth(p, { v: 'héllo' })).toEqual([{ result: 5 }]);
  });
});
