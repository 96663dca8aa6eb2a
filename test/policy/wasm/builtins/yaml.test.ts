// yaml.is_valid and yaml.unmarshal behave as in OPA although the SDK's own JS versions run for the
// host call: a non-string is not valid YAML, and text that is not YAML is a builtin error.
import { describe, expect, it } from 'vitest';
import { error, value } from './rego.ts';

describe('yaml builtins', () => {
  it('is_valid is false for a non-string and answers for strings', async () => {
    expect(await value('yaml.is_valid(input.foo)', { foo: 1 })).toBe(false);
    expect(await value('yaml.is_valid("a: [1, 2]")')).toBe(true);
    expect(await value('yaml.is_valid("a: [1, 2")')).toBe(false);
  });

  it('unmarshal fails on text that is not YAML and parses the rest', async () => {
    expect(await error('yaml.unmarshal("[1,2,3")')).toContain('eval_builtin_error');
    expect(await error('yaml.unmarshal(input.foo)', { foo: 1 })).toContain('yaml.unmarshal: operand 1 must be string but got number');
    expect(await value('yaml.unmarshal("a: [1, 2]")')).toEqual({ a: [1, 2] });
    expect(await value('yaml.unmarshal("null")')).toBeNull();
  });
});
