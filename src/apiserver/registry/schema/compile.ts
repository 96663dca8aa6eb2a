// Turns a structural schema into a tree with everything the per-request walks need precomputed (regexps, enum sets,
// property maps, "is there anything to default below here"). Compiled once per schema object and cached.
import { formatCheck } from './formats.ts';
import { stableJson } from './field-errors.ts';
import type { JSONSchemaProps } from './types.ts';

export interface Node {
  src: JSONSchemaProps;
  type: string | undefined;
  intOrString: boolean;
  nullable: boolean;
  preserveUnknown: boolean;
  embedded: boolean;
  properties: Map<string, Node> | undefined;
  /** `properties` sorted by name: errors come out in a stable order */
  sortedProperties: [string, Node][];
  /** schema for keys not in `properties` */
  additional: Node | undefined;
  /** `additionalProperties: true`: any extra key is kept as is */
  additionalAny: boolean;
  items: Node | undefined;
  required: string[];
  enumKeys: Set<string> | undefined;
  enumLabels: string[];
  pattern: RegExp | undefined;
  format: ((s: string) => boolean) | undefined;
  listType: string | undefined;
  mapKeys: string[];
  allOf: Node[];
  anyOf: Node[];
  oneOf: Node[];
  not: Node | undefined;
  hasDefault: boolean;
  /** some node at or below has a default: the defaulting walk must visit it */
  defaultsBelow: boolean;
  /** value validations beyond the type check exist on this node */
  hasChecks: boolean;
}

const cache = new WeakMap<JSONSchemaProps, Node>();

/** Enum membership and duplicate detection compare values by their canonical JSON. */
export function valueKey(v: unknown): string {
  return typeof v === 'string' ? `s${v}` : stableJson(v);
}

function compilePattern(pattern: string | undefined): RegExp | undefined {
  if (pattern === undefined) return undefined;
  try {
    return new RegExp(pattern, 'u');
  } catch {
    try {
      return new RegExp(pattern);
    } catch {
      return undefined; // an invalid pattern is rejected when the CRD is written (checkStructural)
    }
  }
}

const EMPTY: JSONSchemaProps = {};

/** The compiled form of `schema`, built on first use and cached by object identity. */
export function compile(schema: JSONSchemaProps): Node {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return compile(EMPTY); // malformed: accept anything
  const hit = cache.get(schema);
  if (hit) return hit;
  const s = schema;
  const node: Node = {
    src: s,
    type: s.type || undefined,
    intOrString: s['x-kubernetes-int-or-string'] === true,
    nullable: s.nullable === true,
    preserveUnknown: s['x-kubernetes-preserve-unknown-fields'] === true,
    embedded: s['x-kubernetes-embedded-resource'] === true,
    properties: undefined,
    sortedProperties: [],
    additional: undefined,
    additionalAny: s.additionalProperties === true,
    items: undefined,
    required: Array.isArray(s.required) ? s.required.filter((r): r is string => typeof r === 'string') : [],
    enumKeys: Array.isArray(s.enum) ? new Set(s.enum.map(valueKey)) : undefined,
    enumLabels: Array.isArray(s.enum) ? s.enum.map((v) => (typeof v === 'string' ? v : stableJson(v))) : [],
    pattern: compilePattern(typeof s.pattern === 'string' ? s.pattern : undefined),
    format: formatCheck(s.format),
    listType: s['x-kubernetes-list-type'],
    mapKeys: Array.isArray(s['x-kubernetes-list-map-keys']) ? s['x-kubernetes-list-map-keys'] : [],
    allOf: [],
    anyOf: [],
    oneOf: [],
    not: undefined,
    hasDefault: s.default !== undefined,
    defaultsBelow: false,
    hasChecks: false,
  };
  cache.set(schema, node); // before recursing, so a (forbidden) cycle cannot loop forever
  if (s.properties && typeof s.properties === 'object') {
    node.properties = new Map();
    for (const [k, v] of Object.entries(s.properties)) node.properties.set(k, compile(v));
    node.sortedProperties = [...node.properties].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
  if (s.additionalProperties && typeof s.additionalProperties === 'object') node.additional = compile(s.additionalProperties);
  if (s.items && !Array.isArray(s.items)) node.items = compile(s.items);
  const list = (v: unknown): Node[] => (Array.isArray(v) ? v.map(compile) : []);
  node.allOf = list(s.allOf);
  node.anyOf = list(s.anyOf);
  node.oneOf = list(s.oneOf);
  node.not = s.not && typeof s.not === 'object' ? compile(s.not) : undefined;
  const children = [...(node.properties?.values() ?? []), node.additional, node.items].filter((n): n is Node => !!n);
  node.defaultsBelow = node.hasDefault || children.some((c) => c.defaultsBelow);
  node.hasChecks =
    node.enumKeys !== undefined || node.pattern !== undefined || node.format !== undefined || node.required.length > 0 ||
    s.minimum !== undefined || s.maximum !== undefined || s.multipleOf !== undefined || s.minLength !== undefined ||
    s.maxLength !== undefined || s.minItems !== undefined || s.maxItems !== undefined || s.minProperties !== undefined ||
    s.maxProperties !== undefined || node.allOf.length + node.anyOf.length + node.oneOf.length > 0 || !!node.not;
  return node;
}
