import { describe, expect, test } from 'vitest';
import { compileErrorOf, evalRego } from './helpers.ts';

describe('name resolution', () => {
  test('imports of data with and without alias reach rules of other packages', () => {
    const lib = 'package lib.k8s\n\nis_pod(o) if o.kind == "Pod"\n';
    const a = 'package a\n\nimport data.lib.k8s\n\np if k8s.is_pod(input)\n';
    const b = 'package b\n\nimport data.lib.k8s as k\n\np if k.is_pod(input)\n';
    expect(evalRego([lib, a], 'a/p', { kind: 'Pod' })).toBe(true);
    expect(evalRego([lib, b], 'b/p', { kind: 'Pod' })).toBe(true);
    expect(evalRego([lib, b], 'b/p', { kind: 'Service' })).toBeUndefined();
  });

  test('input imports alias a path of input', () => {
    expect(evalRego('package a\n\nimport input.review.object as obj\n\nname := obj.metadata.name\n', 'a/name', { review: { object: { metadata: { name: 'x' } } } })).toBe('x');
  });

  test(':= locals shadow rule names and comprehension locals do not leak', () => {
    const src = `package a
q := 10
p := [q, y, x] if {
  q := 1
  x := 5
  y := [x | some x in [7]]
}
`;
    expect(evalRego(src, 'a/p')).toEqual([1, [7], 5]);
  });

  test('comprehensions capture vars bound in the enclosing body, wherever they are bound', () => {
    const src = 'package a\n\np := ys if {\n  ys := [y | some y in input.xs; y > lo]\n  lo = 1\n}\n';
    expect(evalRego(src, 'a/p', { xs: [0, 1, 2, 3] })).toEqual([2, 3]);
  });

  test('some k, v in object iterates keys and values; every checks all', () => {
    const src = `package a
keys contains k if { some k, v in input; v > 1 }
all_big if { every v in input { v > 0 } }
`;
    expect(evalRego(src, 'a/keys', { a: 1, b: 2, c: 3 })).toEqual(['b', 'c']);
    expect(evalRego(src, 'a/all_big', { a: 1, b: 2 })).toBe(true);
    expect(evalRego(src, 'a/all_big', { a: 0, b: 2 })).toBeUndefined();
  });

  test('calls with an output argument bind it (v0 style)', () => {
    expect(evalRego('package a\n\np = n { count(input, n) }\n', 'a/p', [1, 2, 3], {}, 0)).toBe(3);
  });
});

describe('safety', () => {
  test('expressions are reordered so inputs are bound first', () => {
    expect(evalRego('package a\n\np := y if {\n  y = x + 1\n  x = input.n\n}\n', 'a/p', { n: 2 })).toBe(3);
  });

  test('negated expressions run after their vars are bound', () => {
    const src = 'package a\n\np contains x if {\n  not input.deny[x]\n  x = input.all[_]\n}\n';
    expect(evalRego(src, 'a/p', { all: ['a', 'b'], deny: { a: true } })).toEqual(['b']);
  });

  test('a var nothing binds is reported as unsafe with its location', () => {
    const err = compileErrorOf('package a\n\np if {\n  x > 1\n}\n', 'a/p');
    expect(err.code).toBe('rego_unsafe_var_error');
    expect(err.message).toContain('var x is unsafe');
    expect(err.location?.row).toBe(4);
  });

  test('head vars the body does not bind are unsafe', () => {
    expect(compileErrorOf('package a\n\np contains x if { true }\n', 'a/p').code).toBe('rego_unsafe_var_error');
  });
});

describe('rule checks', () => {
  test('recursion is rejected', () => {
    const err = compileErrorOf('package a\n\np if q\nq if p\n', 'a/p');
    expect(err.code).toBe('rego_recursion_error');
    expect(err.message).toContain('data.a.p');
  });

  test('rules of different kinds at one path conflict', () => {
    const err = compileErrorOf('package a\n\np := 1\np contains 2\n', 'a/p');
    expect(err.code).toBe('rego_type_error');
    expect(err.message).toContain('conflicting rules data.a.p found');
  });

  test('assigning a local twice is a compile error', () => {
    const err = compileErrorOf('package a\n\np := x if {\n  x := 1\n  x := 2\n}\n', 'a/p');
    expect(err.code).toBe('rego_compile_error');
    expect(err.message).toContain('var x assigned above');
    expect(err.location?.row).toBe(5);
  });

  test('a single-value rule cannot have rules below it', () => {
    const err = compileErrorOf('package a\n\np := 1\np.q := 2\n', 'a/p');
    expect(err.code).toBe('rego_type_error');
    expect(err.message).toContain('rule data.a.p conflicts with [data.a.p.q]');
  });

  test('unknown functions and wrong arities are type errors', () => {
    expect(compileErrorOf('package a\n\np if nosuch(1)\n', 'a/p').message).toContain('undefined function nosuch');
    expect(compileErrorOf('package a\n\np if startswith("a")\n', 'a/p').message).toContain('startswith: arity mismatch');
  });
});
