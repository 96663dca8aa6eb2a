// Native builtins, called from a one-statement plan: result := <builtin>(input.args...).
import { describe, expect, it } from 'vitest';
import type * as ir from '../../../src/policy/ir/ir.ts';
import { PolicyBuilder, l, load, abortMessage, internals, type LoadedPolicy } from './helpers.ts';

interface Switches {
  opa_strict_builtin_errors_set(on: number): void;
  opa_heap_limit_set(limit: number): void;
  opa_heap_ptr_get(): number;
}

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

/** The error a builtin raises with strict builtin errors on (by default the call is undefined). */
async function callError(name: string, ...args: unknown[]): Promise<string> {
  const p = await builtinPolicy(name, args.length);
  const { exports } = internals<Switches>(p);
  expect(p.evaluate(args)).toEqual([]);
  exports.opa_strict_builtin_errors_set(1);
  try {
    return abortMessage(() => p.evaluate(args));
  } finally {
    exports.opa_strict_builtin_errors_set(0);
  }
}

describe('builtin errors', () => {
  it('make the call undefined by default and abort when strict', async () => {
    expect(await call('plus', 'a', 1)).toBeUndefined();
    expect(await callError('plus', 'a', 1)).toBe('eval_type_error: plus: operand 1 must be number but got string');
    expect(await call('plus', 1, 1)).toBe(2);
  });

  it('never hide running out of memory inside a builtin', async () => {
    const p = await builtinPolicy('sprintf', 2);
    const { exports } = internals<Switches>(p);
    exports.opa_heap_limit_set(exports.opa_heap_ptr_get() + 64 * 1024);
    try {
      // a small input whose output (900 kB of padding) outgrows the limit inside sprintf
      expect(abortMessage(() => p.evaluate(['%900000d', [1]]))).toBe('opa_malloc: out of memory: heap limit reached');
    } finally {
      exports.opa_heap_limit_set(0);
    }
    expect(((p.evaluate(['%900000d', [1]]) as { result: string }[])[0].result).length).toBe(900_000);
  });
});

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

  it('is exact on integers of any size', async () => {
    const cases: [string, string, string][] = [
      ['plus', '[18446744073709551617, 1]', '18446744073709551618'],
      ['plus', '[123456789012345678901234567890, 1]', '123456789012345678901234567891'],
      ['minus', '[18446744073709551617, 1]', '18446744073709551616'],
      ['minus', '[-18446744073709551617, 1]', '-18446744073709551618'],
      ['minus', '[1, 18446744073709551617]', '-18446744073709551616'],
      ['mul', '[18446744073709551617, 2]', '36893488147419103234'],
      ['mul', '[9223372036854775807, -9223372036854775807]', '-85070591730234615847396907784232501249'],
      ['rem', '[10, 18446744073709551616]', '10'],
      ['rem', '[18446744073709551617, 18446744073709551616]', '1'],
      ['rem', '[-340282366920938463463374607431768211457, 18446744073709551616]', '-1'],
      ['rem', '[100, -18446744073709551616]', '100'],
    ];
    for (const [name, args, want] of cases) {
      // sprintf("%v", [name(args...)]) keeps the exact digits that JSON.parse would lose
      const b = new PolicyBuilder();
      b.builtin(name, 2).builtin('sprintf', 2);
      const q = await load(b.plan('x', [[
        { type: 'MakeNumberIntStmt', value: 0, target: 5 },
        { type: 'MakeNumberIntStmt', value: 1, target: 6 },
        { type: 'DotStmt', source: l(0), key: l(5), target: 3 },
        { type: 'DotStmt', source: l(0), key: l(6), target: 4 },
        { type: 'CallStmt', func: name, args: [l(3), l(4)], result: 7 },
        { type: 'MakeArrayStmt', capacity: 1, target: 8 },
        { type: 'ArrayAppendStmt', value: l(7), array: 8 },
        { type: 'CallStmt', func: 'sprintf', args: [b.str('%v'), l(8)], result: 9 },
        ...b.result(9, 10),
      ]]).build());
      expect(q.evaluate(new TextEncoder().encode(args).buffer), `${name}${args}`).toEqual([{ result: want }]);
    }
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
    expect(await callError('to_number', 'NaN')).toMatch(/^eval_type_error: to_number: /);
    expect(await callError('to_number', '-Infinity')).toMatch(/^eval_type_error: to_number: /);
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

describe('more strings', () => {
  it('searches, maps case and cuts', async () => {
    expect(await call('contains', 'nginx:latest', ':lat')).toBe(true);
    expect(await call('contains', 'nginx', 'x:')).toBe(false);
    expect(await call('indexof', 'héllo', 'l')).toBe(2);
    expect(await call('indexof', 'abc', 'z')).toBe(-1);
    expect(await call('lower', 'SYS_Admin é')).toBe('sys_admin é');
    expect(await call('upper', 'net_raw')).toBe('NET_RAW');
    expect(await call('substring', 'héllo world', 1, 4)).toBe('éllo');
    expect(await call('substring', 'hello', 2, -1)).toBe('llo');
    expect(await call('substring', 'hello', 9, 2)).toBe('');
    expect(await callError('substring', 'hello', -1, 2)).toBe('eval_builtin_error: substring: negative offset');
  });

  it('splits, replaces and trims like Go', async () => {
    expect(await call('split', 'a/b//c', '/')).toEqual(['a', 'b', '', 'c']);
    expect(await call('split', 'hé', '')).toEqual(['h', 'é']);
    expect(await call('split', '', ',')).toEqual(['']);
    expect(await call('replace', 'a.b.c', '.', '-')).toBe('a-b-c');
    expect(await call('replace', 'ab', '', '-')).toBe('-a-b-');
    expect(await call('trim', '  xx hi xx ', ' x')).toBe('hi');
    expect(await call('trim_left', '//path/', '/')).toBe('path/');
    expect(await call('trim_right', '//path/', '/')).toBe('//path');
    expect(await call('trim_space', '\t hi \n')).toBe('hi');
  });

  it('matches any prefix or suffix of strings, arrays and sets', async () => {
    expect(await call('strings.any_prefix_match', 'registry.io/app:1', ['docker.io/', 'registry.io/'])).toBe(true);
    expect(await call('strings.any_prefix_match', ['a', 'b'], 'c')).toBe(false);
    expect(await call('strings.any_suffix_match', 'x.example.com', ['.example.com'])).toBe(true);
    expect(await callError('strings.any_prefix_match', 1, 'a')).toBe('eval_type_error: strings.any_prefix_match: operand 1 must be one of {string, set, array} but got number');
    expect(await callError('strings.any_suffix_match', 'a', ['b', 2])).toBe('eval_type_error: strings.any_suffix_match: operand 2 must be array of strings but got array containing number');
  });
});

describe('sets and sort', () => {
  it('sorts arrays by OPA order', async () => {
    expect(await call('sort', [3, 'a', null, [1], 1.5, false, { k: 1 }, 'B'])).toEqual([null, false, 1.5, 3, 'B', 'a', [1], { k: 1 }]);
    expect(await callError('sort', 'abc')).toMatch(/^eval_type_error: sort: operand 1/);
  });

  it('intersects and unites sets', async () => {
    const b = new PolicyBuilder();
    b.builtin('and', 2).builtin('or', 2).builtin('sort', 1);
    const set = (target: number, ...xs: string[]): ir.Stmt[] => [
      { type: 'MakeSetStmt', target },
      ...xs.map((x): ir.Stmt => ({ type: 'SetAddStmt', value: b.str(x), set: target })),
    ];
    b.plan('s', [[
      ...set(2, 'a', 'b', 'c'),
      ...set(3, 'b', 'c', 'd'),
      { type: 'CallStmt', func: 'and', args: [l(2), l(3)], result: 4 },
      { type: 'CallStmt', func: 'or', args: [l(2), l(3)], result: 5 },
      { type: 'CallStmt', func: 'sort', args: [l(5)], result: 6 },
      { type: 'MakeArrayStmt', capacity: 3, target: 7 },
      { type: 'ArrayAppendStmt', value: l(4), array: 7 },
      { type: 'ArrayAppendStmt', value: l(5), array: 7 },
      { type: 'ArrayAppendStmt', value: l(6), array: 7 },
      ...b.result(7, 8),
    ]]);
    expect((await load(b.build())).evaluate({})).toEqual([{ result: [['b', 'c'], ['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd']] }]);
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

  it('prints integers beyond 2^53 exactly and floats beyond float64 as written', async () => {
    const p = await builtinPolicy('sprintf', 2);
    const raw = new TextEncoder().encode('["%v and %d and %s; %v", [12345678901234567890, -98765432109876543210, 1208925819614629174706175, 2e308]]');
    expect(p.evaluate(raw.buffer)).toEqual([{ result: '12345678901234567890 and -98765432109876543210 and 1208925819614629174706175; 2e308' }]);
  });
});
