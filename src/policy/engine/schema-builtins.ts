// json.verify_schema and json.match_schema on ajv (draft-07), with the result shapes and messages
// of OPA's gojsonschema: [ok, error] and [ok, [{error, desc, field, type}]].
// Schemas that name draft-04/06 in $schema are validated as draft-07, which reads them the same
// way except draft-04's boolean exclusiveMinimum/exclusiveMaximum.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { HostBuiltinError, HostTypeError, typeName, type HostBuiltin } from './builtin-args.ts';

const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
const FORMATS: Record<string, RegExp | ((s: string) => boolean)> = {
  'date-time': (s) => /^\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)),
  date: (s) => /^\d{4}-\d\d-\d\d$/.test(s) && !Number.isNaN(Date.parse(s)),
  time: /^\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$/,
  email: /^[^\s@]+@[^\s@]+$/,
  hostname: /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/,
  ipv4: /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/,
  ipv6: (s) => /^[0-9A-Fa-f:.]+$/.test(s) && s.includes(':') && URL.canParse(`http://[${s}]/`),
  uri: (s) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(s) && URL.canParse(s),
  'uri-reference': /^\S*$/,
  uuid: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
  regex: (s) => {
    try {
      new RegExp(s, 'u');
      return true;
    } catch {
      return false;
    }
  },
};
for (const [name, check] of Object.entries(FORMATS)) ajv.addFormat(name, check);

const TYPES = ['array', 'boolean', 'integer', 'number', 'null', 'object', 'string'];
const DRAFTS = /^https?:\/\/json-schema\.org\/draft-0[4-7]\/schema#?$/;
const compiled = new Map<string, ValidateFunction>();

/** A schema or document operand: an object, or JSON text. */
function jsonOperand(v: unknown, name: string, pos: number): unknown {
  if (typeof v === 'string') {
    try {
      return JSON.parse(v) as unknown;
    } catch (e) {
      throw new HostBuiltinError(`${name}: ${(e as Error).message}`);
    }
  }
  if (v !== null && typeof v === 'object') return v;
  throw new HostTypeError(`${name}: operand ${pos} must be one of {string, object} but got ${typeName(v)}`);
}

/** gojsonschema's message for a bad "type" keyword, which ajv words differently. */
function badType(schema: unknown): string | undefined {
  if (schema === null || typeof schema !== 'object') return undefined;
  const s = schema as Record<string, unknown>;
  const types = typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? s.type : [];
  for (const t of types) {
    if (typeof t === 'string' && !TYPES.includes(t)) return `has a primitive type that is NOT VALID -- given: /${t}/ Expected valid values are:[${TYPES.join(' ')}]`;
  }
  for (const [k, v] of Object.entries(s)) {
    if (k === 'enum' || k === 'const' || k === 'default' || k === 'examples') continue;
    const found = Array.isArray(v) ? v.map(badType).find((x) => x) : badType(v);
    if (found) return found;
  }
  return undefined;
}

function compile(schema: unknown): ValidateFunction {
  const key = JSON.stringify(schema);
  let fn = compiled.get(key);
  if (fn) return fn;
  const bad = badType(schema);
  if (bad) throw new HostBuiltinError(bad);
  let s = schema;
  if (s !== null && typeof s === 'object' && typeof (s as { $schema?: unknown }).$schema === 'string' && DRAFTS.test((s as { $schema: string }).$schema)) {
    const { $schema: _ignored, ...rest } = s as Record<string, unknown>;
    s = rest;
  }
  try {
    fn = ajv.compile(s as object);
  } catch (e) {
    throw new HostBuiltinError((e as Error).message);
  }
  if (compiled.size > 100) compiled.clear();
  compiled.set(key, fn);
  return fn;
}

const kindOf = (v: unknown): string => (typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeName(v));
const fieldOf = (path: string): string => (path === '' ? '(root)' : path.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).join('.'));

function valueAt(doc: unknown, path: string): unknown {
  let v = doc;
  for (const p of path.split('/').slice(1)) v = (v as Record<string, unknown>)?.[p.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}

/** One ajv error as gojsonschema words it: [type, description]. */
function describe(e: ErrorObject, doc: unknown, field: string): [string, string] {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type': {
      const t = Array.isArray(p.type) ? `[${(p.type as string[]).join(',')}]` : String(p.type);
      return ['invalid_type', `Invalid type. Expected: ${t}, given: ${kindOf(valueAt(doc, e.instancePath))}`];
    }
    case 'required': return ['required', `${p.missingProperty} is required`];
    case 'enum': return ['enum', `${field} must be one of the following: ${(p.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')}`];
    case 'const': return ['const', `${field} does not match: ${JSON.stringify(p.allowedValue)}`];
    case 'minLength': return ['string_gte', `String length must be greater than or equal to ${p.limit}`];
    case 'maxLength': return ['string_lte', `String length must be less than or equal to ${p.limit}`];
    case 'pattern': return ['pattern', `Does not match pattern '${p.pattern}'`];
    case 'format': return ['format', `Does not match format '${p.format}'`];
    case 'minimum': return ['number_gte', `Must be greater than or equal to ${p.limit}`];
    case 'exclusiveMinimum': return ['number_gt', `Must be greater than ${p.limit}`];
    case 'maximum': return ['number_lte', `Must be less than or equal to ${p.limit}`];
    case 'exclusiveMaximum': return ['number_lt', `Must be less than ${p.limit}`];
    case 'multipleOf': return ['multiple_of', `Must be a multiple of ${p.multipleOf}`];
    case 'minItems': return ['array_min_items', `Array must have at least ${p.limit} items`];
    case 'maxItems': return ['array_max_items', `Array must have at most ${p.limit} items`];
    case 'uniqueItems': return ['unique', `array items[${p.j},${p.i}] must be unique`];
    case 'additionalItems': return ['array_no_additional_items', 'No additional items allowed on array'];
    case 'contains': return ['contains', 'At least one of the items must match'];
    case 'minProperties': return ['array_min_properties', `Must have at least ${p.limit} properties`];
    case 'maxProperties': return ['array_max_properties', `Must have at most ${p.limit} properties`];
    case 'additionalProperties': return ['additional_property_not_allowed', `Additional property ${p.additionalProperty} is not allowed`];
    case 'propertyNames': return ['invalid_property_name', `Property name of "${p.propertyName}" does not match`];
    case 'dependencies': return ['missing_dependency', `Has a dependency on ${p.missingProperty}`];
    case 'anyOf': return ['number_any_of', 'Must validate at least one schema (anyOf)'];
    case 'oneOf': return ['number_one_of', 'Must validate one and only one schema (oneOf)'];
    case 'not': return ['number_not', 'Must not validate the schema (not)'];
    case 'if': return [p.failingKeyword === 'then' ? 'condition_then' : 'condition_else', `Must validate "${p.failingKeyword}" as "if" was ${p.failingKeyword === 'then' ? 'valid' : 'not valid'}`];
    default: return [e.keyword, e.message ?? e.keyword];
  }
}

function matchSchema(d: unknown, s: unknown): unknown {
  const name = 'json.match_schema';
  const doc = jsonOperand(d, name, 1);
  const validate = compile(jsonOperand(s, name, 2));
  if (validate(doc)) return [true, []];
  const errors = (validate.errors ?? []).map((e) => {
    const field = fieldOf(e.instancePath);
    const [type, desc] = describe(e, doc, field);
    return { error: `${field}: ${desc}`, desc, field, type };
  });
  return [false, errors];
}

function verifySchema(s: unknown): unknown {
  try {
    compile(jsonOperand(s, 'json.verify_schema', 1));
    return [true, null];
  } catch (e) {
    if (e instanceof HostTypeError) throw e;
    return [false, `jsonschema: ${(e as Error).message.replace(/^json\.verify_schema: /, '')}`];
  }
}

export const schemaBuiltins: Record<string, HostBuiltin> = {
  'json.verify_schema': verifySchema,
  'json.match_schema': matchSchema,
};
