import { describe, expect, it } from 'vitest';
import type { Expr, Module, Rule, Term } from '../../../../src/policy/rego/ast.ts';
import { bodyToString, exprToString, termToString } from '../../../../src/policy/rego/ast-util.ts';
import { parseModule, parseQuery, parseRef } from '../../../../src/policy/rego/parser.ts';

const v0 = (src: string): Module => parseModule(src, { regoVersion: 0 });
const v1 = (src: string): Module => parseModule(src, { regoVersion: 1 });
const ref = (r: Rule) => r.head.reference.map(termToString).join(' ');
const expr = (src: string): Expr => parseQuery(src)[0]!;
const term = (src: string): Term => {
  const e = expr(src);
  if (e.terms.type !== 'term') throw new Error(`not a term: ${src}`);
  return e.terms.term;
};

describe('rule heads', () => {
  it('reads a v0 partial set rule as a multi-value rule keyed by its element', () => {
    const [r] = v0('package a\np[x] { x := input.xs[_] }').rules;
    expect(ref(r!)).toBe('p');
    expect(r!.head.name).toBe('p');
    expect(termToString(r!.head.key!)).toBe('x');
    expect(r!.head.value).toBeUndefined();
  });

  it('reads a v0 partial object rule and a ref-head rule as single-value rules', () => {
    const m = v0('package a\nq[k] = v { k := "a"; v := 1 }\nr.s.t[u] = 2 { u := 1 }');
    expect(m.rules.map(ref)).toEqual(['q k', 'r "s" "t" u']);
    expect(m.rules.map((r) => r.head.key)).toEqual([undefined, undefined]);
    expect(m.rules.map((r) => termToString(r.head.value!))).toEqual(['v', '2']);
  });

  it('reads v1 contains, if, := and ref heads', () => {
    const m = v1('package a\ndeny contains msg if { msg := "x" }\nb.c.d := 1\np if input.x > 1\ne.f[g] := true if g := "h"');
    const [deny, b, p, e] = m.rules;
    expect(deny!.head.contains).toBe(true);
    expect(termToString(deny!.head.key!)).toBe('msg');
    expect(b!.head.reference.map(termToString)).toEqual(['b', '"c"', '"d"']);
    expect(b!.head.assign).toBe(true);
    expect(bodyToString(b!.body)).toBe('true');
    expect(bodyToString(p!.body)).toBe('input.x > 1');
    expect(termToString(p!.head.value!)).toBe('true');
    expect(ref(e!)).toBe('e "f" g');
  });

  it('reads functions with several definitions, constant and pattern arguments', () => {
    const m = v0('package a\nf(x) = y { y := x + 1 }\nf("E") = 2\nmem_multiple("E") = 1000000000000000000000\ng(_, [a, b]) { a == b }');
    expect(m.rules.map((r) => r.head.name)).toEqual(['f', 'f', 'mem_multiple', 'g']);
    expect(m.rules.map((r) => r.head.args!.map(termToString).join(','))).toEqual(['x', '"E"', '"E"', '$0,[a, b]']);
    expect(termToString(m.rules[2]!.head.value!)).toBe('1000000000000000000000');
  });

  it('chains else branches and keeps default rules', () => {
    const m = v1('package a\ndefault allow := false\nallow := 1 if input.a else := 2 if { input.b } else := 3');
    const [def, allow] = m.rules;
    expect(def!.default).toBe(true);
    expect(termToString(def!.head.value!)).toBe('false');
    const values: string[] = [];
    for (let r: Rule | undefined = allow; r; r = r.else) values.push(`${termToString(r.head.value!)}:${bodyToString(r.body)}`);
    expect(values).toEqual(['1:input.a', '2:input.b', '3:true']);
  });

  it('gives each v0 `p { a } { b }` body its own rule', () => {
    const m = v0('package a\np { input.a } { input.b }');
    expect(m.rules.map((r) => bodyToString(r.body))).toEqual(['input.a', 'input.b']);
  });
});

describe('expressions', () => {
  it('lowers operators to OPA builtins with OPA precedence', () => {
    expect(exprToString(expr('x = a + b * c == d | e & f'))).toBe('x = a + b * c == d | e & f');
    const e = expr('a + b * c == d | e & f');
    expect(e.terms.type).toBe('call');
    if (e.terms.type !== 'call') return;
    expect(termToString(e.terms.operator)).toBe('equal');
    const [lhs, rhs] = e.terms.args;
    expect(lhs!.value.type === 'call' && termToString(lhs!.value.operator)).toBe('plus');
    expect(rhs!.value.type === 'call' && termToString(rhs!.value.operator)).toBe('or');
    for (const [src, op] of [['x := 1', 'assign'], ['x = 1', 'eq'], ['x == 1', 'equal'], ['x != 1', 'neq'], ['x % 2', 'rem'], ['x / 2', 'div']]) {
      const c = expr(src!).terms;
      expect(c.type === 'call' && termToString(c.operator)).toBe(op);
    }
  });

  it('reads `in`, `some ... in` and `every` as OPA does', () => {
    const c = expr('x in xs').terms;
    expect(c.type === 'call' && termToString(c.operator)).toBe('internal.member_2');
    const s = expr('some k, v in {"a": 1}').terms;
    expect(s.type).toBe('some');
    expect(s.type === 'some' && termToString(s.symbols[0]!)).toBe('k, v in {"a": 1}');
    const d = expr('some x, y').terms;
    expect(d.type === 'some' && d.symbols.map(termToString)).toEqual(['x', 'y']);
    const ev = expr('every i, x in xs { x > i }').terms;
    expect(ev.type).toBe('every');
    if (ev.type === 'every') expect([termToString(ev.key!), termToString(ev.value), termToString(ev.domain), bodyToString(ev.body)]).toEqual(['i', 'x', 'xs', 'x > i']);
  });

  it('keeps future keywords plain names in v0 until imported', () => {
    expect(v0('package a\np { contains("abc", "b") }').rules[0]!.body.length).toBe(1);
    const m = v0('package a\nimport future.keywords.in\np { 1 in [1] }');
    const c = m.rules[0]!.body[0]!.terms;
    expect(c.type === 'call' && termToString(c.operator)).toBe('internal.member_2');
    const m1 = v0('package a\nimport rego.v1\np contains 1 if true');
    expect(m1.regoVersion).toBe(1);
    expect(m1.rules[0]!.head.contains).toBe(true);
  });

  it('reads `not`, `with ... as` and negation of refs', () => {
    const e = expr('not allow with input as {"a": 1} with data.x as 2');
    expect(e.negated).toBe(true);
    expect(e.with.map((w) => `${termToString(w.target)}=${termToString(w.value)}`)).toEqual(['input={"a": 1}', 'data.x=2']);
  });

  it('distinguishes sets, empty objects, set() and comprehensions', () => {
    expect(term('{1, 2}').value.type).toBe('set');
    expect(term('{}').value.type).toBe('object');
    expect(term('set()').value).toEqual({ type: 'set', items: [] });
    expect(term('{"a": 1}').value.type).toBe('object');
    expect(term('[x | x := 1]').value.type).toBe('arraycomprehension');
    expect(term('{x | x := 1}').value.type).toBe('setcomprehension');
    expect(term('{k: v | k := "a"; v := 1}').value.type).toBe('objectcomprehension');
    expect(term('{1 | 2}').value.type).toBe('setcomprehension');
    expect(term('{(1 | 2)}').value.type).toBe('set');
  });

  it('keeps number text exact and reads negative literals', () => {
    const big = term('12345678901234567890123');
    expect(big.value).toMatchObject({ type: 'number', text: '12345678901234567890123' });
    expect(term('1.5e3').value).toMatchObject({ text: '1.5e3', value: 1500 });
    expect(term('-.5').value).toMatchObject({ text: '-.5', value: -0.5 });
    const minus = expr('x - 1').terms;
    expect(minus.type === 'call' && termToString(minus.operator)).toBe('minus');
    expect(termToString(term('[1, -1]'))).toBe('[1, -1]');
  });

  it('decodes string escapes, surrogate pairs and raw strings', () => {
    expect(term('"a\\tb\\u00e9\\ud83d\\ude00\\"\\\\"').value).toEqual({ type: 'string', value: 'a\tb\u00e9😀"\\' });
    expect(term('`C:\\path\n"x"`').value).toEqual({ type: 'string', value: 'C:\\path\n"x"' });
  });

  it('reads refs with dots, brackets, keywords and calls', () => {
    const t = term('input.review.object["x-y"][0].if[_]');
    expect(t.value.type === 'ref' && t.value.terms.map(termToString)).toEqual(['input', '"review"', '"object"', '"x-y"', '0', '"if"', '$0']);
    expect(termToString(parseRef('data.k8s.deny'))).toBe('data.k8s.deny');
    const m = v1('package a\ncontains.foo := 1\np if { contains.foo == 1 }');
    expect(ref(m.rules[0]!)).toBe('contains "foo"');
    expect(termToString(term('f(x)[0].y'))).toBe('f(x)[0].y');
    // `true`, `null`, `if`... starting a ref are names, also in a braced `if` body tried first as a set.
    const k = v1('package a\np if {\n  true.foo(1) == 1\n  null.x == 2\n}\ndefault true.foo(_) := 42');
    const first = k.rules[0]!.body[0]!.terms;
    const callee = first.type === 'call' ? first.args[0]!.value : undefined;
    expect(callee?.type === 'call' && callee.operator.value.type === 'ref' && callee.operator.value.terms[0]!.value).toEqual({ type: 'var', name: 'true' });
    expect(ref(k.rules[1]!)).toBe('true "foo"');
  });

  it('does not continue a ref across whitespace', () => {
    const body = parseQuery('x := a\n[1]');
    expect(body.map(exprToString)).toEqual(['x := a', '[1]']);
  });

  it('accepts multi-line expressions, `;` separators and comments', () => {
    const m = v0('package a # pkg\np { # open\n  x := [1,\n    2]; y := x[0] +\n  1\n  # done\n}');
    expect(bodyToString(m.rules[0]!.body)).toBe('x := [1, 2]; y := x[0] + 1');
    expect(m.comments.map((c) => c.text)).toEqual([' pkg', ' open', ' done']);
  });

  it('reads template strings', () => {
    const t = term('$"a {x} b {"c"} \\{d}"');
    expect(t.value.type).toBe('templatestring');
    if (t.value.type !== 'templatestring') return;
    expect(t.value.parts.map((p) => (p.type === 'text' ? p.value : `<${exprToString(p.expr)}>`))).toEqual(['a ', '<x>', ' b ', '<"c">', ' {d}']);
  });

  it('reads raw (multi-line) template strings', () => {
    const t = term('$`line {x}\n\\{y} "q"`');
    expect(t.value.type === 'templatestring' && t.value.multiLine).toBe(true);
    if (t.value.type !== 'templatestring') return;
    expect(t.value.parts.map((p) => (p.type === 'text' ? p.value : `<${exprToString(p.expr)}>`))).toEqual(['line ', '<x>', '\n{y} "q"']);
  });

  it('numbers wildcards uniquely and records locations', () => {
    const m = v0('package a\n\np {\n  input.xs[_] == input.ys[_]\n}');
    expect(bodyToString(m.rules[0]!.body)).toBe('input.xs[$0] == input.ys[$1]');
    const e = m.rules[0]!.body[0]!;
    expect(e.location).toMatchObject({ row: 4, col: 3, text: 'input.xs[_] == input.ys[_]' });
    expect(m.rules[0]!.location).toMatchObject({ row: 3, col: 1 });
  });
});

describe('logical operators (OPA future.keywords.not, experimental and/or)', () => {
  const exp = (src: string) => parseModule(src, { regoVersion: 1, experimentalKeywords: true });

  it('groups `and` tighter than `or`, `not` tighter than both', () => {
    const m = exp('package a\nimport future.keywords.and\nimport future.keywords.or\np if { not input.x or input.y and input.z }');
    const e = m.rules[0]!.body[0]!;
    expect(e.terms.type).toBe('or');
    expect(exprToString(e)).toBe('{ not input.x } or { { input.y } and { input.z } }');
  });

  it('reads explicit operand bodies, parenthesised groups and a chain-wide `with`', () => {
    const m = exp(
      'package a\nimport future.keywords.and\nimport future.keywords.or\np if {\n  { a := 1; a > 0 } and (input.b or input.c)\n  input.x > 0 or input.y > 0 with input as {"x": 1}\n  {1, 2}\n}',
    );
    const [and, or, set] = m.rules[0]!.body;
    expect(and!.terms.type === 'and' && and!.terms.operands.map(bodyToString)).toEqual(['a := 1; a > 0', '{ input.b } or { input.c }']);
    expect(or!.terms.type).toBe('or');
    expect(or!.with.map((w) => termToString(w.target))).toEqual(['input']);
    expect(set!.terms.type === 'term' && set!.terms.term.value.type).toBe('set');
  });

  it('reads `not { body }` with future.keywords.not, without the experimental option', () => {
    const m = v1('package a\nimport future.keywords.not\np if {\n  not {\n    some x in [1]\n    x == 2\n  }\n}');
    const e = m.rules[0]!.body[0]!;
    expect(e.negated).toBe(true);
    expect(e.terms.type === 'and' && e.terms.operands.map(bodyToString)).toEqual(['some x in [1]; x == 2']);
  });

  it('rejects `and`/`or` imports unless the experimental option is on', () => {
    expect(() => v1('package a\nimport future.keywords.and\np if true')).toThrow('unexpected keyword, must be one of [contains every if in]');
  });
});

describe('locations', () => {
  it('counts columns in characters and accepts CRLF line ends', () => {
    const m = v1('package a\r\n# é😀\r\np := "é😀" if { x := 1 }\r\n');
    const r = m.rules[0]!;
    expect(r.location).toMatchObject({ row: 3, col: 1 });
    expect(r.body[0]!.location).toMatchObject({ row: 3, col: 16, text: 'x := 1' });
    expect(m.comments[0]).toMatchObject({ text: ' é😀', location: { row: 2, col: 1 } });
  });
});
