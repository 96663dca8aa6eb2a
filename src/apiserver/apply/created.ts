// The FieldsV1 of a freshly created object, written straight from the object: every field is the creator's, so
// the trie and its set algebra can be skipped on the hot create path (same result as recordUpdate for a create).
import { comparePathElements } from './fieldset.ts';
import type { PathElement } from './fieldset.ts';
import { fieldType, isAtomic, resolve } from './schema-model.ts';
import type { ResolvedType, StructType, TypeNode } from './schema-model.ts';
import { isObject, itemElement } from './typed.ts';

type Obj = Record<string, unknown>;

const STRIPPED_META = new Set(['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion']);

function fieldOf(type: ResolvedType, name: string): TypeNode {
  if (type.t === 'map') return type.elem;
  if (type.t === 'struct') return fieldType(type, name) ?? { t: 'deduced' };
  return { t: 'deduced' };
}

/** The encoded value of one added node: `{}` for a leaf, its children (with "." when it is a member itself). */
function encodeNode(value: unknown, type: ResolvedType, member: boolean): Obj {
  if (value === null || isAtomic(type)) return {};
  const entries: [PathElement, Obj][] = [];
  if (type.t === 'list') {
    if (!Array.isArray(value)) return {};
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const pe = itemElement(type, item, i);
      if (seen.has(pe)) return;
      seen.add(pe);
      entries.push([pe, encodeNode(item, resolve(type.elem, item), true)]);
    });
    if (entries.length > 1) entries.sort((a, b) => comparePathElements(a[0], b[0]));
  } else {
    if (!isObject(value)) return {};
    const keys = Object.keys(value);
    if (keys.length > 1) keys.sort();
    for (const k of keys) {
      const v = value[k];
      const ct = resolve(fieldOf(type, k), v);
      entries.push([`f:${k}`, encodeNode(v, ct, ct.t !== 'struct' || ct.dotOnAdd)]);
    }
  }
  if (entries.length === 0) return {};
  const out: Obj = member ? { '.': {} } : {};
  for (const [pe, v] of entries) out[pe] = v;
  return out;
}

/** FieldsV1 of a create by one manager; undefined when nothing is tracked. */
export function createdFields(obj: Obj, type: StructType, resetStatus: boolean, subresource: string | undefined): Obj | undefined {
  const reset = subresource === 'status' ? 'spec' : resetStatus ? 'status' : undefined;
  const keys = Object.keys(obj).filter((k) => k !== 'apiVersion' && k !== 'kind' && k !== reset).sort();
  const out: Obj = {};
  for (const k of keys) {
    const v = obj[k];
    if (k === 'metadata' && isObject(v)) {
      const meta: Obj = {};
      for (const mk of Object.keys(v).filter((x) => !STRIPPED_META.has(x)).sort()) {
        const ct = resolve(fieldOf(resolve(fieldOf(type, 'metadata'), v), mk), v[mk]);
        meta[`f:${mk}`] = encodeNode(v[mk], ct, ct.t !== 'struct' || ct.dotOnAdd);
      }
      if (Object.keys(meta).length > 0) out['f:metadata'] = meta;
      continue;
    }
    const ct = resolve(fieldOf(type, k), v);
    out[`f:${k}`] = encodeNode(v, ct, ct.t !== 'struct' || ct.dotOnAdd);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
