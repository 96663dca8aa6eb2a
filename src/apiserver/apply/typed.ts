// Walking objects with their apply type: the field set of an applied configuration (A.5), the comparison of two
// versions of an object (added / modified / removed, A.9) and list-item identities.
import { FieldSet, goJson, renderPath } from './fieldset.ts';
import type { PathElement } from './fieldset.ts';
import { fieldType, isAtomic, resolve } from './schema-model.ts';
import type { ListType, ResolvedType, TypeNode } from './schema-model.ts';

type Obj = Record<string, unknown>;

export const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A typed-walk failure: SSA reports these as 500 "failed to create typed patch object". */
export class TypedError extends Error {}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a as Obj);
  const bo = b as Obj;
  if (ka.length !== Object.keys(bo).length) return false;
  return ka.every((k) => k in bo && deepEqual((a as Obj)[k], bo[k]));
}

/** The path element of a list item: `k:{…}` for keyed lists, `v:<json>` for sets, `i:<n>` otherwise. */
export function itemElement(list: ListType, item: unknown, index: number, where?: () => string): PathElement {
  if (list.listType === 'set') return `v:${goJson(item)}`;
  if (list.listType !== 'map') return `i:${index}`;
  if (!isObject(item)) {
    if (!where) return `i:${index}`;
    throw new TypedError(`${where()}: element ${index}: expected map, got ${goJson(item)}`);
  }
  const key: Obj = {};
  let found = 0;
  for (const k of [...list.keys].sort()) {
    const v = item[k] ?? list.keyDefaults[k];
    if (v === undefined) continue;
    key[k] = v;
    found++;
  }
  if (found === 0 && list.keys.length > 0) {
    // stored objects are compared leniently: an item without keys is known by its position
    if (!where) return `i:${index}`;
    throw new TypedError(`${where()}: element ${index}: associative list with keys has an element that omits key field "${list.keys[0]}" (and doesn't have default value)`);
  }
  return `k:${goJson(key)}`;
}

function fieldOf(type: ResolvedType, name: string, path: PathElement[]): TypeNode {
  if (type.t === 'map') return type.elem;
  if (type.t !== 'struct') throw new TypedError(`${renderPath(path)}: expected scalar, got map`);
  const t = fieldType(type, name);
  if (!t) throw new TypedError(`${renderPath([...path, `f:${name}`])}: field not declared in schema`);
  return t;
}


/** Field set of an applied configuration (A.5). Throws TypedError for undeclared fields, key problems, duplicates. */
export function appliedFieldSet(obj: Obj, type: TypeNode): FieldSet {
  const out = new FieldSet();
  collectApplied(obj, resolve(type, obj), out, []);
  return out;
}

function collectApplied(value: unknown, type: ResolvedType, out: FieldSet, path: PathElement[]): void {
  if (type.t === 'list') {
    if (!Array.isArray(value)) return;
    const seen = new Set<string>();
    value.forEach((item, i) => {
      const pe = itemElement(type, item, i, () => renderPath(path));
      if (type.listType !== 'atomic' && seen.has(pe)) {
        throw new TypedError(`${renderPath(path)}: duplicate entries for key ${renderPath([pe]).replace(/^\[=?/, '[')}`);
      }
      seen.add(pe);
      out.members.add(pe);
      const et = resolve(type.elem, item);
      if (type.listType === 'map' && !isAtomic(et) && isObject(item)) collectApplied(item, et, out.child(pe), [...path, pe]);
    });
    return;
  }
  if (!isObject(value)) return;
  for (const [k, v] of Object.entries(value)) {
    const pe = `f:${k}`;
    const ct = resolve(fieldOf(type, k, path), v);
    const here = [...path, pe];
    if (v === null || isAtomic(ct)) {
      out.members.add(pe);
      continue;
    }
    if (ct.t === 'list') {
      if ((v as unknown[]).length === 0) out.members.add(pe);
      else collectApplied(v, ct, out.child(pe), here);
      continue;
    }
    if (!isObject(v)) {
      throw new TypedError(`${renderPath(here)}: expected ${ct.t === 'map' || ct.t === 'struct' ? 'map' : 'list'}, got ${goJson(v)}`);
    }
    // map entries are members themselves; a declared struct field is one only when it holds nothing
    if (type.t === 'map' || Object.keys(v).length === 0) out.members.add(pe);
    if (Object.keys(v).length > 0) collectApplied(v, ct, out.child(pe), here);
  }
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** What changed from `oldObj` to `newObj` (undefined = the empty object), as field sets. */
export function compareObjects(oldObj: Obj | undefined, newObj: Obj, type: TypeNode): Comparison {
  const cmp: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareNode(oldObj ?? {}, newObj, resolve(type, newObj), cmp);
  return cmp;
}

type Sets = { added: FieldSet; modified: FieldSet; removed: FieldSet };

function childSets(s: Sets, pe: PathElement): Sets {
  return { added: s.added.child(pe), modified: s.modified.child(pe), removed: s.removed.child(pe) };
}

/** Records a whole subtree as added (or removed): its leaves, and its granular inner nodes. */
function wholeSubtree(value: unknown, type: ResolvedType, out: FieldSet, pe: PathElement): void {
  if (value === null || isAtomic(type)) {
    out.members.add(pe);
    return;
  }
  if (type.t !== 'struct' || type.dotOnAdd) out.members.add(pe);
  if (type.t === 'list') {
    if (!Array.isArray(value)) return;
    const inner = out.child(pe);
    value.forEach((item, i) => {
      const ipe = itemElement(type, item, i);
      wholeSubtree(item, resolve(type.elem, item), inner, ipe);
      inner.members.add(ipe);
    });
    return;
  }
  if (!isObject(value)) {
    out.members.add(pe);
    return;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) {
    out.members.add(pe);
    return;
  }
  const inner = out.child(pe);
  for (const [k, v] of entries) wholeSubtree(v, resolve(safeField(type, k), v), inner, `f:${k}`);
}

/** Field types for comparison: stored objects may carry fields the schema no longer declares, which count as scalars. */
function safeField(type: ResolvedType, name: string): TypeNode {
  if (type.t === 'map') return type.elem;
  if (type.t === 'struct') return fieldType(type, name) ?? { t: 'deduced' };
  return { t: 'deduced' };
}

function compareNode(o: unknown, n: unknown, type: ResolvedType, s: Sets): void {
  if (type.t === 'list') {
    compareList(Array.isArray(o) ? o : [], Array.isArray(n) ? n : [], type, s);
    return;
  }
  const oo = isObject(o) ? o : {};
  const nn = isObject(n) ? n : {};
  for (const [k, nv] of Object.entries(nn)) {
    const pe = `f:${k}`;
    const ct = resolve(safeField(type, k), nv);
    if (!(k in oo)) {
      wholeSubtree(nv, ct, s.added, pe);
      continue;
    }
    compareValue(oo[k], nv, ct, s, pe);
  }
  for (const k in oo) {
    if (k in nn) continue;
    const ov = oo[k];
    wholeSubtree(ov, resolve(safeField(type, k), ov), s.removed, `f:${k}`);
  }
}

function compareValue(ov: unknown, nv: unknown, ct: ResolvedType, s: Sets, pe: PathElement): void {
  if (ov === nv) return;
  const granular = !isAtomic(ct) && nv !== null && ov !== null && typeof nv === 'object' && typeof ov === 'object'
    && Array.isArray(nv) === Array.isArray(ov) && Array.isArray(nv) === (ct.t === 'list');
  if (!granular) {
    if (!deepEqual(ov, nv)) s.modified.members.add(pe);
    return;
  }
  const inner = childSets(s, pe);
  compareNode(ov, nv, ct, inner);
  // children created for nothing would read as owning the node
  for (const set of [s.added, s.modified, s.removed]) if (set.children.get(pe)?.isEmpty()) set.children.delete(pe);
}

function compareList(o: unknown[], n: unknown[], type: ListType, s: Sets): void {
  const index = (items: unknown[]): Map<string, unknown> => {
    const m = new Map<string, unknown>();
    items.forEach((item, i) => {
      const pe = itemElement(type, item, i);
      if (!m.has(pe)) m.set(pe, item);
    });
    return m;
  };
  const om = index(o);
  const nm = index(n);
  for (const [pe, nv] of nm) {
    const et = resolve(type.elem, nv);
    if (!om.has(pe)) {
      wholeSubtree(nv, et, s.added, pe);
      s.added.members.add(pe);
      continue;
    }
    if (type.listType === 'set') continue;
    compareValue(om.get(pe), nv, et, s, pe);
  }
  for (const [pe, ov] of om) {
    if (nm.has(pe)) continue;
    wholeSubtree(ov, resolve(type.elem, ov), s.removed, pe);
    s.removed.members.add(pe);
  }
}
