// rego.parse_module returns a module in the shape of OPA's JSON AST, or a builtin error naming the
// parse problem.
import { describe, expect, it } from 'vitest';
import { error, value } from './rego-eval.ts';

describe('rego.parse_module', () => {
  it('returns package, imports and rules as OPA\'s JSON AST', async () => {
    const src = 'package foo.bar\\n\\nimport data.lib.k8s as k\\n\\nallow if { input.user == \\"admin\\" }\\n\\ndeny contains msg if { not allow; msg := \\"no\\" }\\n';
    const m = (await value(`rego.parse_module("p.rego", "${src}")`)) as Record<string, any>;
    expect(m.package.path).toEqual([{ type: 'var', value: 'data' }, { type: 'string', value: 'foo' }, { type: 'string', value: 'bar' }]);
    expect(m.imports).toEqual([{ path: { type: 'ref', value: [{ type: 'var', value: 'data' }, { type: 'string', value: 'lib' }, { type: 'string', value: 'k8s' }] }, alias: 'k' }]);
    const [allow, deny] = m.rules;
    expect(allow.head).toMatchObject({ name: 'allow', value: { type: 'boolean', value: true } });
    expect(allow.body[0].terms[0]).toEqual({ type: 'ref', value: [{ type: 'var', value: 'equal' }] });
    expect(deny.head).toMatchObject({ name: 'deny', key: { type: 'var', value: 'msg' } });
    expect(deny.body[0]).toMatchObject({ index: 0, negated: true });
  });

  it('fails with the parse error', async () => {
    expect(await error('rego.parse_module("x.rego", "package foo.")')).toContain('rego_parse_error: unexpected eof token: expected ident');
  });
});
