import { describe, expect, it } from 'vitest';
import { applyDefaults, prune, validate, type JSONSchemaProps } from '../../../src/apiserver/registry/schema/index.ts';

// The worked example of apply-schema.md C.8.
const widget: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer', default: 1 },
        mode: { type: 'string', enum: ['a', 'b'] },
        tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        opts: { type: 'object', nullable: true, properties: { x: { type: 'string', default: 'd' } } },
      },
    },
  },
};

describe('prune', () => {
  it('drops unknown fields and reports their paths, keeping root type meta and metadata', () => {
    const body = { apiVersion: 'ex.io/v1', kind: 'Widget', metadata: { name: 'w', foo: 1 }, spec: { mode: 'a', bogus: true, opts: {}, tags: ['t'] } };
    const { value, unknownFields } = prune(body, widget);
    expect(unknownFields).toEqual(['spec.bogus']);
    expect(value).toEqual({ apiVersion: 'ex.io/v1', kind: 'Widget', metadata: { name: 'w', foo: 1 }, spec: { mode: 'a', opts: {}, tags: ['t'] } });
  });

  it('keeps unknown fields under x-kubernetes-preserve-unknown-fields but still prunes specified properties inside', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { known: { type: 'object', properties: { a: { type: 'string' } } } },
        },
      },
    };
    const { value, unknownFields } = prune({ spec: { anything: { deep: 1 }, known: { a: 'x', b: 'y' } } }, schema);
    expect(value).toEqual({ spec: { anything: { deep: 1 }, known: { a: 'x' } } });
    expect(unknownFields).toEqual(['spec.known.b']);
  });

  it('records list item paths with indexes, sorted', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: { spec: { type: 'object', properties: { list: { type: 'array', items: { type: 'object', properties: { x: { type: 'string' } } } } } } },
    };
    expect(prune({ spec: { z: 1, list: [{ x: 'a', y: 1 }, { y: 2 }] } }, schema).unknownFields).toEqual(['spec.list[0].y', 'spec.list[1].y', 'spec.z']);
  });

  it('keeps additionalProperties values and prunes inside them', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: { m: { type: 'object', additionalProperties: { type: 'object', properties: { v: { type: 'string' } } } } },
    };
    expect(prune({ m: { k1: { v: 'a', w: 'b' } } }, schema)).toEqual({ value: { m: { k1: { v: 'a' } } }, unknownFields: ['m.k1.w'] });
  });

  it('keeps embedded resources whole, prunes unknown metadata fields and coerces their metadata', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            manifests: { type: 'array', items: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } },
          },
        },
      },
    };
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', bogus: 1 }, data: { a: 'b' } };
    const { value, unknownFields } = prune({ spec: { manifests: [cm] } }, schema);
    expect(unknownFields).toEqual(['spec.manifests[0].metadata.bogus']);
    expect(value).toEqual({ spec: { manifests: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', creationTimestamp: null }, data: { a: 'b' } }] } });
  });

  it('drops null where the schema does not allow it and keeps nullable nulls', () => {
    const { value } = prune({ spec: { mode: null, opts: null } }, widget);
    expect(value).toEqual({ spec: { opts: null } });
  });
});

describe('applyDefaults', () => {
  it('defaults absent fields and fields inside present objects (C.8 example)', () => {
    const obj = { spec: { mode: 'a', opts: {}, tags: ['t'] } };
    applyDefaults(obj, widget);
    expect(obj).toEqual({ spec: { mode: 'a', opts: { x: 'd' }, replicas: 1, tags: ['t'] } });
  });

  it('keeps an explicit null on a nullable field and does not default inside it', () => {
    const obj = { spec: { opts: null } };
    applyDefaults(obj, widget);
    expect(obj).toEqual({ spec: { opts: null, replicas: 1 } });
  });

  it('replaces null of a non-nullable field with its default', () => {
    const obj = { spec: { replicas: null } };
    applyDefaults(obj, widget);
    expect(obj.spec.replicas).toBe(1);
  });

  it('applies defaults nested in a freshly defaulted object and in every list item', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            selector: { type: 'object', default: {}, properties: { type: { type: 'string', default: 'Exclusive' } } },
            items: { type: 'array', items: { type: 'object', properties: { weight: { type: 'integer', default: 1 }, n: { type: 'string' } } } },
          },
        },
      },
    };
    const obj = { spec: { items: [{ n: 'a' }, { n: 'b', weight: 5 }] } };
    applyDefaults(obj, schema);
    expect(obj).toEqual({ spec: { selector: { type: 'Exclusive' }, items: [{ n: 'a', weight: 1 }, { n: 'b', weight: 5 }] } });
  });

  it('gives each object its own copy of a default', () => {
    const schema: JSONSchemaProps = { type: 'object', properties: { a: { type: 'object', default: { x: 1 }, properties: { x: { type: 'integer' } } } } };
    const o1 = applyDefaults({}, schema) as { a: { x: number } };
    o1.a.x = 2;
    expect(applyDefaults({}, schema)).toEqual({ a: { x: 1 } });
  });
});

describe('prune, default, validate in sequence (C.8)', () => {
  it('reports the duplicate set value after pruning and defaulting', () => {
    const body = { apiVersion: 'ex.io/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { mode: 'a', bogus: true, opts: {}, tags: ['t', 't'] } };
    const { value, unknownFields } = prune(body, widget);
    applyDefaults(value, widget);
    expect(unknownFields).toEqual(['spec.bogus']);
    expect(validate(value, widget)).toEqual([{ reason: 'FieldValueDuplicate', message: 'Duplicate value: "t"', field: 'spec.tags[1]' }]);
  });
});

describe('decodeCustomResource', () => {
  it('prunes before defaulting, so a default never resurrects a pruned field', async () => {
    const { decodeCustomResource } = await import('../../../src/apiserver/registry/schema/index.ts');
    const obj = { spec: { mode: 'a', bogus: 1, replicas: null } };
    expect(decodeCustomResource(obj, widget)).toEqual({ unknownFields: ['spec.bogus'] });
    expect(obj).toEqual({ spec: { mode: 'a', replicas: 1 } });
  });
});
