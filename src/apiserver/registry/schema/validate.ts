// Value validation of a custom resource against its structural schema, worded as kube-apiserver words it (C.2):
// OpenAPI errors first, then embedded-resource checks, then list-type set/map uniqueness.
import { compile, valueKey, type Node } from './compile.ts';
import { duplicate, invalid, notSupported, required, tooLong, tooMany, typeInvalid } from './field-errors.ts';
import { validateEmbeddedResource } from './embedded.ts';
import type { FieldCause, JSONSchemaProps } from './types.ts';

type Obj = Record<string, unknown>;

interface Sink {
  schema: FieldCause[];
  embedded: FieldCause[];
  lists: FieldCause[];
}

/** The JSON type name kube-openapi reports for a value. */
function jsonType(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(v) ? 'integer' : 'number';
    case 'object':
      return 'object';
    default:
      return typeof v;
  }
}

function typeMatches(expected: string, actual: string): boolean {
  return expected === actual || (expected === 'number' && actual === 'integer');
}

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const child = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** Int-or-string schemas spell their type as `anyOf: [{type: integer}, {type: string}]`; the type check covers it. */
function isIntOrStringAnyOf(n: Node): boolean {
  return n.intOrString && n.anyOf.every((b) => b.type !== undefined && !b.hasChecks);
}

/** Validates `value` at `path`; when the node's own type is wrong nothing else is checked there. */
function walk(value: unknown, n: Node, path: string, out: Sink): void {
  if (value === null || value === undefined) {
    if (n.nullable) return;
    if (n.type) out.schema.push(typeInvalid(path, 'null', `${path} in body must be of type ${n.type}: "null"`));
    else if (n.intOrString) out.schema.push(typeInvalid(path, 'null', `${path} in body must be of type integer,string: "null"`));
    return;
  }
  const actual = jsonType(value);
  if (n.intOrString) {
    if (actual !== 'integer' && actual !== 'string') {
      out.schema.push(typeInvalid(path, actual, `${path} in body must be of type integer,string: "${actual}"`));
      return;
    }
  } else if (n.type && !typeMatches(n.type, actual)) {
    out.schema.push(typeInvalid(path, actual, `${path} in body must be of type ${n.type}: "${actual}"`));
    return;
  }
  if (n.hasChecks) valueChecks(value, n, path, out);
  if (n.embedded && isObj(value)) out.embedded.push(...validateEmbeddedResource(value, path));
  if (isObj(value)) {
    for (const [k, childNode] of n.sortedProperties) {
      if (k in value) walk(value[k], childNode, child(path, k), out);
    }
    if (n.additional) {
      for (const k of Object.keys(value)) {
        if (!n.properties?.has(k)) walk(value[k], n.additional, child(path, k), out);
      }
    }
  } else if (Array.isArray(value)) {
    if (n.items) {
      const items = n.items;
      value.forEach((item, i) => walk(item, items, `${path}[${i}]`, out));
    }
    if (n.listType === 'set' || n.listType === 'map') listUniqueness(value, n, path, out);
  }
}

function valueChecks(value: unknown, n: Node, path: string, out: Sink): void {
  const s = n.src;
  const errs = out.schema;
  composites(value, n, path, errs);
  if (typeof value === 'string') {
    if (s.maxLength !== undefined && [...value].length > s.maxLength) errs.push(tooLong(path, s.maxLength));
    if (s.minLength !== undefined && [...value].length < s.minLength) {
      errs.push(invalid(path, value, `${path} in body should be at least ${s.minLength} chars long`));
    }
    if (n.pattern && !n.pattern.test(value)) errs.push(invalid(path, value, `${path} in body should match '${s.pattern}'`));
    if (n.format && !n.format(value)) errs.push(invalid(path, value, `${path} in body must be of type ${s.format}: ${JSON.stringify(value)}`));
  } else if (typeof value === 'number') {
    if (s.maximum !== undefined) {
      if (s.exclusiveMaximum ? value >= s.maximum : value > s.maximum) {
        errs.push(invalid(path, value, `${path} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`));
      }
    }
    if (s.minimum !== undefined) {
      if (s.exclusiveMinimum ? value <= s.minimum : value < s.minimum) {
        errs.push(invalid(path, value, `${path} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`));
      }
    }
    if (s.multipleOf !== undefined && s.multipleOf !== 0 && !Number.isInteger(value / s.multipleOf)) {
      errs.push(invalid(path, value, `${path} in body should be a multiple of ${s.multipleOf}`));
    }
  } else if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) {
      errs.push(invalid(path, value.length, `${path} in body should have at least ${s.minItems} items`));
    }
    if (s.maxItems !== undefined && value.length > s.maxItems) errs.push(tooMany(path, value.length, s.maxItems));
  } else if (isObj(value)) {
    const count = Object.keys(value).length;
    if (s.minProperties !== undefined && count < s.minProperties) {
      errs.push(invalid(path, count, `${path} in body should have at least ${s.minProperties} properties`));
    }
    if (s.maxProperties !== undefined && count > s.maxProperties) errs.push(tooMany(path, count, s.maxProperties));
    for (const r of n.required) if (!(r in value)) errs.push(required(child(path, r)));
  }
  if (n.enumKeys && !n.enumKeys.has(valueKey(value))) errs.push(notSupported(path, value, n.enumLabels));
}

/** allOf / anyOf / oneOf / not: value validations only (structural schemas forbid types and fields there). */
function composites(value: unknown, n: Node, path: string, errs: FieldCause[]): void {
  const branch = (b: Node): FieldCause[] => {
    const sink: Sink = { schema: [], embedded: [], lists: [] };
    walk(value, b, path, sink);
    return sink.schema;
  };
  const composite = (text: string): FieldCause => invalid('<nil>', '', `"${path}" ${text}`);
  if (n.allOf.length) {
    const results = n.allOf.map(branch);
    const failed = results.filter((r) => r.length > 0);
    if (failed.length) {
      errs.push(composite(`must validate all the schemas (allOf)${failed.length === results.length ? '. None validated' : ''}`));
      for (const f of failed) errs.push(...f);
    }
  }
  if (n.anyOf.length && !isIntOrStringAnyOf(n)) {
    const results = n.anyOf.map(branch);
    if (!results.some((r) => r.length === 0)) {
      errs.push(composite('must validate at least one schema (anyOf)'));
      errs.push(...best(results));
    }
  }
  if (n.oneOf.length) {
    const results = n.oneOf.map(branch);
    const valid = results.filter((r) => r.length === 0).length;
    if (valid === 0) {
      errs.push(composite('must validate one and only one schema (oneOf). Found none valid'));
      errs.push(...best(results));
    } else if (valid > 1) {
      errs.push(composite(`must validate one and only one schema (oneOf). Found ${valid} valid alternatives`));
    }
  }
  if (n.not && branch(n.not).length === 0) errs.push(composite('must not validate the schema (not)'));
}

/** The failing branch that came closest: the fewest errors, the first on a tie. */
function best(results: FieldCause[][]): FieldCause[] {
  return results.reduce((a, b) => (b.length < a.length ? b : a));
}

function listUniqueness(list: unknown[], n: Node, path: string, out: Sink): void {
  const seen = new Set<string>();
  list.forEach((item, i) => {
    let key: unknown = item;
    if (n.listType === 'map') {
      if (!isObj(item)) {
        out.lists.push(invalid(`${path}[${i}]`, item, 'must be an object for an array of list-type map'));
        return;
      }
      const k: Obj = {};
      for (const mk of n.mapKeys) if (item[mk] !== undefined) k[mk] = item[mk];
      key = k;
    }
    const id = valueKey(key);
    if (seen.has(id)) out.lists.push(duplicate(`${path}[${i}]`, key));
    else seen.add(id);
  });
}

/** All field errors of `obj` against `schema`; field paths are JSON paths from the object root (`spec.a[0].b`). */
export function validate(obj: unknown, schema: JSONSchemaProps): FieldCause[] {
  return validateAt(obj, schema, '');
}

/** As validate, with every path under `basePath` (used to check a CRD's defaults where they are written). */
export function validateAt(obj: unknown, schema: JSONSchemaProps, basePath: string): FieldCause[] {
  const out: Sink = { schema: [], embedded: [], lists: [] };
  walk(obj, compile(schema), basePath, out);
  return [...out.schema, ...out.embedded, ...out.lists];
}
