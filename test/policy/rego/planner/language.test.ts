import { describe, expect, test } from 'vitest';
import { compilePolicy } from '../../../../src/policy/rego/compiler/index.ts';
import { interpret } from '../../../../src/policy/ir/interpret.ts';
import { evalRego } from '../compiler/helpers.ts';

describe('negation and every over iteration', () => {
  test('not with an iterating ref holds only when no element is truthy', () => {
    const src = 'package a\n\np if not input.flags[_]\n';
    expect(evalRego(src, 'a/p', { flags: [false, false] })).toBe(true);
    expect(evalRego(src, 'a/p', { flags: [false, true] })).toBeUndefined();
  });

  test('refs in the arguments of a negated call are evaluated outside it, as OPA does', () => {
    const src = 'package a\n\np if not input.xs[_] == 3\n';
    expect(evalRego(src, 'a/p', { xs: [3, 3] })).toBeUndefined();
    expect(evalRego(src, 'a/p', { xs: [1, 3] })).toBe(true);
  });

  test('every body that iterates succeeds when one iteration does', () => {
    const src = `package a
allowed := {"hooli.com/", "acmecorp.net/"}
p if {
  every c in input.containers {
    some repo in allowed
    startswith(c.image, repo)
  }
}
`;
    expect(evalRego(src, 'a/p', { containers: [{ image: 'hooli.com/x' }, { image: 'acmecorp.net/y' }] })).toBe(true);
    expect(evalRego(src, 'a/p', { containers: [{ image: 'hooli.com/x' }, { image: 'nginx' }] })).toBeUndefined();
  });

  test('every over a scalar or an undefined domain is false', () => {
    const src = 'package a\n\ndefault p := "no"\np := "yes" if every v in input.d { v > 0 }\n';
    expect(evalRego(src, 'a/p', { d: 42 })).toBe('no');
    expect(evalRego(src, 'a/p', {})).toBe('no');
    expect(evalRego(src, 'a/p', { d: [] })).toBe('yes');
  });

  test('an undefined argument of a negated call fails the body (OPA rewrites it out of the not)', () => {
    const src = 'package a\n\nf(_, _) := true\np if not f(1, input.missing)\n';
    expect(evalRego(src, 'a/p', {})).toBeUndefined();
  });
});

describe('undefined input', () => {
  test('reading input when none is given is undefined, also inside literals', () => {
    const src = 'package a\n\np if {\n  [1, input]\n} else := false\n';
    expect(evalRego(src, 'a/p')).toBe(false);
    expect(evalRego(src, 'a/p', { x: 1 })).toBe(true);
  });
});

describe('rule heads with refs', () => {
  test('general ref heads build nested objects', () => {
    const src = 'package a\n\np[q].r := i if some i, q in ["x", "y"]\n';
    expect(evalRego(src, 'a/p')).toEqual({ x: { r: 0 }, y: { r: 1 } });
  });

  test('multi-value ref heads build sets at the leaves and merge with rules below', () => {
    const src = 'package a\n\np[q] contains r if {\n  some q in ["a", "b"]\n  some r in [1, 2]\n}\np.b contains 3\n';
    expect(evalRego(src, 'a/p')).toEqual({ a: [1, 2], b: [1, 2, 3] });
  });

  test('a rule overlapping the values of a ref-head rule group is a conflict', () => {
    const src = 'package a\n\np[q].r := v if {\n  q := "q"\n  v := {"s": 1}\n}\np.q.r.t := 42\np.z.r := 1\n';
    const policy = compilePolicy([{ filename: 'p.rego', source: src }], { entrypoints: ['a/p'] });
    expect(() => interpret(policy, 'a/p', undefined, {})).toThrow('object keys must be unique');
    expect(evalRego('package a\n\np[q].r := 1 if q := "x"\np.z.r := 2\n', 'a/p')).toEqual({ x: { r: 1 }, z: { r: 2 } });
  });

  test('a duplicate key with another value is a conflict at evaluation time', () => {
    const policy = compilePolicy([{ filename: 'p.rego', source: 'package a\n\np[q] := i if some i, q in ["x", "x"]\n' }], { entrypoints: ['a/p'] });
    expect(() => interpret(policy, 'a/p', undefined, {})).toThrow('object keys must be unique');
  });
});

describe('with on functions', () => {
  test('a builtin replaced by a value and by a user function, also in rules called indirectly', () => {
    const src = `package a
mock_count(_) := 42
q := count([1, 2])
p := [x, y, z] if {
  x := count([1]) with count as 7
  y := q with count as mock_count
  z := q
}
`;
    expect(evalRego(src, 'a/p')).toEqual([7, 42, 2]);
  });

  test('a local value replacing a function reaches rules called indirectly', () => {
    const src = 'package a\n\nr := count([1])\nq := r\np := ys if ys := [y | some v in [5, 6]; y := q with count as v]\n';
    expect(evalRego(src, 'a/p')).toEqual([5, 6]);
  });

  test('a replacement function runs without the mocks it replaces', () => {
    const src = 'package a\n\nf(x) := count(x) + 1\np := y if y := count([1, 2]) with count as f\n';
    expect(evalRego(src, 'a/p')).toBe(3);
  });
});

describe('template strings', () => {
  test('expressions are formatted, undefined ones print <undefined>', () => {
    const src = 'package a\n\np := $"{input.name} has {count(input.xs)} items {input.nope} {input.xs}"\n';
    expect(evalRego(src, 'a/p', { name: 'n', xs: [1, 'a'] })).toBe('n has 2 items <undefined> [1, "a"]');
  });
});

describe('experimental logical operators', () => {
  test('and / or short-circuit and succeed at most once', () => {
    const src = 'package a\n\nimport future.keywords.or\nimport future.keywords.and\n\np if input.a == 1 or to_number(input.s) > 0\nq if input.a == 1 and input.b == 2\n';
    const opts = { entrypoints: ['a/p', 'a/q'], regoVersion: 1 as const, experimentalKeywords: true };
    const policy = compilePolicy([{ filename: 'p.rego', source: src }], opts);
    expect(interpret(policy, 'a/p', { a: 1, s: 'not a number' }, {})).toEqual([{ result: true }]);
    expect(interpret(policy, 'a/q', { a: 1, b: 2 }, {})).toEqual([{ result: true }]);
    expect(interpret(policy, 'a/q', { a: 1, b: 3 }, {})).toEqual([]);
  });
});

describe('functions without arguments', () => {
  test('have a value in their package document, as in OPA; functions with arguments do not', () => {
    const src = 'package a\n\nf() := 1\ng(x) := x\np := f() + 1\n';
    expect(evalRego(src, 'a', {})).toEqual({ f: 1, p: 2 });
    expect(evalRego(src, 'a/f', {})).toBe(1);
    expect(evalRego(['package a\n\nf() := 1\ng(x) := x\n', 'package b\n\nkeys := [k | data.a[k]]\n'], 'b/keys', {})).toEqual(['f']);
  });

  test('keep their value when they stand in for another function under with (v0)', () => {
    const src = 'package t\n\nf() = 1\nh() = 2\np {\n  q with h as f\n}\nq {\n  h() == 1\n}\n';
    expect(evalRego(src, 't', {}, {}, 0)).toEqual({ f: 1, h: 2, p: true });
  });
});
