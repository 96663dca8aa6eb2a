import { describe, expect, it } from 'vitest';
import type { Term } from '../../../../src/policy/rego/ast.ts';
import { bodyToString, varTerm } from '../../../../src/policy/rego/ast-util.ts';
import { transformRule, varsOf, visitModule } from '../../../../src/policy/rego/ast-walk.ts';
import { parseModule } from '../../../../src/policy/rego/parser.ts';

const src = `package a
p contains x if {
  some y in input.ys
  x := [z | z := y[_]; every w in z { w > 0 }]
  not q with input as {"k": y}
}
q if input.k`;

describe('AST walker', () => {
  it('visits every node, including nested bodies, and can skip subtrees', () => {
    const m = parseModule(src);
    expect([...varsOf(m.rules[0]!)].sort()).toEqual(['$0', 'assign', 'gt', 'input', 'internal', 'p', 'q', 'w', 'x', 'y', 'z']);
    let exprs = 0;
    visitModule(m, { expr: () => void exprs++ });
    expect(exprs).toBe(7);
    let outer = 0;
    visitModule(m, { expr: () => void outer++, term: (t) => t.value.type !== 'arraycomprehension' });
    expect(outer).toBe(4);
  });

  it('rewrites terms in place', () => {
    const m = parseModule(src);
    const renamed = transformRule(m.rules[0]!, (t: Term) => (t.value.type === 'var' && t.value.name === 'y' ? varTerm('__local0__', t.location) : t));
    expect(bodyToString(renamed.body)).toContain('some __local0__ in input.ys');
    expect(bodyToString(renamed.body)).toContain('{"k": __local0__}');
  });
});
