import { describe, expect, it } from 'vitest';
import { error, rule, value } from './rego-eval.ts';

const schema = '{"properties": {"id": {"type": "integer"}, "tags": {"type": "array", "maxItems": 1}}, "required": ["id"], "additionalProperties": false}';

describe('json.match_schema', () => {
  it('matches documents and schemas given as objects or JSON text', async () => {
    expect(await value(`json.match_schema({"id": 5}, ${schema})`)).toEqual([true, []]);
    expect(await value(`json.match_schema("{\\"id\\": 5}", json.marshal(${schema}))`)).toEqual([true, []]);
  });

  it("lists what fails, in gojsonschema's words", async () => {
    expect(await value(`json.match_schema({"id": "foo"}, ${schema})`)).toEqual([
      false,
      [{ error: 'id: Invalid type. Expected: integer, given: string', desc: 'Invalid type. Expected: integer, given: string', field: 'id', type: 'invalid_type' }],
    ]);
    const [ok, errors] = (await value(`json.match_schema({"tags": [1, 2], "x": 1}, ${schema})`)) as [boolean, { error: string; type: string }[]];
    expect(ok).toBe(false);
    expect(errors.map((e) => e.error).sort()).toEqual([
      '(root): Additional property x is not allowed',
      '(root): id is required',
      'tags: Array must have at most 1 items',
    ]);
  });

  it('fails on an invalid schema', async () => {
    expect(await error('json.match_schema({}, {"type": "unknown"})')).toBe(
      'eval_builtin_error: json.match_schema: has a primitive type that is NOT VALID -- given: /unknown/ Expected valid values are:[array boolean integer number null object string]',
    );
    expect(await error('json.match_schema({}, 7)')).toContain('operand 2 must be one of {string, object} but got number');
  });
});

describe('json.verify_schema', () => {
  it('returns [true, null] or [false, the reason]', async () => {
    expect(await value('json.verify_schema(`{"type": "boolean"}`)')).toEqual([true, null]);
    expect(await value('json.verify_schema({"$schema": "http://json-schema.org/draft-04/schema#", "type": "string"})')).toEqual([true, null]);
    expect(await value('json.verify_schema({"properties": {"a": {"type": "nope"}}})')).toEqual([
      false,
      'jsonschema: has a primitive type that is NOT VALID -- given: /nope/ Expected valid values are:[array boolean integer number null object string]',
    ]);
    const [ok, reason] = (await value('json.verify_schema({"minLength": "three"})')) as [boolean, string];
    expect(ok).toBe(false);
    expect(reason).toMatch(/^jsonschema: .*minLength/);
  });
});

describe('rand.intn', () => {
  it('is in [0, n) and the same for the same key and n within one evaluation', async () => {
    expect(await rule('r := count({rand.intn("k", 1000) | numbers.range(1, 50)[_]})')).toBe(1);
    const xs = (await value('[rand.intn("a", 10), rand.intn("b", -10), rand.intn("c", 0)]')) as number[];
    expect(xs[0]).toBeGreaterThanOrEqual(0);
    expect(xs[0]).toBeLessThan(10);
    expect(xs[1]).toBeGreaterThanOrEqual(0);
    expect(xs[1]).toBeLessThan(10);
    expect(xs[2]).toBe(0);
    expect(await error('rand.intn("k", 1.5)')).toContain('rand.intn: operand 2 must be integer number');
  });

  it('draws again in a new evaluation', async () => {
    const seen = new Set<unknown>();
    for (let i = 0; i < 20 && seen.size < 2; i++) seen.add(await value('rand.intn("k", 1000000)'));
    expect(seen.size).toBe(2);
  });
});
