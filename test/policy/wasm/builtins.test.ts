// Native builtins, called from a one-statement plan: result := <builtin>(input.args...).
import { describe, expect, it } from 'vitest';
import type * as ir from '../../../src/policy/ir/ir.ts';
import { PolicyBuilder, l, load, abortMessage, type LoadedPolicy } from './helpers.ts';

const cache = new Map<string, Promise<LoadedPolicy>>();

/** A policy computing name(input[0], input[1], ...). */
function builtinPolicy(name: string, arity: number): Promise<LoadedPolicy> {
  let p = cache.get(`${name}/${arity}`);
  if (!p) {
    const b = new PolicyBuilder();
    b.builtin(name, arity);
    const stmts: ir.Stmt[] = [];
    const args: ir.Operand[] = [];
    for (let i = 0; i < arity; i++) {
      b.si(String(i));
      stmts.push({ type: 'MakeNumberIntStmt', value: i, target: 20 + i });
      stmts.push({ type: 'DotStmt', source: l(0), key: l(20 + i), target: 10 + i });
      args.push(l(10 + i));
    }
    stmts.push({ type: 'CallStmt', func: name, args, result: 3 }, ...b.result(3, 4));
    p = load(b.plan('b', [stmts]).build());
    cache.set(`${name}/${arity}`, p);
  }
  return p;
}

async function call(name: string, ...args: unknown[]): Promise<unknown> {
  const p = await builtinPolicy(name, args.length);
  const res = p.evaluate(args) as { result: unknown }[];
  return res.length === 0 ? undefined : res[0].result;
}

async function callError(name: string, ...args: unknown[]): Promise<string> {
  const p = await builtinPolicy(name, args.length);
  return abortMessage(() => p.evaluate(args));
}

describe('comparison', () => {
  it('orders values as OPA does', async () => {
    expect(await call('equal', { a: [1, 2] }, { a: [1, 2] })).toBe(true);
    expect(await call('equal', 1, 1.0)).toBe(true);
    expect(await call('neq', 'a', 'b')).toBe(true);
    expect(await call('lt', null, false)).toBe(true);
    expect(await call('lt', 99, 'a')).toBe(true);
    expect(await call('lt', 'a', [])).toBe(true);
    expect(await call('lt', [], {})).toBe(true);
    expect(await call('lt', 'abc', 'abd')).toBe(true);
    expect(await call('gte', [1, 2], [1])).toBe(true);
    expect(await call('gt', 2.5, 2)).toBe(true);
    expect(await call('lte', 'é', 'z')).toBe(false); // bytewise UTF-8
  });
});

describe('arithmetic', () => {
  it('is exact on integers and follows Go for floats', async () => {
    expect(await call('plus', 1, 2)).toBe(3);
    expect(await call('plus', 0.1, 0.2)).toBeCloseTo(0.3);
    expect(await call('minus', 10, 15)).toBe(-5);
    expect(await call('mul', 3, 1.5)).toBe(4.5);
    expect(await call('div', 7, 2)).toBe(3.5);
    expect(await call('div', 8, 2)).toBe(4);
    expect(await call('rem', 7, 3)).toBe(1);
    expect(await call('rem', -7, 3)).toBe(-1);
    expect(await call('abs', -4)).toBe(4);
    expect(await call('round', 2.5)).toBe(3);
    expect(await call('ceil', 1.2)).toBe(2);
    expect(await call('floor', -1.2)).toBe(-2);
  });

  it('computes set difference with minus', async () => {
    // sets cannot come from JSON input, so build them with a policy of their own
    const b = new PolicyBuilder();
    b.builtin('minus', 2);
    b.plan('s', [[
      { type: 'MakeSetStmt', target: 2 },
      { type: 'SetAddStmt', value: b.str('a'), set: 2 },
      { type: 'SetAddStmt', value: b.str('b'), set: 2 },
      { type: 'MakeSetStmt', target: 3 },
      { type: 'SetAddStmt', value: b.str('b'), set: 3 },
      { type: 'CallStmt', func: 'minus', args: [l(2), l(3)], result: 4 },
      ...b.result(4, 5),
    ]]);
    expect((await load(b.build())).evaluate({})).toEqual([{ result: ['a'] }]);
  });

  it('raises typed errors', async () => {
    expect(await callError('plus', 'a', 1)).toBe('eval_type_error: plus: operand 1 must be number but got string');
    expect(await callError('div', 1, 0)).toBe('eval_builtin_error: div: divide by zero');
    expect(await callError('rem', 1.5, 1)).toBe('eval_builtin_error: rem: modulo on floating-point number');
  });
});

describe('types and conversion', () => {
  it('checks types', async () => {
    expect(await call('is_string', 'x')).toBe(true);
    expect(await call('is_number', 'x')).toBe(false);
    expect(await call('is_array', [])).toBe(true);
    expect(await call('is_object', {})).toBe(true);
    expect(await call('is_boolean', false)).toBe(true);
    expect(await call('is_null', null)).toBe(true);
    expect(await call('type_name', { a: 1 })).toBe('object');
  });

  it('converts to numbers', async () => {
    expect(await call('to_number', '42')).toBe(42);
    expect(await call('to_number', '-007')).toBe(-7);
    expect(await call('to_number', '-1.5e2')).toBe(-150);
    expect(await call('to_number', true)).toBe(1);
    expect(await call('to_number', null)).toBe(0);
    expect(await callError('to_number', 'abc')).toMatch(/^eval_builtin_error: to_number: .*abc/);
    expect(await callError('to_number', [])).toMatch(/^eval_type_error: to_number: operand 1/);
  });
});

describe('collections', () => {
  it('counts', async () => {
    expect(await call('count', [1, 2, 3])).toBe(3);
    expect(await call('count', { a: 1 })).toBe(1);
    expect(await call('count', 'héllo')).toBe(5);
    expect(await callError('count', 5)).toBe('eval_type_error: count: operand 1 must be one of {array, object, set, string} but got number');
  });

  it('tests membership', async () => {
    expect(await call('internal.member_2', 2, [1, 2])).toBe(true);
    expect(await call('internal.member_2', 'v', { k: 'v' })).toBe(true);
    expect(await call('internal.member_2', 3, [1, 2])).toBe(false);
    expect(await call('internal.member_3', 1, 'b', ['a', 'b'])).toBe(true);
    expect(await call('internal.member_3', 'k', 'v', { k: 'v' })).toBe(true);
    expect(await call('internal.member_3', 'k', 'w', { k: 'v' })).toBe(false);
  });

  it('gets object values with defaults and paths', async () => {
    expect(await call('object.get', { a: 1 }, 'a', 0)).toBe(1);
    expect(await call('object.get', { a: 1 }, 'b', 'dflt')).toBe('dflt');
    expect(await call('object.get', { a: { b: [10, 20] } }, ['a', 'b', 1], 0)).toBe(20);
    expect(await call('object.get', { a: {} }, ['a', 'x'], 'none')).toBe('none');
    expect(await call('object.get', { a: 1 }, [], 0)).toEqual({ a: 1 });
    expect(await callError('object.get', [], 'a', 0)).toBe('eval_type_error: object.get: operand 1 must be object but got array');
  });
});

describe('strings', () => {
  it('matches prefixes and suffixes and trims', async () => {
    expect(await call('startswith', 'registry.io/app', 'registry.io/')).toBe(true);
    expect(await call('startswith', 'a', 'ab')).toBe(false);
    expect(await call('endswith', '512Mi', 'Mi')).toBe(true);
    expect(await call('trim_suffix', '512Mi', 'Mi')).toBe('512');
    expect(await call('trim_suffix', '512', 'Mi')).toBe('512');
    expect(await call('trim_prefix', 'v1.2', 'v')).toBe('1.2');
    expect(await callError('startswith', 1, 'a')).toBe('eval_type_error: startswith: operand 1 must be string but got number');
  });

  it('concatenates', async () => {
    expect(await call('concat', ', ', ['a', 'b', 'c'])).toBe('a, b, c');
    expect(await call('concat', '-', [])).toBe('');
    expect(await callError('concat', ',', ['a', 1])).toMatch(/^eval_type_error: concat: operand 2 must be array of strings/);
  });
});

describe('sprintf', () => {
  it('formats scalars like Go', async () => {
    expect(await call('sprintf', '%v|%s|%d|%q|%%', ['x', 'y', 42, 'q"'])).toBe('x|y|42|"q\\""|%');
    expect(await call('sprintf', '%v %v %v %v', [1.5, 100000, 123456789.5, 0.00001])).toBe('1.5 100000 1.234567895e+08 1e-05');
    expect(await call('sprintf', '%.2f %f', [3.14159, 2.5])).toBe('3.14 2.500000');
    expect(await call('sprintf', '%5d|%-4s|%05d|%x', [42, 'ab', -42, 255])).toBe('   42|ab  |-0042|ff');
    expect(await call('sprintf', '%v %v', [true, null])).toBe('true null');
  });

  it('formats composite values as Rego terms', async () => {
    expect(await call('sprintf', '%v', [['a', 'b']])).toBe('["a", "b"]');
    expect(await call('sprintf', '%v', [{ b: 1, a: ['x'] }])).toBe('{"a": ["x"], "b": 1}');
    expect(await call('sprintf', 'container <%v> has image %v', ['app', 'nginx'])).toBe('container <app> has image nginx');
  });

  it('reports Go-style format errors inline', async () => {
    expect(await call('sprintf', '%d', ['x'])).toBe('%!d(string=x)');
    expect(await call('sprintf', '%s %s', ['x'])).toBe('x %!s(MISSING)');
    expect(await call('sprintf', '%s', ['x', 1])).toBe('x%!(EXTRA int=1)');
  });

  it('prints integers beyond 2^53 exactly', async () => {
    const p = await builtinPolicy('sprintf', 2);
    const raw = new TextEncoder().encode('["%v and %d", [12345678901234567890, -98765432109876543210]]');
    expect(p.evaluate(raw.buffer)).toEqual([{ result: '12345678901234567890 and -98765432109876543210' }]);
  });
});
