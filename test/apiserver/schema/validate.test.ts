import { describe, expect, it } from 'vitest';
import { invalidMessage, validate, type JSONSchemaProps } from '../../../src/apiserver/registry/schema/index.ts';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      required: ['mode'],
      properties: {
        mode: { type: 'string', enum: ['Inform', 'Enforce'] },
        replicas: { type: 'integer', minimum: 1, maximum: 10 },
        ratio: { type: 'number', exclusiveMinimum: true, minimum: 0, multipleOf: 0.5 },
        name: { type: 'string', minLength: 3, maxLength: 5, pattern: '^[a-z]+$' },
        when: { type: 'string', format: 'date-time' },
        ca: { type: 'string', format: 'byte' },
        tags: { type: 'array', maxItems: 3, minItems: 1, items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer' } } },
        },
        labels: { type: 'object', maxProperties: 2, additionalProperties: { type: 'string' } },
        size: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        maybe: { type: 'string', nullable: true },
        never: { type: 'string' },
        weights: { type: 'array', items: { type: 'integer', enum: [1, 2] } },
      },
    },
  },
};

const obj = (spec: Record<string, unknown>): unknown => ({ apiVersion: 'ex.io/v1', kind: 'Widget', metadata: { name: 'w' }, spec });
const texts = (spec: Record<string, unknown>): string[] => validate(obj(spec), schema).map((c) => `${c.field}: ${c.message}`);

describe('validate (kube value validation texts)', () => {
  it('accepts a valid object', () => {
    expect(validate(obj({ mode: 'Inform', replicas: 3, tags: ['a', 'b'], size: '50%', maybe: null }), schema)).toEqual([]);
  });

  it('reports a missing required field', () => {
    expect(validate(obj({}), schema)).toEqual([{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.mode' }]);
  });

  it('reports an unsupported enum value with the supported values', () => {
    expect(validate(obj({ mode: 'bogus' }), schema)).toEqual([
      { reason: 'FieldValueNotSupported', message: 'Unsupported value: "bogus": supported values: "Inform", "Enforce"', field: 'spec.mode' },
    ]);
  });

  it('renders non-string enum members as JSON', () => {
    expect(texts({ mode: 'Inform', weights: [1, 3] })).toEqual(['spec.weights[1]: Unsupported value: 3: supported values: "1", "2"']);
  });

  it('reports wrong types with the actual JSON type', () => {
    const causes = validate(obj({ mode: 'Inform', replicas: 'three', name: 5, tags: 'x', never: null, ratio: true }), schema);
    expect(causes.map((c) => `${c.field}: ${c.message}`)).toEqual([
      'spec.name: Invalid value: "integer": spec.name in body must be of type string: "integer"',
      'spec.never: Invalid value: "null": spec.never in body must be of type string: "null"',
      'spec.ratio: Invalid value: "boolean": spec.ratio in body must be of type number: "boolean"',
      'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
      'spec.tags: Invalid value: "string": spec.tags in body must be of type array: "string"',
    ]);
    expect(causes.every((c) => c.reason === 'FieldValueTypeInvalid')).toBe(true);
  });

  it('checks int-or-string as type integer,string', () => {
    expect(texts({ mode: 'Inform', size: true })).toEqual([
      'spec.size: Invalid value: "boolean": spec.size in body must be of type integer,string: "boolean"',
    ]);
    expect(texts({ mode: 'Inform', size: 3 })).toEqual([]);
  });

  it('checks numeric bounds', () => {
    expect(texts({ mode: 'Inform', replicas: 0 })).toEqual(['spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or equal to 1']);
    expect(texts({ mode: 'Inform', replicas: 11 })).toEqual(['spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10']);
    expect(texts({ mode: 'Inform', ratio: 0 })).toEqual(['spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0']);
    expect(texts({ mode: 'Inform', ratio: 0.7 })).toEqual(['spec.ratio: Invalid value: 0.7: spec.ratio in body should be a multiple of 0.5']);
  });

  it('checks string lengths, patterns and formats', () => {
    expect(texts({ mode: 'Inform', name: 'ab' })).toEqual(['spec.name: Invalid value: "ab": spec.name in body should be at least 3 chars long']);
    expect(texts({ mode: 'Inform', name: 'abcdef' })).toEqual(['spec.name: Too long: may not be more than 5 bytes']);
    expect(texts({ mode: 'Inform', name: 'AB1' })).toEqual(["spec.name: Invalid value: \"AB1\": spec.name in body should match '^[a-z]+$'"]);
    expect(texts({ mode: 'Inform', when: 'yesterday' })).toEqual([
      'spec.when: Invalid value: "yesterday": spec.when in body must be of type date-time: "yesterday"',
    ]);
    expect(texts({ mode: 'Inform', when: '2025-01-01T00:00:00Z', ca: 'aGVsbG8=' })).toEqual([]);
    expect(texts({ mode: 'Inform', ca: 'not base64!' })).toEqual(['spec.ca: Invalid value: "not base64!": spec.ca in body must be of type byte: "not base64!"']);
  });

  it('checks item and property counts', () => {
    expect(texts({ mode: 'Inform', tags: ['a', 'b', 'c', 'd'] })).toEqual(['spec.tags: Too many: 4: must have at most 3 items']);
    expect(texts({ mode: 'Inform', tags: [] })).toEqual(['spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items']);
    expect(texts({ mode: 'Inform', labels: { a: 'x', b: 'y', c: 'z' } })).toEqual(['spec.labels: Too many: 3: must have at most 2 items']);
  });

  it('reports duplicates in set and map lists', () => {
    expect(validate(obj({ mode: 'Inform', tags: ['t', 't'] }), schema)).toEqual([
      { reason: 'FieldValueDuplicate', message: 'Duplicate value: "t"', field: 'spec.tags[1]' },
    ]);
    expect(texts({ mode: 'Inform', ports: [{ name: 'a', port: 1 }, { name: 'b' }, { name: 'a', port: 2 }] })).toEqual([
      'spec.ports[2]: Duplicate value: {"name":"a"}',
    ]);
  });

  it('validates map values and array items with their paths', () => {
    expect(texts({ mode: 'Inform', labels: { a: 1 }, ports: [{ port: 1 }] })).toEqual([
      'spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer"',
      'spec.ports[0].name: Required value',
    ]);
  });
});

describe('composite schemas (oneOf / anyOf / allOf / not)', () => {
  const dep: JSONSchemaProps = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: { kind: { type: 'string' }, namespace: { type: 'string' }, a: { type: 'string' }, b: { type: 'string' } },
        oneOf: [{ required: ['a'] }, { required: ['b'] }],
        not: { required: ['kind'], properties: { kind: { enum: ['Forbidden'] } } },
        anyOf: [{ properties: { namespace: { maxLength: 0 } } }, { required: ['kind'] }],
      },
    },
  };
  const run = (spec: Record<string, unknown>): string[] => validate({ spec }, dep).map((c) => `${c.field}: ${c.message}`);

  it('passes when exactly one oneOf branch holds', () => {
    expect(run({ a: 'x' })).toEqual([]);
  });

  it('reports none valid with the closest branch errors', () => {
    expect(run({})).toEqual(['<nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found none valid', 'spec.a: Required value']);
  });

  it('reports several valid alternatives', () => {
    expect(run({ a: 'x', b: 'y' })).toEqual(['<nil>: Invalid value: "": "spec" must validate one and only one schema (oneOf). Found 2 valid alternatives']);
  });

  it('reports not and anyOf failures', () => {
    expect(run({ a: 'x', kind: 'Forbidden' })).toEqual(['<nil>: Invalid value: "": "spec" must not validate the schema (not)']);
    expect(run({ a: 'x', namespace: 'ns' })).toEqual([
      '<nil>: Invalid value: "": "spec" must validate at least one schema (anyOf)',
      'spec.namespace: Too long: may not be more than 0 bytes',
    ]);
  });
});

describe('embedded resources', () => {
  const work: JSONSchemaProps = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          manifests: {
            type: 'array',
            items: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
          },
        },
      },
    },
  };

  it('requires apiVersion and kind and validates the embedded metadata', () => {
    const causes = validate({ spec: { manifests: [{ metadata: { name: 'a/b' } }, { apiVersion: 'v1', kind: 'ConfigMap', data: { x: 1 } }] } }, work);
    expect(causes.map((c) => `${c.field}: ${c.message}`)).toEqual([
      'spec.manifests[0].apiVersion: Required value',
      'spec.manifests[0].kind: Required value',
      `spec.manifests[0].metadata.name: Invalid value: "a/b": may not contain '/'`,
    ]);
  });

  it('rejects a malformed kind', () => {
    expect(validate({ spec: { manifests: [{ apiVersion: 'v1', kind: 'Config Map' }] } }, work)[0].message).toMatch(
      /^Invalid value: "Config Map": may have mixed case, but should otherwise match: a DNS-1035 label/,
    );
  });
});

describe('invalidMessage', () => {
  it('formats one cause bare and several in brackets, deduplicated', () => {
    const c1 = { reason: 'FieldValueNotSupported', message: 'Unsupported value: "bogus": supported values: "Inform", "Enforce"', field: 'spec.remediationAction' };
    const c2 = { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.disabled' };
    expect(invalidMessage('Policy', 'policy.open-cluster-management.io', 'p1', [c1])).toBe(
      'Policy.policy.open-cluster-management.io "p1" is invalid: spec.remediationAction: Unsupported value: "bogus": supported values: "Inform", "Enforce"',
    );
    expect(invalidMessage('Policy', 'policy.open-cluster-management.io', 'p1', [c1, c2, c2])).toBe(
      'Policy.policy.open-cluster-management.io "p1" is invalid: [spec.remediationAction: Unsupported value: "bogus": supported values: "Inform", "Enforce", spec.disabled: Required value]',
    );
    expect(invalidMessage('Pod', '', 'x', [])).toBe('Pod "x" is invalid');
  });
});
