// What server-side apply needs to know about each node of an object (apply-schema.md A.4): scalar, struct (named
// fields), map (granular or atomic) or list (atomic, set, or map keyed by fields). CRDs get it from their structural
// schema; built-ins from a table of the list types and atomic types of k8s.io/api, everything else deduced.
import type { JSONSchemaProps } from '../registry/schema/index.ts';

export interface ScalarType {
  t: 'scalar';
}
export interface StructType {
  t: 'struct';
  fields: Map<string, TypeNode>;
  atomic: boolean;
  /** Type of fields not declared: deduced for preserve-unknown and built-ins, undefined = not allowed. */
  other?: (name: string) => TypeNode;
  /** Whether a struct that did not exist before counts as added itself ("." in FieldsV1); false for Go value structs. */
  dotOnAdd: boolean;
}
export interface MapType {
  t: 'map';
  elem: TypeNode;
  atomic: boolean;
}
export interface ListType {
  t: 'list';
  elem: TypeNode;
  listType: 'atomic' | 'set' | 'map';
  keys: string[];
  keyDefaults: Record<string, unknown>;
}
/** Anything (preserve-unknown fields, untyped built-in parts): objects are granular maps, lists atomic. */
export interface DeducedType {
  t: 'deduced';
}
/** A built-in node of unknown shape: an object is a struct with loose fields, a list is atomic, else a scalar. */
export interface LooseType {
  t: 'loose';
}
export type TypeNode = ScalarType | StructType | MapType | ListType | DeducedType | LooseType;
export type ResolvedType = ScalarType | StructType | MapType | ListType;

export const SCALAR: ScalarType = { t: 'scalar' };
export const DEDUCED: DeducedType = { t: 'deduced' };
const ATOMIC_LIST: ListType = { t: 'list', elem: DEDUCED, listType: 'atomic', keys: [], keyDefaults: {} };

const struct = (fields: Record<string, TypeNode>, opts: Partial<StructType> = {}): StructType => ({
  t: 'struct', fields: new Map(Object.entries(fields)), atomic: false, dotOnAdd: false, ...opts,
});
const mapOf = (elem: TypeNode, atomic = false): MapType => ({ t: 'map', elem, atomic });
const listMap = (keys: string[], elem: TypeNode, keyDefaults: Record<string, unknown> = {}): ListType => ({
  t: 'list', elem, listType: 'map', keys, keyDefaults,
});
const setOf = (): ListType => ({ t: 'list', elem: SCALAR, listType: 'set', keys: [], keyDefaults: {} });

// ---- built-ins -----------------------------------------------------------------------------------------------

/** Object fields of built-ins that are maps keyed by data, not structs. */
const GRANULAR_MAP_FIELDS = new Set(['labels', 'annotations', 'data', 'binaryData', 'stringData', 'limits', 'requests',
  'capacity', 'allocatable', 'parameters', 'matchLabels', 'hard', 'used', 'allocatedResources']);

/** Built-in struct whose undeclared fields are typed by their name and value. */
function loose(fields: Record<string, TypeNode>, opts: Partial<StructType> = {}): StructType {
  return struct(fields, { other: looseField, ...opts });
}

function looseField(name: string): TypeNode {
  if (GRANULAR_MAP_FIELDS.has(name)) return mapOf(DEDUCED);
  return LOOSE_ANY;
}

const LOOSE_ANY: LooseType = { t: 'loose' };
export const LOOSE_STRUCT = loose({});
const DEDUCED_MAP: MapType = { t: 'map', elem: DEDUCED, atomic: false };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The concrete type of a value at a node whose shape comes from the value itself. */
export function resolve(type: TypeNode, value: unknown): ResolvedType {
  if (type.t === 'deduced') return isObject(value) ? DEDUCED_MAP : Array.isArray(value) ? ATOMIC_LIST : SCALAR;
  if (type.t === 'loose') return isObject(value) ? LOOSE_STRUCT : Array.isArray(value) ? ATOMIC_LIST : SCALAR;
  return type;
}

const ATOMIC_STRUCT = struct({}, { atomic: true, other: () => DEDUCED });
const conditions = (): ListType => listMap(['type'], LOOSE_STRUCT);

export const OBJECT_META_TYPE: StructType = loose({
  labels: mapOf(SCALAR),
  annotations: mapOf(SCALAR),
  finalizers: setOf(),
  ownerReferences: listMap(['uid'], ATOMIC_STRUCT),
  managedFields: ATOMIC_LIST,
});

const CONTAINER = loose({
  ports: listMap(['containerPort', 'protocol'], LOOSE_STRUCT, { protocol: 'TCP' }),
  env: listMap(['name'], LOOSE_STRUCT),
  volumeMounts: listMap(['mountPath'], LOOSE_STRUCT),
  volumeDevices: listMap(['devicePath'], LOOSE_STRUCT),
  resources: loose({ claims: listMap(['name'], LOOSE_STRUCT) }),
});

const POD_SPEC = loose({
  containers: listMap(['name'], CONTAINER),
  initContainers: listMap(['name'], CONTAINER),
  ephemeralContainers: listMap(['name'], CONTAINER),
  volumes: listMap(['name'], LOOSE_STRUCT),
  imagePullSecrets: listMap(['name'], LOOSE_STRUCT),
  hostAliases: listMap(['ip'], LOOSE_STRUCT),
  topologySpreadConstraints: listMap(['topologyKey', 'whenUnsatisfiable'], LOOSE_STRUCT),
  schedulingGates: listMap(['name'], LOOSE_STRUCT),
  resourceClaims: listMap(['name'], LOOSE_STRUCT),
  nodeSelector: mapOf(SCALAR, true),
});
const POD_TEMPLATE = loose({ metadata: OBJECT_META_TYPE, spec: POD_SPEC });
const WORKLOAD_STATUS = loose({ conditions: conditions() });
const workload = (extra: Record<string, TypeNode> = {}): StructType =>
  loose({ template: POD_TEMPLATE, selector: ATOMIC_STRUCT, ...extra });

const BUILTIN_FIELDS: Record<string, Record<string, TypeNode>> = {
  '/Pod': { spec: POD_SPEC, status: loose({ conditions: conditions(), podIPs: listMap(['ip'], LOOSE_STRUCT) }) },
  '/Service': {
    spec: loose({ ports: listMap(['port', 'protocol'], LOOSE_STRUCT, { protocol: 'TCP' }), selector: mapOf(SCALAR, true) }),
    status: loose({ conditions: conditions() }),
  },
  '/Namespace': { status: loose({ conditions: conditions() }) },
  '/ServiceAccount': { secrets: listMap(['name'], LOOSE_STRUCT) },
  '/Node': { spec: loose({ podCIDRs: setOf() }), status: loose({ conditions: conditions(), addresses: listMap(['type'], LOOSE_STRUCT) }) },
  '/ReplicationController': { spec: loose({ template: POD_TEMPLATE, selector: mapOf(SCALAR, true) }), status: WORKLOAD_STATUS },
  'apps/Deployment': { spec: workload(), status: WORKLOAD_STATUS },
  'apps/ReplicaSet': { spec: workload(), status: WORKLOAD_STATUS },
  'apps/StatefulSet': { spec: workload(), status: WORKLOAD_STATUS },
  'apps/DaemonSet': { spec: workload(), status: WORKLOAD_STATUS },
  'batch/Job': { spec: workload() },
  'batch/CronJob': { spec: loose({ jobTemplate: loose({ metadata: OBJECT_META_TYPE, spec: workload() }) }) },
  'rbac.authorization.k8s.io/RoleBinding': { roleRef: ATOMIC_STRUCT },
  'rbac.authorization.k8s.io/ClusterRoleBinding': { roleRef: ATOMIC_STRUCT },
  'networking.k8s.io/NetworkPolicy': { spec: loose({ podSelector: ATOMIC_STRUCT }) },
  'policy/PodDisruptionBudget': { spec: loose({ selector: ATOMIC_STRUCT }), status: loose({ conditions: conditions() }) },
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': { webhooks: listMap(['name'], loose({ matchConditions: listMap(['name'], LOOSE_STRUCT) })) },
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': { webhooks: listMap(['name'], loose({ matchConditions: listMap(['name'], LOOSE_STRUCT) })) },
};

const builtinCache = new Map<string, StructType>();

export function builtinType(group: string, kind: string): StructType {
  const key = `${group}/${kind}`;
  let t = builtinCache.get(key);
  if (!t) {
    t = loose({ apiVersion: SCALAR, kind: SCALAR, metadata: OBJECT_META_TYPE, ...(BUILTIN_FIELDS[key] ?? {}) });
    builtinCache.set(key, t);
  }
  return t;
}

// ---- CRDs ----------------------------------------------------------------------------------------------------

const schemaCache = new WeakMap<JSONSchemaProps, TypeNode>();

function fromSchema(s: JSONSchemaProps | undefined): TypeNode {
  if (!s) return DEDUCED;
  const cached = schemaCache.get(s);
  if (cached) return cached;
  const node = buildFromSchema(s);
  schemaCache.set(s, node);
  return node;
}

function buildFromSchema(s: JSONSchemaProps): TypeNode {
  if (s['x-kubernetes-int-or-string']) return SCALAR;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const type = s.type ?? (s.properties ? 'object' : s.items ? 'array' : undefined);
  if (type === 'array') {
    const listType = s['x-kubernetes-list-type'];
    const items = !Array.isArray(s.items) ? s.items : undefined;
    if (listType === 'map') {
      const keys = s['x-kubernetes-list-map-keys'] ?? [];
      const keyDefaults: Record<string, unknown> = {};
      for (const k of keys) {
        const d = items?.properties?.[k]?.default;
        if (d !== undefined) keyDefaults[k] = d;
      }
      return listMap(keys, fromSchema(items), keyDefaults);
    }
    return { t: 'list', elem: fromSchema(items), listType: listType === 'set' ? 'set' : 'atomic', keys: [], keyDefaults: {} };
  }
  if (type === 'object') {
    const atomic = s['x-kubernetes-map-type'] === 'atomic';
    if (s.properties || s['x-kubernetes-embedded-resource']) {
      const node = struct({}, { atomic, dotOnAdd: true, other: preserve ? () => DEDUCED : undefined });
      schemaCache.set(s, node); // recursive schemas are not structural, but guard anyway
      for (const [k, v] of Object.entries(s.properties ?? {})) node.fields.set(k, fromSchema(v));
      if (s['x-kubernetes-embedded-resource']) {
        if (!node.fields.has('apiVersion')) node.fields.set('apiVersion', SCALAR);
        if (!node.fields.has('kind')) node.fields.set('kind', SCALAR);
        node.fields.set('metadata', OBJECT_META_TYPE);
      }
      return node;
    }
    if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
      const elem = typeof s.additionalProperties === 'object' ? fromSchema(s.additionalProperties) : DEDUCED;
      return mapOf(elem, atomic);
    }
    if (preserve) return DEDUCED;
    return struct({}, { atomic, dotOnAdd: true });
  }
  if (type === undefined && preserve) return DEDUCED;
  return SCALAR;
}

const rootCache = new WeakMap<JSONSchemaProps, StructType>();

/** The apply type of a custom resource: its schema's root plus type meta and ObjectMeta. */
export function crdType(schema: JSONSchemaProps): StructType {
  let t = rootCache.get(schema);
  if (!t) {
    const body = Object.keys(schema).length === 0 ? DEDUCED : fromSchema(schema);
    const fields = new Map<string, TypeNode>(body.t === 'struct' ? body.fields : []);
    fields.set('apiVersion', SCALAR);
    fields.set('kind', SCALAR);
    fields.set('metadata', OBJECT_META_TYPE);
    const other = body.t === 'struct' ? body.other : () => DEDUCED;
    t = { t: 'struct', fields, atomic: false, dotOnAdd: true, other };
    rootCache.set(schema, t);
  }
  return t;
}

/** The type of a struct's field, undefined when the struct does not declare it and allows no others. */
export function fieldType(s: StructType, name: string): TypeNode | undefined {
  return s.fields.get(name) ?? s.other?.(name);
}

/** Nodes owned as a whole: scalars, atomic structs/maps, atomic lists. */
export function isAtomic(t: ResolvedType): boolean {
  if (t.t === 'scalar') return true;
  if (t.t === 'list') return t.listType === 'atomic';
  return t.atomic;
}
