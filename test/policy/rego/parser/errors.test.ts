import { describe, expect, it } from 'vitest';
import { checkRegoV1Module } from '../../../../src/policy/rego/checks-v1.ts';
import { RegoError } from '../../../../src/policy/rego/errors.ts';
import { parseModule, parseQuery } from '../../../../src/policy/rego/parser.ts';

function parseError(src: string, regoVersion: 0 | 1 = 1, filename = 'p.rego'): RegoError {
  try {
    parseModule(src, { regoVersion, filename });
  } catch (e) {
    if (e instanceof RegoError) return e;
    throw e;
  }
  throw new Error(`parsed without error: ${src}`);
}

describe('parse errors', () => {
  it('reports OPA codes and messages with file and row', () => {
    const e = parseError('package foo.', 1, '');
    expect(e.code).toBe('rego_parse_error');
    expect(e.reason).toBe('unexpected eof token: expected ident');
    const f = parseError('package a\n\np { true }');
    expect(f.message).toBe('p.rego:3: rego_parse_error: `if` keyword is required before rule body');
    expect(f.location).toEqual({ file: 'p.rego', row: 3, col: 1 });
    const g = parseError('package a\np := [1,, 2]');
    expect(g.withDetails()).toBe('p.rego:2: rego_parse_error: unexpected , token\n\tp := [1,, 2]\n\t        ^');
  });

  it('requires `contains` for v1 partial sets, also in v0 files importing rego.v1', () => {
    expect(parseError('package a\np[x] { x := 1 }').errors.map((e) => e.reason)).toEqual([
      '`if` keyword is required before rule body',
      '`contains` keyword is required for partial set rules',
    ]);
    expect(parseError('package a\nimport rego.v1\np[x] { x := 1 }', 0).errors.map((e) => e.reason)).toContain(
      '`contains` keyword is required for partial set rules',
    );
    // `p[x] if ...` is a single-value rule (p[x] = true), not a partial set.
    expect(parseModule('package a\np[x] if { x := 1 }').rules[0]!.head.reference).toHaveLength(2);
  });

  it('rejects rules without value or body in v1 but accepts them in v0', () => {
    expect(parseError('package a\na.b.c').reason).toBe('rule must have value assignment and/or body declaration');
    expect(parseModule('package a\na.b.c', { regoVersion: 0 }).rules).toHaveLength(1);
  });

  it('reports malformed tokens and structure', () => {
    expect(parseError('package a\np := "abc').reason).toBe('non-terminated string');
    expect(parseError('package a\np := 01').reason).toBe('unexpected number token: expected number without leading zero');
    expect(parseError('package a\np := 1.').reason).toBe('expected fraction');
    expect(parseError('package a\np if { x := 1 y := 2 }').reason).toBe('unexpected ident token: expected \\n or ; or }');
    expect(parseError('package a\np { }', 0).reason).toBe('found empty body');
    expect(parseError('package a\np := [1, 2').reason).toBe('unexpected eof token: expected "," or "]"');
    expect(parseError('p := 1').reason).toBe('package expected');
    expect(parseError('').reason).toBe('empty module');
    expect(parseError('package a\np := "\\q"').reason).toBe('illegal escape sequence');
    expect(parseError('package a\np := "\\u12zz"').reason).toBe('illegal string literal: "\\u12zz"');
  });

  it('rejects default rules whose value is not constant', () => {
    expect(parseError('package a\ndefault p := x').reason).toBe('illegal default rule (value cannot contain var)');
  });

  it('reports keyword misuse', () => {
    expect(parseError('package a\np if { not some x }').reason).toBe("unexpected some keyword: illegal negation of 'some'");
    expect(parseError('package a\nimport future.keywords.nope', 0).reason).toBe('unexpected keyword, must be one of [contains every if in]');
    expect(parseError('package a\nimport foo.bar').reason).toBe('unexpected import path, must begin with one of: {data, future, input, rego}, got: foo (hint: if this is unexpected, try updating OPA)');
    expect(parseError('package a\np if { every x in xs }').reason).toBe('unexpected } token: missing body');
  });

  it('fails queries with parse errors', () => {
    expect(() => parseQuery('x := ')).toThrow(RegoError);
    expect(parseQuery('data.a.b = x; y := 1')).toHaveLength(2);
  });

  it('lists every error and prints them like OPA', () => {
    const e = parseError('package a\np { 1 }\nq { 2 }');
    expect(e.errors).toHaveLength(2);
    expect(e.describeAll()).toBe(
      '2 errors occurred:\np.rego:2: rego_parse_error: `if` keyword is required before rule body\np.rego:3: rego_parse_error: `if` keyword is required before rule body',
    );
  });
});

describe('hints and module-level v1 checks', () => {
  it('hints at the future.keywords import a v0 module is missing', () => {
    expect(parseError('package a\np { some x in [1] }', 0).reason).toBe(
      'unexpected ident token: expected \\n or ; or } (hint: `import future.keywords.in` for `some x in xs` expressions)',
    );
    expect(parseError('package a\np { every x in [1] { x } }', 0).reason).toContain('(hint: `import future.keywords.every`');
  });

  it('reports duplicate imports, shadowed root documents and deprecated builtins', () => {
    const m = parseModule('package a\nimport data.x\nimport input.x\ninput := 1\np if { data := 2; any([true]); x := re_match("a", "b") }');
    expect(checkRegoV1Module(m).map((e) => `${e.code}: ${e.reason}`)).toEqual([
      'rego_compile_error: import must not shadow import data.x',
      'rego_compile_error: rules must not shadow input (use a different rule name)',
      'rego_compile_error: variables must not shadow data (use a different variable name)',
      'rego_type_error: deprecated built-in function calls in expression: any',
      'rego_type_error: deprecated built-in function calls in expression: re_match',
    ]);
  });
});
