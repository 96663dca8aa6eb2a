// walk is a relation: used as a value (`[p, v] := walk(x)`) it yields each [path, value] pair,
// exactly as the two-argument form `walk(x, [p, v])` does.
import { describe, expect, it } from 'vitest';
import { value } from './rego.ts';

describe('walk used as a value', () => {
  it('iterates its pairs when destructured', async () => {
    expect(await value('{p: v | [p, v] := walk({"a": ["x"]})}')).toEqual({ '[]': { a: ['x'] }, '["a"]': ['x'], '["a",0]': 'x' });
    expect(await value('{p: v | walk({"a": ["x"]}, [p, v])}')).toEqual({ '[]': { a: ['x'] }, '["a"]': ['x'], '["a",0]': 'x' });
  });

  it('binds each pair to a plain variable', async () => {
    expect(await value('[x | x := walk([1])]')).toEqual([[[], [1]], [[0], 1]]);
    expect(await value('count([v | [_, v] := walk({"a": {"b": 1}}); is_number(v)])')).toBe(1);
  });

  it('holds once per result as a whole expression', async () => {
    expect(await value('count([1 | walk([1, [2]])])')).toBe(4);
    expect(await value('count([1 | not walk(1)])')).toBe(0);
  });
});
