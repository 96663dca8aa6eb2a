import { describe, expect, test } from 'vitest';
import { compilePolicy } from '../../../../src/policy/rego/compiler/index.ts';
import { interpret } from '../../../../src/policy/ir/interpret.ts';
import type { Stmt } from '../../../../src/policy/ir/ir.ts';
import { evalRego } from '../compiler/helpers.ts';

function allStmts(blocks: { stmts: Stmt[] }[]): Stmt[] {
  const out: Stmt[] = [];
  const visit = (b: { stmts: Stmt[] }) => {
    for (const s of b.stmts) {
      out.push(s);
      if ('block' in s) visit(s.block);
      if ('blocks' in s) s.blocks.forEach(visit);
    }
  };
  blocks.forEach(visit);
  return out;
}

describe('IR shape', () => {
  test('one function per rule group, builtins listed, numbers and strings in static', () => {
    const src = 'package k8s\n\nviolation contains {"msg": m} if {\n  input.n > 12345678901234567890\n  m := sprintf("big %v", [input.n])\n}\n';
    const policy = compilePolicy([{ filename: 'p.rego', source: src }], { entrypoints: ['k8s/violation'] });
    expect(policy.plans.plans.map((p) => p.name)).toEqual(['k8s/violation']);
    expect(policy.funcs.funcs.map((f) => f.name)).toEqual(['g0.data.k8s.violation']);
    expect(policy.funcs.funcs[0]!.params).toEqual([0, 1]);
    expect(policy.static.builtin_funcs).toEqual([
      { name: 'gt', arity: 2 },
      { name: 'sprintf', arity: 2 },
    ]);
    const strings = policy.static.strings.map((s) => s.value);
    expect(strings).toContain('12345678901234567890');
    expect(strings).toContain('msg');
    const stmts = allStmts(policy.funcs.funcs[0]!.blocks);
    expect(stmts.some((s) => s.type === 'MakeNumberRefStmt')).toBe(true);
    expect(stmts.some((s) => s.type === 'ScanStmt')).toBe(false);
    const plan = allStmts(policy.plans.plans[0]!.blocks);
    expect(plan.at(-1)).toMatchObject({ type: 'ResultSetAddStmt' });
  });

  test('iteration over input with an unbound var becomes a ScanStmt', () => {
    const policy = compilePolicy([{ filename: 'p.rego', source: 'package a\n\nnames contains n if n := input.items[_].name\n' }], { entrypoints: ['a/names'] });
    expect(allStmts(policy.funcs.funcs[0]!.blocks).filter((s) => s.type === 'ScanStmt')).toHaveLength(1);
  });
});

describe('size', () => {
  test('large literals and long bodies compile without exhausting the stack', () => {
    const items = Array.from({ length: 20000 }, (_, i) => `"img${i}"`).join(', ');
    const checks = Array.from({ length: 3000 }, (_, i) => `  input.n != ${i}`).join('\n');
    const src = `package a\nallowed := {${items}}\np if allowed[input.x]\nq if {\n${checks}\n}\n`;
    expect(evalRego(src, 'a/p', { x: 'img19999' })).toBe(true);
    expect(evalRego(src, 'a/q', { n: -1 })).toBe(true);
    expect(evalRego(src, 'a/q', { n: 2999 })).toBeUndefined();
  });
});

describe('rules', () => {
  test('partial set rules with object elements, as Gatekeeper violations', () => {
    const src = `package k8srequiredlabels
violation[{"msg": msg, "details": {"missing_labels": missing}}] {
  provided := {label | input.review.object.metadata.labels[label]}
  required := {label | label := input.parameters.labels[_]}
  missing := required - provided
  count(missing) > 0
  msg := sprintf("you must provide labels: %v", [missing])
}
`;
    const input = { review: { object: { metadata: { labels: { app: 'x' } } } }, parameters: { labels: ['app', 'owner'] } };
    expect(evalRego(src, 'k8srequiredlabels/violation', input, {}, 0)).toEqual([
      { msg: 'you must provide labels: {"owner"}', details: { missing_labels: ['owner'] } },
    ]);
    input.parameters.labels = ['app'];
    expect(evalRego(src, 'k8srequiredlabels/violation', input, {}, 0)).toEqual([]);
  });

  test('complete rules with two different values are a conflict at evaluation time', () => {
    const policy = compilePolicy([{ filename: 'p.rego', source: 'package a\n\np := 1 if input.x\np := 2 if input.y\n' }], { entrypoints: ['a/p'] });
    expect(interpret(policy, 'a/p', { x: true }, {})).toEqual([{ result: 1 }]);
    expect(() => interpret(policy, 'a/p', { x: true, y: true }, {})).toThrow('complete rules must not produce multiple outputs');
  });

  test('functions with several definitions and pattern arguments', () => {
    const src = `package a
mem_multiple("E") := 1000000000000000000
mem_multiple("G") := 1000000000
mem_multiple("M") := 1000000
size([n, unit]) := n * mem_multiple(unit)
p := [size([2, "G"]), size([1, "M"])]
q := size([1, "X"])
`;
    expect(evalRego(src, 'a/p')).toEqual([2000000000, 1000000]);
    expect(evalRego(src, 'a/q')).toBeUndefined();
  });

  test('functions giving two outputs for one input are a conflict', () => {
    const policy = compilePolicy([{ filename: 'p.rego', source: 'package a\n\nf(x) := 1 if x > 0\nf(x) := 2 if x > 1\np := f(5)\n' }], { entrypoints: ['a/p'] });
    expect(() => interpret(policy, 'a/p', undefined, {})).toThrow('functions must not produce multiple outputs for same inputs');
  });

  test('else chains pick the first defined branch; default applies when nothing is defined', () => {
    const src = `package a
default level := "none"
level := "high" if input.n > 10
else := "low" if input.n > 0
`;
    expect(evalRego(src, 'a/level', { n: 20 })).toBe('high');
    expect(evalRego(src, 'a/level', { n: 5 })).toBe('low');
    expect(evalRego(src, 'a/level', { n: 0 })).toBe('none');
  });

  test('not, and negation of undefined refs', () => {
    const src = 'package a\n\ndeny contains c.name if {\n  some c in input.containers\n  not c.limits.memory\n}\n';
    expect(evalRego(src, 'a/deny', { containers: [{ name: 'a', limits: { memory: '1Gi' } }, { name: 'b' }] })).toEqual(['b']);
  });

  test('unification with composite patterns binds vars on both sides', () => {
    const src = 'package a\n\np := [a, b] if {\n  [a, {"k": b}] = [1, input.o]\n}\n';
    expect(evalRego(src, 'a/p', { o: { k: 'v' } })).toEqual([1, 'v']);
    expect(evalRego(src, 'a/p', { o: { k: 'v', z: 1 } })).toBeUndefined();
  });
});

describe('documents', () => {
  test('a package is an object of its rules merged with base data', () => {
    const src = 'package a\n\nx := 1\ns contains 2\nf(y) := y\n';
    expect(evalRego(src, 'a', undefined, { a: { base: true } })).toEqual({ base: true, s: [2], x: 1 });
  });

  test('iterating data with an unbound key visits rules and base documents', () => {
    const lib = 'package lib\n\nr := "rule"\n';
    const src = 'package a\n\nkeys contains k if data.lib[k]\n';
    expect(evalRego([lib, src], 'a/keys', undefined, { lib: { b: 1 } })).toEqual(['b', 'r']);
  });

  test('data.inventory lookups, as referential Gatekeeper policies', () => {
    const src = 'package a\n\ndup contains name if {\n  name := input.name\n  data.inventory.namespace[ns][_].Ingress[name]\n  ns != input.ns\n}\n';
    const data = { inventory: { namespace: { other: { 'networking.k8s.io/v1': { Ingress: { web: {} } } } } } };
    expect(evalRego(src, 'a/dup', { name: 'web', ns: 'mine' }, data)).toEqual(['web']);
    expect(evalRego(src, 'a/dup', { name: 'web', ns: 'other' }, data)).toEqual([]);
  });
});

describe('with', () => {
  test('with input and with data replace documents for one expression only', () => {
    const src = 'package a\n\nq := input.x\nr := data.cfg.v\np := [a, b, c] if {\n  a := q with input.x as 1\n  b := r with data.cfg.v as 2\n  c := q\n}\n';
    expect(evalRego(src, 'a/p', { x: 9 }, { cfg: { v: 0 } })).toEqual([1, 2, 9]);
  });

  test('with data.<rule> replaces the rule', () => {
    const src = 'package a\n\nq := 1\nr := q + 1\np := x if x := r with data.a.q as 10\n';
    expect(evalRego(src, 'a/p')).toBe(11);
  });
});
