// What the input projection keeps, shown as a tree: keys a plan reads by constant, "[]" for every
// key or element, "*" for a subtree kept whole, ALL when the whole input is parsed.
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../../src/policy/rego/compiler/index.ts';
import { inputProjection, type ProjectionNode } from '../../../src/policy/ir/input-projection.ts';
import type { Policy } from '../../../src/policy/ir/ir.ts';

type Shown = string | { [k: string]: Shown };

function show(n: ProjectionNode | undefined): Shown {
  if (n === undefined) return 'ALL';
  if (n.whole) return '*';
  const out: { [k: string]: Shown } = {};
  for (const [k, c] of n.keys) out[k] = show(c);
  if (n.any) out['[]'] = show(n.any);
  return out;
}

function projectionOf(body: string, entrypoint = 'p/r'): Shown {
  const plan = compilePolicy([{ filename: 'p.rego', source: `package p\n${body}\n` }], { entrypoints: [entrypoint], regoVersion: 1 });
  return show(inputProjection(plan, plan.plans.plans[0]!));
}

describe('input projection', () => {
  it('keeps the keys a rule reads by constant and nothing else', () => {
    expect(projectionOf('r if input.a.b == "x"')).toEqual({ a: { b: {} } });
  });

  it('keeps a value a rule returns whole', () => {
    expect(projectionOf('r := input.a.b')).toEqual({ a: { b: '*' } });
  });

  it('keeps every element of what a rule iterates, projected by what the body reads of it', () => {
    expect(projectionOf('r contains c.name if { some c in input.cs; startswith(c.image, "x/") }')).toEqual({
      cs: { '[]': { name: '*', image: '*' } },
    });
  });

  it('keeps every key, not their values, of what is counted', () => {
    expect(projectionOf('r := count(input.items)')).toEqual({ items: { '[]': {} } });
  });

  it('needs no value for type tests and comparisons with constants', () => {
    expect(projectionOf('r if { is_object(input.o); input.s != "a"; input.b == true }')).toEqual({ o: {}, s: {}, b: {} });
  });

  it('keeps both sides of a comparison of two input values whole', () => {
    expect(projectionOf('r if input.a == input.b')).toEqual({ a: '*', b: '*' });
  });

  it('follows values through user functions and object.get with a constant key', () => {
    expect(projectionOf('f(x) := x.name\nr := f(input.o)')).toEqual({ o: { name: '*' } });
    expect(projectionOf('r := object.get(object.get(input, "p", {}), "q", 1)')).toEqual({ p: { q: '*' } });
  });

  it('does not confuse locals that rule bodies reuse', () => {
    const shown = projectionOf(`r contains msg if {
  c := input.spec.containers[_]
  msg := c.name
}
r contains msg if {
  v := input.spec.volumes[_]
  not v.secret
  msg := "volume"
}`);
    expect(shown).toEqual({ spec: { containers: { '[]': { name: '*' } }, volumes: { '[]': { secret: {} } } } });
  });

  it('parses the whole input when a builtin takes it, under `with input`, or for dynamic calls', () => {
    expect(projectionOf('r := json.marshal(input)')).toBe('ALL');
    expect(projectionOf('r := x if x := input.a with input.a as 1')).toBe('ALL');
    const dynamic: Policy = {
      static: { strings: [{ value: 'fn' }], builtin_funcs: [], files: [] },
      plans: { plans: [{ name: 'p/r', blocks: [{ stmts: [
        { type: 'DotStmt', source: { type: 'local', value: 0 }, key: { type: 'string_index', value: 0 }, target: 2 },
        { type: 'CallDynamicStmt', args: [0, 1], result: 3, path: [{ type: 'local', value: 2 }] },
      ] }] }] },
      funcs: { funcs: [] },
    };
    expect(show(inputProjection(dynamic, dynamic.plans.plans[0]!))).toBe('ALL');
  });

  it('keeps computed keys of a looked-up object', () => {
    expect(projectionOf('r := input.labels[input.key]')).toEqual({ labels: { '[]': '*' }, key: '*' });
    expect(projectionOf('missing(o, f) if not o[f]\nr if missing(input.limits, "cpu")')).toEqual({ limits: { '[]': {} } });
  });
});
