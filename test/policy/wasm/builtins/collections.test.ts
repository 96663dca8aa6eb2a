// Aggregates, arrays, objects, json paths, sets and numbers builtins, native in the wasm runtime.
import { describe, expect, it } from 'vitest';
import { error, value } from './rego.ts';

describe('aggregates', () => {
  it('sums, multiplies and picks extremes of arrays and sets', async () => {
    expect(await value('sum([1, 2.5, 3])')).toBe(6.5);
    expect(await value('product({2, 3, 4})')).toBe(24);
    expect(await value('max([1, "a", 3])')).toBe('a');
    expect(await value('min({3, 1, 2})')).toBe(1);
    expect(await value('max([])')).toBeUndefined();
    expect(await error('sum({"a": 1})', {})).toContain('eval_type_error: sum: operand 1 must be one of {set, array} but got object');
    expect(await error('sum([1, "x"])')).toContain('sum: operand 1 must be array of numbers but got array containing string');
  });
});

describe('arrays', () => {
  it('concatenates, slices, reverses and flattens', async () => {
    expect(await value('array.concat([1], [2, 3])')).toEqual([1, 2, 3]);
    expect(await value('array.slice([1, 2, 3, 4], 1, 3)')).toEqual([2, 3]);
    expect(await value('array.slice([1, 2, 3], -5, 10)')).toEqual([1, 2, 3]);
    expect(await value('array.slice([1, 2, 3], 2, 1)')).toEqual([]);
    expect(await value('array.reverse([1, 2, 3])')).toEqual([3, 2, 1]);
    expect(await value('array.flatten([1, [2, [3, []]], 4])')).toEqual([1, 2, [3, []], 4]);
    expect(await error('array.reverse(input.x)', { x: {} })).toContain('array.reverse: operand 1 must be array but got object');
  });
});

describe('objects', () => {
  it('lists keys and removes, filters and merges keys', async () => {
    expect(await value('object.keys({"a": 1, "b": 2})')).toEqual(['a', 'b']);
    expect(await value('object.remove({"a": 1, "b": 2}, {"a"})')).toEqual({ b: 2 });
    expect(await value('object.filter({"a": 1, "b": 2}, ["a", "c"])')).toEqual({ a: 1 });
    expect(await value('object.union({"a": {"b": 1, "c": 1}}, {"a": {"c": 2}, "d": 3})')).toEqual({ a: { b: 1, c: 2 }, d: 3 });
    expect(await value('object.union_n([{"a": {"b": 2}}, {"a": 4}, {"a": {"c": 3}}])')).toEqual({ a: { c: 3 } });
    expect(await value('object.subset({"a": [1, 2, 3], "b": {"c": 1, "d": 2}}, {"a": [2, 3], "b": {"d": 2}})')).toBe(true);
    expect(await value('object.subset({"a": 1}, {"a": 2})')).toBe(false);
    expect(await error('object.remove(input.x, {"a"})', { x: 'no' })).toContain('object.remove: operand 1 must be object but got string');
  });

  it('filters and removes JSON paths', async () => {
    const doc = '{"a": {"b": 1, "c": 2}, "d": [1, 2, 3], "e~/": 5}';
    expect(await value(`json.filter(${doc}, ["a/b", "d/1"])`)).toEqual({ a: { b: 1 }, d: [2] });
    expect(await value(`json.remove(${doc}, ["a/b", ["d", "1"], "e~0~1"])`)).toEqual({ a: { c: 2 }, d: [1, 3] });
    expect(await error(`json.remove(${doc}, "a")`)).toContain('json.remove: operand 2 must be one of {set, array} but got string');
  });
});

describe('json.patch', () => {
  it('applies RFC 6902 operations, also to sets, and is undefined when one fails', async () => {
    expect(await value('json.patch({"a": [1, 3]}, [{"op": "add", "path": "/a/1", "value": 2}, {"op": "add", "path": "/a/-", "value": 4}])')).toEqual({ a: [1, 2, 3, 4] });
    expect(await value('json.patch({"a": {"b": 1}}, [{"op": "move", "from": "/a/b", "path": "/c"}, {"op": "test", "path": "/c", "value": 1}])')).toEqual({ a: {}, c: 1 });
    expect(await value('json.patch({"foo": {"a", "b"}}, [{"op": "remove", "path": "foo/b"}])')).toEqual({ foo: ['a'] });
    expect(await value('json.patch({"a": 1}, [{"op": "replace", "path": "/b", "value": 2}])')).toBeUndefined();
    expect(await value('json.patch([1, 2, 3], [{"op": "add", "path": "1.2", "value": "foo"}])')).toBeUndefined();
  });
});

describe('sets and numbers', () => {
  it('unites and intersects sets of sets', async () => {
    expect(await value('union({{1}, {2, 3}})')).toEqual([1, 2, 3]);
    expect(await value('intersection({{1, 2}, {2, 3}})')).toEqual([2]);
  });

  it('builds ranges and formats integers', async () => {
    expect(await value('numbers.range(3, 1)')).toEqual([3, 2, 1]);
    expect(await value('numbers.range_step(0, 10, 4)')).toEqual([0, 4, 8]);
    expect(await error('numbers.range_step(0, 10, 0)')).toContain('numbers.range_step: step must be a positive integer');
    expect(await error('numbers.range(1.5, 2)')).toContain('numbers.range: operand 1 must be integer number but got floating-point number');
    expect(await value('format_int(-10.7, 16)')).toBe('-a');
    expect(await value('format_int(5, 2)')).toBe('101');
  });

  it('does bit arithmetic without losing precision', async () => {
    expect(await value('bits.and(12, 10)')).toBe(8);
    expect(await value('bits.xor(12, 10)')).toBe(6);
    expect(await value('bits.negate(0)')).toBe(-1);
    expect(await value('format_int(bits.lsh(9223372036854775807, 1), 10)')).toBe('18446744073709551614');
    expect(await error('bits.rsh(1, -1)')).toContain('bits.rsh: operand 2 must be an unsigned integer number but got a negative integer');
  });
});

describe('strings', () => {
  it('renders template strings like OPA', async () => {
    expect(await value('$"a {[1, "x"]} {{"k": {1}}} {set()} {input.missing} {"s"}"', {})).toBe('a [1, "x"] {"k": {1}} set() <undefined> s');
  });

  it('replaces, reverses, counts and splits', async () => {
    expect(await value('strings.replace_n({"a": "1", "ab": "2"}, "abab cab")')).toBe('1b1b c1b');
    expect(await value('strings.reverse("héllo")')).toBe('olléh');
    expect(await value('strings.count("11111", "11")')).toBe(2);
    expect(await value('strings.count("dummy", "")')).toBe(6);
    expect(await value('indexof_n("sad book", "o")')).toEqual([5, 6]);
    expect(await value('strings.split_n("a.b.c.d", ".", -2)')).toEqual(['c', 'd']);
  });
});
