import { describe, expect, it } from 'vitest';
import { checkStructural, type JSONSchemaProps } from '../../../src/apiserver/registry/schema/index.ts';

const P = 'spec.versions[0].schema.openAPIV3Schema';
const texts = (schema: JSONSchemaProps): string[] => checkStructural(schema, P).map((c) => `${c.field}: ${c.message}`);
const root = (props: Record<string, JSONSchemaProps>): JSONSchemaProps => ({ type: 'object', properties: props });

describe('checkStructural', () => {
  it('accepts a structural schema with int-or-string, embedded resources and list maps', () => {
    expect(
      texts(
        root({
          metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 63 } } },
          spec: {
            type: 'object',
            properties: {
              size: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
              manifests: { type: 'array', items: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } },
              ports: {
                type: 'array',
                'x-kubernetes-list-type': 'map',
                'x-kubernetes-list-map-keys': ['name'],
                items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
              },
              any: { 'x-kubernetes-preserve-unknown-fields': true },
              oneOfUser: { type: 'object', properties: { a: { type: 'string' } }, oneOf: [{ required: ['a'] }, { properties: { a: { maxLength: 0 } } }] },
            },
          },
        }),
      ),
    ).toEqual([]);
  });

  it('requires a type on every specified field', () => {
    expect(texts(root({ spec: { properties: { a: { type: 'string' } } } }))).toEqual([
      `${P}.properties[spec].type: Required value: must not be empty for specified object fields`,
    ]);
    expect(texts(root({ list: { type: 'array', items: {} } }))).toEqual([
      `${P}.properties[list].items.type: Required value: must not be empty for specified array items`,
    ]);
  });

  it('requires an object at the root and items on arrays', () => {
    expect(texts({ type: 'array', items: { type: 'string' } })).toEqual([`${P}.type: Invalid value: "array": must be object at the root`]);
    expect(texts(root({ list: { type: 'array' } }))).toEqual([`${P}.properties[list].items: Required value: must be specified`]);
  });

  it('forbids types and new fields inside value validations', () => {
    expect(
      texts(root({ spec: { type: 'object', properties: { a: { type: 'string' } }, anyOf: [{ type: 'object' }, { properties: { b: { type: 'string' } } }] } })),
    ).toEqual([
      `${P}.properties[spec].anyOf[0].type: Forbidden: must be empty to be structural`,
      `${P}.properties[spec].anyOf[1].properties[b].type: Forbidden: must be empty to be structural`,
      `${P}.properties[spec].properties[b]: Required value: because it is defined in ${P}.properties[spec].anyOf[1].properties[b]`,
    ]);
  });

  it('restricts metadata at the root to name and generateName', () => {
    expect(texts(root({ metadata: { type: 'object', properties: { labels: { type: 'object' } } } }))).toEqual([
      `${P}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`,
    ]);
  });

  it('rejects unsupported keywords', () => {
    expect(
      texts(root({ a: { type: 'string', $ref: '#/x' }, b: { type: 'array', items: { type: 'string' }, uniqueItems: true }, c: { type: 'null' } })),
    ).toEqual([
      `${P}.properties[a].$ref: Forbidden: $ref is not supported`,
      `${P}.properties[b].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`,
      `${P}.properties[c].type: Forbidden: type cannot be set to null, use nullable as an alternative`,
    ]);
    expect(texts({ type: 'object', nullable: true })).toEqual([`${P}.nullable: Forbidden: nullable cannot be true at the root`]);
  });

  it('checks properties/additionalProperties exclusivity and embedded resources', () => {
    expect(texts(root({ m: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: { type: 'string' } } }))).toEqual([
      `${P}.properties[m].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`,
    ]);
    expect(texts(root({ e: { type: 'string', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } }))).toEqual([
      `${P}.properties[e].type: Invalid value: "string": must be object if x-kubernetes-embedded-resource is true`,
    ]);
    expect(texts(root({ e: { type: 'object', 'x-kubernetes-embedded-resource': true } }))).toEqual([
      `${P}.properties[e].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields`,
    ]);
  });

  it('checks list-type map keys', () => {
    expect(
      texts(root({ l: { type: 'array', 'x-kubernetes-list-type': 'map', items: { type: 'object', properties: { name: { type: 'string' } } } } })),
    ).toEqual([`${P}.properties[l].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map`]);
    expect(
      texts(root({ l: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', properties: { name: { type: 'string' } } } } })),
    ).toEqual([
      `${P}.properties[l].items.properties[name]: Required value: this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property`,
    ]);
  });

  it('forbids metadata inside value validations and additionalProperties: false', () => {
    expect(texts(root({ spec: { type: 'object', properties: { metadata: { type: 'object' } }, not: { properties: { metadata: {} } } } }))).toEqual([
      `${P}.properties[spec].not.properties[metadata]: Forbidden: must not be specified in a nested context`,
    ]);
    expect(texts(root({ m: { type: 'object', additionalProperties: false } }))).toEqual([
      `${P}.properties[m].additionalProperties: Forbidden: additionalProperties cannot be set to false`,
    ]);
  });

  it('rejects defaults that do not validate and defaults in top-level metadata', () => {
    expect(texts(root({ n: { type: 'integer', default: 'x' } }))).toEqual([
      `${P}.properties[n].default: Invalid value: "string": ${P}.properties[n].default in body must be of type integer: "string"`,
    ]);
    expect(texts(root({ metadata: { type: 'object', properties: { name: { type: 'string', default: 'x' } } } }))).toEqual([
      `${P}.properties[metadata].properties[name].default: Forbidden: must not be set in top-level metadata`,
    ]);
  });
});

describe('malformed schemas', () => {
  it('never throw in the per-request functions', async () => {
    const { prune, applyDefaults, validate } = await import('../../../src/apiserver/registry/schema/index.ts');
    const bad = { type: 'object', properties: { a: null, b: { type: 'array', items: [{ type: 'string' }] }, c: { allOf: 'x', pattern: '(' } } } as unknown as JSONSchemaProps;
    const obj = { a: 1, b: ['x'], c: 'y' };
    expect(() => prune(obj, bad)).not.toThrow();
    expect(() => applyDefaults(obj, bad)).not.toThrow();
    expect(() => validate(obj, bad)).not.toThrow();
    expect(texts(bad)).toContain(`${P}.properties[c].pattern: Invalid value: "(": must be a valid regular expression, but isn't: Invalid regular expression: /(/u: Unterminated group`);
  });
});
