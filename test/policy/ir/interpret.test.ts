import { describe, expect, test } from 'vitest';
import type { Policy, Stmt } from '../../../src/policy/ir/ir.ts';
import { interpret, EvalError } from '../../../src/policy/ir/interpret.ts';
import { ObjectValue, SetValue, compare, fromJSON } from '../../../src/policy/ir/value.ts';

function policy(stmts: Stmt[], strings: string[] = [], funcs: Policy['funcs']['funcs'] = []): Policy {
  return {
    static: { strings: strings.map((value) => ({ value })), builtin_funcs: [], files: [] },
    plans: { plans: [{ name: 'p', blocks: [{ stmts }] }] },
    funcs: { funcs },
  };
}

const result = (value: number): Stmt[] => [
  { type: 'MakeObjectStmt', target: 10 },
  { type: 'ObjectInsertStmt', key: { type: 'string_index', value: 0 }, value: { type: 'local', value }, object: 10 },
  { type: 'ResultSetAddStmt', value: 10 },
];

describe('IR interpreter', () => {
  test('orders values as OPA does: null < boolean < number < string < array < object < set', () => {
    const vals = [new SetValue(), new ObjectValue(), [], 'a', 1, false, null].map((v) => fromJSON(v));
    const sorted = [...vals].sort(compare);
    expect(sorted.map((v) => (v instanceof SetValue ? 'set' : v instanceof ObjectValue ? 'object' : JSON.stringify(v)))).toEqual([
      'null', 'false', '1', '"a"', '[]', 'object', 'set',
    ]);
  });

  test('a plan reads input, dots into it and adds {"result": x}', () => {
    const p = policy([{ type: 'DotStmt', source: { type: 'local', value: 0 }, key: { type: 'string_index', value: 1 }, target: 3 }, ...result(3)], ['result', 'x']);
    expect(interpret(p, 'p', { x: 7 }, {})).toEqual([{ result: 7 }]);
    expect(interpret(p, 'p', { y: 7 }, {})).toEqual([]);
  });

  test('scan iterates arrays and a failing statement only ends its own block', () => {
    const p = policy(
      [
        { type: 'MakeSetStmt', target: 4 },
        {
          type: 'ScanStmt', source: 0, key: 5, value: 6,
          block: { stmts: [{ type: 'NotEqualStmt', a: { type: 'local', value: 6 }, b: { type: 'bool', value: false } }, { type: 'SetAddStmt', value: { type: 'local', value: 6 }, set: 4 }] },
        },
        ...result(4),
      ],
      ['result'],
    );
    expect(interpret(p, 'p', [3, false, 1, 3], {})).toEqual([{ result: [1, 3] }]);
  });

  test('BreakStmt leaves enclosing blocks and NotStmt inverts its block', () => {
    const p = policy(
      [
        { type: 'MakeNumberIntStmt', value: 1, target: 3 },
        { type: 'BlockStmt', blocks: [{ stmts: [{ type: 'BlockStmt', blocks: [{ stmts: [{ type: 'BreakStmt', index: 1 }] }] }, { type: 'MakeNumberIntStmt', value: 2, target: 3 }] }] },
        { type: 'NotStmt', block: { stmts: [{ type: 'EqualStmt', a: { type: 'local', value: 3 }, b: { type: 'bool', value: true } }] } },
        ...result(3),
      ],
      ['result'],
    );
    expect(interpret(p, 'p', undefined, {})).toEqual([{ result: 1 }]);
  });

  test('AssignVarOnceStmt with two different values is a conflict error', () => {
    const p = policy([
      { type: 'MakeNumberIntStmt', value: 1, target: 3 },
      { type: 'AssignVarOnceStmt', source: { type: 'local', value: 3 }, target: 4 },
      { type: 'AssignVarOnceStmt', source: { type: 'bool', value: true }, target: 4 },
    ]);
    expect(() => interpret(p, 'p', undefined, {})).toThrow(EvalError);
  });

  test('WithStmt replaces a path of input only inside its block', () => {
    const p = policy(
      [
        { type: 'MakeNumberIntStmt', value: 5, target: 3 },
        { type: 'WithStmt', local: 0, path: [1], value: { type: 'local', value: 3 }, block: { stmts: [{ type: 'DotStmt', source: { type: 'local', value: 0 }, key: { type: 'string_index', value: 1 }, target: 4 }] } },
        { type: 'DotStmt', source: { type: 'local', value: 0 }, key: { type: 'string_index', value: 1 }, target: 6 },
        { type: 'ArrayAppendStmt', value: { type: 'local', value: 4 }, array: 7 },
      ],
      ['result', 'x'],
    );
    p.plans.plans[0]!.blocks[0]!.stmts.splice(3, 0, { type: 'MakeArrayStmt', capacity: 2, target: 7 });
    p.plans.plans[0]!.blocks[0]!.stmts.push({ type: 'ArrayAppendStmt', value: { type: 'local', value: 6 }, array: 7 }, ...result(7));
    expect(interpret(p, 'p', { x: 1 }, {})).toEqual([{ result: [5, 1] }]);
  });

  test('CallStmt calls functions with (input, data, args) and builtins by name', () => {
    const p = policy(
      [
        { type: 'MakeNumberIntStmt', value: 2, target: 3 },
        { type: 'CallStmt', func: 'g0.data.f', args: [{ type: 'local', value: 0 }, { type: 'local', value: 1 }, { type: 'local', value: 3 }], result: 4 },
        ...result(4),
      ],
      ['result'],
      [{
        name: 'g0.data.f', params: [0, 1, 2], return: 5,
        blocks: [{ stmts: [{ type: 'CallStmt', func: 'plus', args: [{ type: 'local', value: 2 }, { type: 'local', value: 2 }], result: 5 }] }, { stmts: [{ type: 'ReturnLocalStmt', source: 5 }] }],
      }],
    );
    expect(interpret(p, 'p', undefined, {})).toEqual([{ result: 4 }]);
  });
});
