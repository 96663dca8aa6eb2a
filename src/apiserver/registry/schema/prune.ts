// Pruning (C.6): drops every field the schema does not specify, unless preserved, and records its path; also drops
// `null` where the schema neither allows it nor has a default to replace it with.
import { compile, type Node } from './compile.ts';
import type { JSONSchemaProps } from './types.ts';

type Obj = Record<string, unknown>;

/** Fields of ObjectMeta; anything else under an embedded resource's metadata is pruned. */
const OBJECT_META_FIELDS = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);
const TYPE_META = new Set(['apiVersion', 'kind', 'metadata']);

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const at = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/**
 * Coerces an embedded resource's metadata the way kube round-trips it through ObjectMeta: unknown fields are pruned
 * and an unset creationTimestamp comes back as `null` (what `kubectl get manifestwork -o yaml` shows upstream).
 */
function pruneMeta(meta: unknown, path: string, unknown: string[]): void {
  if (!isObj(meta)) return;
  unknown.push(...pruneObjectMetaFields(meta, path));
  if (!('creationTimestamp' in meta)) meta.creationTimestamp = null;
}

/** Removes the fields ObjectMeta does not have from `meta` (in place); returns their paths (`metadata.foo`). */
export function pruneObjectMetaFields(meta: Record<string, unknown>, path = 'metadata'): string[] {
  const removed: string[] = [];
  for (const k of Object.keys(meta)) {
    if (!OBJECT_META_FIELDS.has(k)) {
      delete meta[k];
      removed.push(at(path, k));
    }
  }
  return removed;
}

function walk(value: unknown, n: Node, path: string, unknown: string[], isRoot: boolean): void {
  if (isObj(value)) {
    const keepTypeMeta = isRoot || n.embedded;
    for (const k of Object.keys(value)) {
      const v = value[k];
      const childPath = at(path, k);
      if (keepTypeMeta && TYPE_META.has(k)) {
        if (k === 'metadata' && n.embedded && !isRoot) pruneMeta(v, childPath, unknown);
        continue;
      }
      const c = n.properties?.get(k) ?? n.additional;
      if (c) {
        if (v === null && !c.nullable && !c.hasDefault) {
          delete value[k];
          continue;
        }
        walk(v, c, childPath, unknown, false);
      } else if (!n.additionalAny && !n.preserveUnknown) {
        delete value[k];
        unknown.push(childPath);
      }
    }
  } else if (Array.isArray(value) && n.items) {
    const items = n.items;
    value.forEach((item, i) => walk(item, items, `${path}[${i}]`, unknown, false));
  }
}

/**
 * Prunes `obj` in place (and returns it) with the paths of the removed fields, sorted. At the root and in embedded
 * resources apiVersion, kind and metadata are kept; an embedded resource's unknown metadata fields are pruned.
 */
export function prune(obj: unknown, schema: JSONSchemaProps): { value: unknown; unknownFields: string[] } {
  const unknownFields: string[] = [];
  walk(obj, compile(schema), '', unknownFields, true);
  unknownFields.sort();
  return { value: obj, unknownFields };
}
