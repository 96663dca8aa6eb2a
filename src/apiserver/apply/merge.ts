// Merging an applied configuration into the live object (A.6) and removing the fields an applier stopped setting
// (A.7 step 6).
import type { FieldSet, PathElement } from './fieldset.ts';
import { renderPath } from './fieldset.ts';
import { fieldType, isAtomic, resolve } from './schema-model.ts';
import type { ListType, ResolvedType, TypeNode } from './schema-model.ts';
import { isObject, itemElement } from './typed.ts';

type Obj = Record<string, unknown>;


function childType(type: ResolvedType, name: string): TypeNode {
  if (type.t === 'map') return type.elem;
  if (type.t === 'struct') return fieldType(type, name) ?? { t: 'deduced' };
  return { t: 'deduced' };
}

/** merge(live, applied): the applied values win, granular nodes merge key-wise, keyed lists by item identity. */
export function mergeApplied(lhs: Obj, rhs: Obj, type: TypeNode): Obj {
  return mergeValue(lhs, rhs, resolve(type, rhs), []) as Obj;
}

function mergeValue(l: unknown, r: unknown, type: ResolvedType, path: PathElement[]): unknown {
  if (r === undefined) return l;
  if (l === undefined || l === null || r === null || isAtomic(type)) return structuredClone(r);
  if (type.t === 'list') {
    if (!Array.isArray(l) || !Array.isArray(r)) return structuredClone(r);
    return mergeList(l, r, type, path);
  }
  if (!isObject(l) || !isObject(r)) return structuredClone(r);
  const out: Obj = { ...l };
  for (const [k, rv] of Object.entries(r)) {
    out[k] = mergeValue(l[k], rv, resolve(childType(type, k), rv), [...path, `f:${k}`]);
  }
  return out;
}

/** Applied items in applied order; live-only items stay near their old neighbours (SMD's merge order). */
function mergeList(l: unknown[], r: unknown[], type: ListType, path: PathElement[]): unknown[] {
  const where = (): string => renderPath(path);
  const L = l.map((item, i) => itemElement(type, item, i, where));
  const R = r.map((item, i) => itemElement(type, item, i, where));
  const lIndex = new Map<string, number>();
  L.forEach((pe, i) => { if (!lIndex.has(pe)) lIndex.set(pe, i); });
  const rSet = new Set(R);
  const shared = R.filter((pe) => lIndex.has(pe));
  let next = shared.shift();
  const done = new Set<string>();
  const out: unknown[] = [];
  const merged = (j: number): unknown => {
    const li = lIndex.get(R[j]);
    const lv = li === undefined ? undefined : l[li];
    if (type.listType === 'set') return structuredClone(r[j]);
    return mergeValue(lv, r[j], resolve(type.elem, r[j]), [...path, R[j]]);
  };
  let i = 0;
  let j = 0;
  while (i < L.length || j < R.length) {
    if (i < L.length && j < R.length && L[i] === R[j]) {
      out.push(merged(j));
      done.add(R[j]);
      i++;
      j++;
      next = shared.shift();
      continue;
    }
    if (i < L.length && j < R.length && rSet.has(L[i]) && next !== undefined && next !== L[i]) {
      i++;
      continue;
    }
    if (i < L.length) {
      if (!rSet.has(L[i])) {
        out.push(l[i]);
        i++;
        continue;
      }
      if (done.has(L[i])) i++;
    }
    if (j < R.length) {
      out.push(merged(j));
      done.add(R[j]);
      if (R[j] === next) next = shared.shift();
      j++;
    }
  }
  return out;
}

/**
 * Removes from `obj` the fields in `toRemove` (nobody owns them any more). A granular node emptied by the removal
 * goes too unless some manager still owns it or something below it.
 */
export function removeFields(obj: Obj, toRemove: FieldSet, owned: FieldSet, type: TypeNode): void {
  removeIn(obj, toRemove, owned, resolve(type, obj), []);
}

function removeIn(value: unknown, toRemove: FieldSet, owned: FieldSet | undefined, type: ResolvedType, path: PathElement[]): unknown {
  if (type.t === 'list') {
    if (!Array.isArray(value)) return value;
    const kept: unknown[] = [];
    value.forEach((item, i) => {
      const pe = itemElement(type, item, i, () => renderPath(path));
      if (toRemove.members.has(pe) && !owned?.children.has(pe)) return;
      const sub = toRemove.children.get(pe);
      kept.push(sub ? removeIn(item, sub, owned?.children.get(pe), resolve(type.elem, item), [...path, pe]) : item);
    });
    return kept;
  }
  if (!isObject(value)) return value;
  for (const pe of toRemove.members) {
    if (!pe.startsWith('f:') || owned?.children.has(pe)) continue;
    delete value[pe.slice(2)];
  }
  for (const [pe, sub] of toRemove.children) {
    if (!pe.startsWith('f:')) continue;
    const k = pe.slice(2);
    if (!(k in value)) continue;
    const v = value[k];
    const ct = resolve(childType(type, k), v);
    const next = removeIn(v, sub, owned?.children.get(pe), ct, [...path, pe]);
    const emptied = (isObject(next) && Object.keys(next).length === 0) || (Array.isArray(next) && next.length === 0);
    if (emptied && !owned?.touches(pe)) delete value[k];
    else value[k] = next;
  }
  return value;
}
