import { describe, expect, it } from 'vitest';
import { validateUpdate, type JSONSchemaProps } from '../../../src/apiserver/registry/schema/index.ts';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['mode'],
      properties: {
        mode: { type: 'string', enum: ['a', 'b'] },
        name: { type: 'string', maxLength: 3 },
        items: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, v: { type: 'integer', minimum: 0 } } } },
        one: { type: 'object', properties: { x: { type: 'string' }, y: { type: 'string' } }, oneOf: [{ required: ['x'] }, { required: ['y'] }] },
      },
    },
    status: { type: 'object', properties: { n: { type: 'integer' } } },
  },
};

describe('validateUpdate (ratcheting)', () => {
  it('keeps errors about values the update changed', () => {
    const old = { spec: { mode: 'a', name: 'abc' } };
    expect(validateUpdate({ spec: { mode: 'zz', name: 'abc' } }, old, schema).map((c) => c.field)).toEqual(['spec.mode']);
  });

  it('drops errors about values left as they were', () => {
    const old = { spec: { mode: 'legacy', name: 'toolong', items: [{ id: 'i', v: -1 }] }, status: { n: 1 } };
    const updated = { spec: { mode: 'legacy', name: 'toolong', items: [{ id: 'i', v: -1 }] }, status: { n: 2 } };
    expect(validateUpdate(updated, old, schema)).toEqual([]);
  });

  it('drops a missing-field error when the parent did not change, keeps it when it did', () => {
    const old = { spec: { name: 'x' } };
    expect(validateUpdate({ spec: { name: 'x' }, status: { n: 1 } }, old, schema)).toEqual([]);
    expect(validateUpdate({ spec: { name: 'y' } }, old, schema).map((c) => `${c.field}: ${c.message}`)).toEqual(['spec.mode: Required value']);
  });

  it('ratchets composite errors by the path they name', () => {
    const old = { spec: { mode: 'a', one: {} } };
    expect(validateUpdate({ spec: { mode: 'b', one: {} } }, old, schema)).toEqual([]);
    expect(validateUpdate({ spec: { mode: 'a', one: { x: 'x', y: 'y' } } }, old, schema)).toHaveLength(1);
  });

  it('ratchets list items by index', () => {
    const old = { spec: { mode: 'a', items: [{ id: 'i', v: -1 }] } };
    const causes = validateUpdate({ spec: { mode: 'a', items: [{ id: 'i', v: -1 }, { id: 'j', v: -2 }] } }, old, schema);
    expect(causes.map((c) => c.field)).toEqual(['spec.items[1].v']);
  });
});
