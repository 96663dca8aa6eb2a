// Structural-schema rules (C.1) checked when a CRD is created or updated; field paths look like kube's:
// `spec.versions[0].schema.openAPIV3Schema.properties[spec].items.type`.
import { forbidden, invalid, notSupported, required } from './field-errors.ts';
import { prune } from './prune.ts';
import { validateAt } from './validate.ts';
import type { FieldCause, JSONSchemaProps } from './types.ts';

const TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const UNSUPPORTED = ['$ref', 'id', 'additionalItems', 'patternProperties', 'definitions', 'dependencies'] as const;
/** What a value-validation branch (allOf/anyOf/oneOf/not) may not carry, and kube's complaint for each. */
const NOT_IN_VALUE_VALIDATION: [keyof JSONSchemaProps, string][] = [
  ['type', 'must be empty to be structural'],
  ['additionalProperties', 'must be undefined to be structural'],
  ['default', 'must be undefined to be structural'],
  ['title', 'must be empty to be structural'],
  ['description', 'must be empty to be structural'],
  ['nullable', 'must be false to be structural'],
  ['x-kubernetes-preserve-unknown-fields', 'must be false to be structural'],
  ['x-kubernetes-embedded-resource', 'must be false to be structural'],
  ['x-kubernetes-int-or-string', 'must be false to be structural'],
  ['x-kubernetes-list-map-keys', 'must be empty to be structural'],
  ['x-kubernetes-list-type', 'must be undefined to be structural'],
];

type Where = 'root' | 'property' | 'items' | 'additionalProperties' | 'metadata';

const isSchema = (v: unknown): v is JSONSchemaProps => v !== null && typeof v === 'object' && !Array.isArray(v);
const arr = (v: unknown): JSONSchemaProps[] => (Array.isArray(v) ? v.filter(isSchema) : []);

function isIntOrStringAnyOf(branches: JSONSchemaProps[] | undefined): boolean {
  if (!branches || branches.length !== 2) return false;
  const types = branches.map((b) => (Object.keys(b).length === 1 ? b.type : undefined));
  return types[0] === 'integer' && types[1] === 'string';
}

function commonChecks(s: JSONSchemaProps, path: string, out: FieldCause[]): void {
  for (const key of UNSUPPORTED) if (s[key] !== undefined) out.push(forbidden(`${path}.${key}`, `${key} is not supported`));
  if (Array.isArray(s.items)) out.push(forbidden(`${path}.items`, 'items must be a schema object and not an array'));
  if (s.uniqueItems === true) {
    out.push(forbidden(`${path}.uniqueItems`, 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));
  }
  if (s.pattern !== undefined) {
    try {
      new RegExp(s.pattern, 'u');
    } catch (e) {
      try {
        new RegExp(s.pattern);
      } catch {
        out.push(invalid(`${path}.pattern`, s.pattern, `must be a valid regular expression, but isn't: ${(e as Error).message}`));
      }
    }
  }
}

/** Value validations may only restrict fields the surrounding schema already specifies. */
function checkValueValidation(v: JSONSchemaProps, vPath: string, outer: JSONSchemaProps | undefined, outerPath: string, out: FieldCause[]): void {
  commonChecks(v, vPath, out);
  for (const [key, why] of NOT_IN_VALUE_VALIDATION) {
    const value = v[key];
    const set = value !== undefined && value !== false && value !== '' && !(Array.isArray(value) && value.length === 0);
    if (set) out.push(forbidden(`${vPath}.${key}`, why));
  }
  if (v.properties?.metadata) out.push(forbidden(`${vPath}.properties[metadata]`, 'must not be specified in a nested context'));
  for (const [k, p] of Object.entries(v.properties ?? {})) {
    const outerProp = outer?.properties?.[k];
    if (!outerProp) out.push(required(`${outerPath}.properties[${k}]`, `because it is defined in ${vPath}.properties[${k}]`));
    if (isSchema(p)) checkValueValidation(p, `${vPath}.properties[${k}]`, outerProp, `${outerPath}.properties[${k}]`, out);
  }
  if (isSchema(v.items)) {
    const outerItems = isSchema(outer?.items) ? outer.items : undefined;
    if (!outerItems) out.push(required(`${outerPath}.items`, `because it is defined in ${vPath}.items`));
    checkValueValidation(v.items, `${vPath}.items`, outerItems, `${outerPath}.items`, out);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    arr(v[key]).forEach((b, i) => checkValueValidation(b, `${vPath}.${key}[${i}]`, outer, outerPath, out));
  }
  if (isSchema(v.not)) checkValueValidation(v.not, `${vPath}.not`, outer, outerPath, out);
}

function checkListType(s: JSONSchemaProps, path: string, out: FieldCause[]): void {
  const listType = s['x-kubernetes-list-type'];
  const keys = s['x-kubernetes-list-map-keys'];
  if (listType !== undefined) {
    if (!['atomic', 'set', 'map'].includes(listType)) out.push(notSupported(`${path}.x-kubernetes-list-type`, listType, ['atomic', 'set', 'map']));
    else if (s.type !== 'array') out.push(invalid(`${path}.type`, s.type ?? '', `must be array if x-kubernetes-list-type is specified`));
  }
  const items = isSchema(s.items) ? s.items : undefined;
  if (listType === 'map') {
    if (!keys || keys.length === 0) {
      out.push(required(`${path}.x-kubernetes-list-map-keys`, 'must not be empty if x-kubernetes-list-type is map'));
    } else if (items) {
      if (items.type !== 'object') out.push(invalid(`${path}.items.type`, items.type ?? '', 'must be object when x-kubernetes-list-type is map'));
      for (const k of keys) {
        const p = items.properties?.[k];
        if (!p) {
          out.push(invalid(`${path}.x-kubernetes-list-map-keys`, keys, 'entries must all be names of item properties'));
          continue;
        }
        if (p.type === 'object' || p.type === 'array') {
          out.push(invalid(`${path}.items.properties[${k}].type`, p.type, 'must be a scalar type if the property is a map-key'));
        }
        if (p.nullable) out.push(forbidden(`${path}.items.properties[${k}].nullable`, 'this property is in x-kubernetes-list-map-keys, so it cannot be nullable'));
        if (p.default === undefined && !(items.required ?? []).includes(k)) {
          out.push(required(`${path}.items.properties[${k}]`, 'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property'));
        }
      }
    }
  } else if (keys !== undefined) {
    out.push(forbidden(`${path}.x-kubernetes-list-map-keys`, 'must only be used if x-kubernetes-list-type is map'));
  }
  if (listType === 'set' && items && (items.type === 'object' || items.type === 'array')) {
    const atomic = items.type === 'object' ? items['x-kubernetes-map-type'] === 'atomic' : items['x-kubernetes-list-type'] === 'atomic';
    if (!atomic) out.push(invalid(`${path}.items.x-kubernetes-${items.type === 'object' ? 'map' : 'list'}-type`, null, 'must be atomic as item of a list with x-kubernetes-list-type=set'));
  }
}

function checkDefault(s: JSONSchemaProps, path: string, out: FieldCause[]): void {
  if (s.default === undefined) return;
  const copy = structuredClone(s.default);
  const { unknownFields } = prune(copy, { ...s, type: s.type, default: undefined });
  for (const f of unknownFields) out.push(invalid(`${path}.default`, s.default, `must not have unknown fields: ${f}`));
  out.push(...validateAt(s.default, { ...s, default: undefined }, `${path}.default`));
}

function checkNode(s: JSONSchemaProps, path: string, where: Where, out: FieldCause[]): void {
  commonChecks(s, path, out);
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'];
  if (preserve === false) out.push(invalid(`${path}.x-kubernetes-preserve-unknown-fields`, false, 'must be true or undefined'));
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (s.type === 'null') out.push(forbidden(`${path}.type`, 'type cannot be set to null, use nullable as an alternative'));
  else if (s.type !== undefined && !TYPES.includes(s.type)) out.push(notSupported(`${path}.type`, s.type, TYPES));
  if (embedded && s.type !== 'object') {
    if (s.type) out.push(invalid(`${path}.type`, s.type, 'must be object if x-kubernetes-embedded-resource is true'));
    else out.push(required(`${path}.type`, 'must be object if x-kubernetes-embedded-resource is true'));
  } else if (!s.type && !intOrString && preserve !== true) {
    const what = where === 'root' ? 'at the root' : where === 'items' ? 'for specified array items' : 'for specified object fields';
    out.push(required(`${path}.type`, `must not be empty ${what}`));
  }
  if (where === 'root') {
    if (s.type && s.type !== 'object') out.push(invalid(`${path}.type`, s.type, 'must be object at the root'));
    if (s.nullable) out.push(forbidden(`${path}.nullable`, 'nullable cannot be true at the root'));
    if (s.additionalProperties !== undefined) out.push(forbidden(`${path}.additionalProperties`, 'must not be used at the root'));
  }
  if (intOrString && s.type) out.push(invalid(`${path}.type`, s.type, 'must be empty if x-kubernetes-int-or-string is true'));
  if (intOrString && preserve === true) out.push(invalid(`${path}.x-kubernetes-preserve-unknown-fields`, true, 'must be false if x-kubernetes-int-or-string is true'));
  if (intOrString && embedded) out.push(invalid(`${path}.x-kubernetes-embedded-resource`, true, 'must be false if x-kubernetes-int-or-string is true'));
  if (s.type === 'array' && s.items === undefined) out.push(required(`${path}.items`, 'must be specified'));
  if (s.properties && s.additionalProperties !== undefined && s.additionalProperties !== false) {
    out.push(forbidden(`${path}.additionalProperties`, 'additionalProperties and properties are mutual exclusive'));
  }
  if (s.additionalProperties === false) out.push(forbidden(`${path}.additionalProperties`, 'additionalProperties cannot be set to false'));
  if (embedded && s.additionalProperties !== undefined) {
    out.push(forbidden(`${path}.additionalProperties`, 'must not be used if x-kubernetes-embedded-resource is set'));
  }
  if (embedded && preserve !== true && Object.keys(s.properties ?? {}).length === 0) {
    out.push(required(`${path}.properties`, 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
  }
  if (where === 'root' || embedded) {
    for (const [k, t] of [['apiVersion', 'string'], ['kind', 'string'], ['metadata', 'object']] as const) {
      const p = s.properties?.[k];
      if (p && p.type !== t) out.push(invalid(`${path}.properties[${k}].type`, p.type ?? '', `must be ${t}`));
    }
  }
  const mapType = s['x-kubernetes-map-type'];
  if (mapType !== undefined && !['granular', 'atomic'].includes(mapType)) {
    out.push(notSupported(`${path}.x-kubernetes-map-type`, mapType, ['granular', 'atomic']));
  }
  checkListType(s, path, out);
  if (where === 'metadata') checkTopLevelMetadata(s, path, out);
  else checkDefault(s, path, out);

  for (const [k, p] of Object.entries(s.properties ?? {})) {
    if (!isSchema(p)) continue;
    const isMeta = k === 'metadata' && where === 'root';
    checkNode(p, `${path}.properties[${k}]`, isMeta ? 'metadata' : 'property', out);
  }
  if (isSchema(s.additionalProperties)) checkNode(s.additionalProperties, `${path}.additionalProperties`, 'additionalProperties', out);
  if (isSchema(s.items)) checkNode(s.items, `${path}.items`, 'items', out);
  const exempt = intOrString && isIntOrStringAnyOf(s.anyOf);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (key === 'anyOf' && exempt) continue;
    arr(s[key]).forEach((b, i) => checkValueValidation(b, `${path}.${key}[${i}]`, s, path, out));
  }
  if (isSchema(s.not)) checkValueValidation(s.not, `${path}.not`, s, path, out);
}

/** metadata at the root is implied; a schema may only restrict name and generateName. */
function checkTopLevelMetadata(s: JSONSchemaProps, path: string, out: FieldCause[]): void {
  const others = Object.keys(s.properties ?? {}).filter((k) => k !== 'name' && k !== 'generateName');
  const extraKeys = Object.keys(s).filter((k) => !['type', 'properties', 'description', 'title', 'default'].includes(k));
  if (others.length || extraKeys.length) {
    out.push(forbidden(path, 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
  }
  for (const k of ['name', 'generateName']) {
    if (s.properties?.[k]?.default !== undefined) out.push(forbidden(`${path}.properties[${k}].default`, 'must not be set in top-level metadata'));
  }
}

/** Structural-schema violations of a CRD version's openAPIV3Schema found at `path`, sorted as kube sorts them. */
export function checkStructural(schema: JSONSchemaProps, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  if (!isSchema(schema)) return [required(path, '')];
  checkNode(schema, path, 'root', out);
  // kube sorts the violations by their text, so the order never depends on map iteration
  const text = (c: FieldCause): string => `${c.field}: ${c.message}`;
  return out.sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}
